import { describe, expect, it } from 'vitest';
import { strengthHint } from './strength-hint.js';

describe('strengthHint()', () => {
  it('asks for input when the password is empty', () => {
    expect(strengthHint('').level).toBe('empty');
  });

  it('calls a short password weak', () => {
    expect(strengthHint('Tr0ub4dor&3').level).toBe('weak');
  });

  it('grows stronger with length', () => {
    expect(strengthHint('correct-horse-b').level).toBe('fair');
    expect(strengthHint('correct horse battery').level).toBe('strong');
  });

  it('does not reward repeating one character', () => {
    expect(strengthHint('a'.repeat(40)).level).toBe('weak');
  });

  it('never says good or strong while a requirement fails', () => {
    expect(strengthHint('correct horse battery', 1)).toEqual({ level: 'fair', key: 'strength.fair' });
    expect(strengthHint('correct horse b', 2).level).toBe('fair');
    expect(strengthHint('short', 3).level).toBe('weak');
    expect(strengthHint('correct horse battery', 0).level).toBe('strong');
  });
});
