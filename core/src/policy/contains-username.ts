import type { PasswordContext } from './types.js';

// Shorter fragments ("al", "jo") would turn up in unrelated passwords.
const MIN_NAME_LENGTH = 3;

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

/** The username, its part before @ when it is a UPN, and the e-mail's local part, lower-cased. */
export function usernameCandidates(context: PasswordContext): string[] {
  const candidates = new Set<string>();
  for (const value of [
    context.username,
    context.username && localPart(context.username),
    context.email && localPart(context.email),
  ]) {
    const trimmed = value?.trim().toLowerCase();
    if (trimmed && trimmed.length >= MIN_NAME_LENGTH) candidates.add(trimmed);
  }
  return [...candidates];
}

/** True when the password contains the username or e-mail local part, ignoring case. */
export function containsUsername(password: string, context: PasswordContext): boolean {
  const lower = password.toLowerCase();
  return usernameCandidates(context).some((candidate) => lower.includes(candidate));
}
