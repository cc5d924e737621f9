import { entraCharacterKind } from '../m365/entra-rules.js';

/** What a password is made of, gathered in one pass over its code points. */
export interface CharacterProfile {
  /** Length in code points (an emoji counts once, as a person would count it). */
  length: number;
  lowercase: boolean;
  uppercase: boolean;
  number: boolean;
  special: boolean;
  invalid: boolean;
}

// Outside Entra's rules Passgate still refuses control characters and broken UTF-16: they are
// invisible, cannot be typed reliably and break storage or transport.
const CONTROL_OR_LONE_SURROGATE = /^[\p{Cc}\p{Cs}]$/u;
const LOWER = /^\p{Ll}$/u;
const UPPER = /^\p{Lu}$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{M}]$/u;
const NUMBER = /^\p{Nd}$/u;

function classifyLoosely(char: string, profile: CharacterProfile): void {
  if (CONTROL_OR_LONE_SURROGATE.test(char)) profile.invalid = true;
  else if (LOWER.test(char)) profile.lowercase = true;
  else if (UPPER.test(char)) profile.uppercase = true;
  else if (NUMBER.test(char)) profile.number = true;
  else if (!LETTER_OR_NUMBER.test(char)) profile.special = true;
}

/**
 * Classifies every character. With `entraAlphabet`, only Entra's allowed characters count and
 * anything else is invalid; without it, Unicode letters and symbols are fine.
 */
export function characterProfile(password: string, entraAlphabet: boolean): CharacterProfile {
  const profile: CharacterProfile = {
    length: 0,
    lowercase: false,
    uppercase: false,
    number: false,
    special: false,
    invalid: false,
  };
  for (const char of password) {
    profile.length += 1;
    const kind = entraCharacterKind(char);
    if (kind === 'lowercase') profile.lowercase = true;
    else if (kind === 'uppercase') profile.uppercase = true;
    else if (kind === 'number') profile.number = true;
    else if (kind === 'symbol') profile.special = true;
    else if (entraAlphabet) profile.invalid = true;
    else classifyLoosely(char, profile);
  }
  return profile;
}
