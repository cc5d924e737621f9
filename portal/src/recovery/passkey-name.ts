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

/** How a default name is worded: the page passes its reader's language ("Passkey 2", "Clé d'accès 2"). */
export type PasskeyNameWording = (number: number) => string;

/**
 * The name of a passkey added without one: "Passkey 2" for the person's second, worded by `wording`
 * (the language of the page it was added on; stored, so it stays as the person first saw it).
 */
export function defaultPasskeyName(
  existing: number,
  wording: PasskeyNameWording = (number) => `Passkey ${number}`,
): string {
  return wording(existing + 1);
}
