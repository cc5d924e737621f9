import { describe, expect, it } from 'vitest';
import {
  ENTRA_ALLOWED_SYMBOLS,
  ENTRA_LEGACY_MAX_PASSWORD_LENGTH,
  ENTRA_MAX_PASSWORD_LENGTH,
  ENTRA_MIN_PASSWORD_LENGTH,
  entraCharacterKind,
} from './entra-rules.js';

describe('entra-rules', () => {
  it('states Microsoft’s lengths', () => {
    expect([ENTRA_MIN_PASSWORD_LENGTH, ENTRA_MAX_PASSWORD_LENGTH, ENTRA_LEGACY_MAX_PASSWORD_LENGTH]).toEqual([
      8, 256, 16,
    ]);
  });

  it('allows exactly the 32 symbols from Microsoft’s page plus the space', () => {
    expect([...ENTRA_ALLOWED_SYMBOLS].sort()).toEqual([...'@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> '].sort());
    expect(new Set(ENTRA_ALLOWED_SYMBOLS).size).toBe(33);
  });
});

describe('entraCharacterKind()', () => {
  it.each([
    ['a', 'lowercase'],
    ['Z', 'uppercase'],
    ['7', 'number'],
    [' ', 'symbol'],
    ['\\', 'symbol'],
    ['é', null],
    ['\t', null],
    ['😀', null],
    ['ab', null],
  ])('classifies %j as %s', (char, kind) => {
    expect(entraCharacterKind(char)).toBe(kind);
  });
});
