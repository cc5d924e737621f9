import { describe, expect, it } from 'vitest';
import { hasDisablePasswordExpiration, withDisablePasswordExpiration } from './password-policies-value.js';

describe('withDisablePasswordExpiration()', () => {
  it.each([
    [null, 'DisablePasswordExpiration'],
    ['', 'DisablePasswordExpiration'],
    ['None', 'DisablePasswordExpiration'],
    ['DisableStrongPassword', 'DisablePasswordExpiration, DisableStrongPassword'],
    [' DisableStrongPassword ,None', 'DisablePasswordExpiration, DisableStrongPassword'],
  ])('adds it to %j, keeping the other values: %j', (value, expected) => {
    expect(withDisablePasswordExpiration(value)).toBe(expected);
  });

  it.each([
    'DisablePasswordExpiration',
    'DisableStrongPassword, DisablePasswordExpiration',
    'disablepasswordexpiration',
  ])('changes nothing when %j already holds it', (value) => {
    expect(withDisablePasswordExpiration(value)).toBeNull();
    expect(hasDisablePasswordExpiration(value)).toBe(true);
  });

  it('does not take a longer value that merely starts with the name', () => {
    expect(hasDisablePasswordExpiration('DisablePasswordExpirationLater')).toBe(false);
  });
});
