import { containsFullName, fullNameParts } from './contains-full-name.js';
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

/**
 * True when the password contains the username or e-mail local part (ignoring case), or the person's
 * full name: the display name's words, or those of a local part like "adele.vance", joined by any
 * separator or none (see containsFullName).
 */
export function containsUsername(password: string, context: PasswordContext): boolean {
  const lower = password.toLowerCase();
  if (usernameCandidates(context).some((candidate) => lower.includes(candidate))) return true;
  const names = [
    context.displayName,
    context.username && localPart(context.username),
    context.email && localPart(context.email),
  ];
  return names.some((name) => containsFullName(password, fullNameParts(name || undefined)));
}
