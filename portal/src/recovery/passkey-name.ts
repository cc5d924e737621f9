/** The longest name a passkey may have: enough for "Work laptop (Windows Hello)", short enough for a list. */
export const PASSKEY_NAME_MAX = 60;

/**
 * A passkey's name as the person typed it, tidied: control characters out, runs of white space as one
 * space, trimmed. Null when nothing is left, or when it is longer than PASSKEY_NAME_MAX.
 */
export function tidyPasskeyName(typed: string): string | null {
  const name = typed
    .replaceAll(/\p{Cc}/gu, ' ')
    .replaceAll(/\s+/g, ' ')
    .trim();
  return name.length === 0 || name.length > PASSKEY_NAME_MAX ? null : name;
}

/** The name of a passkey added without one: "Passkey 2" for the person's second. */
export function defaultPasskeyName(existing: number): string {
  return `Passkey ${existing + 1}`;
}
