import { describe, expect, it } from 'vitest';
import { totpLockKey } from './reset-limits.js';

describe('totpLockKey()', () => {
  it('counts a stranger against the address, and a known browser against its own lock', () => {
    expect(totpLockKey({ email: 'ann@contoso.example', device: undefined, provenInFlow: false })).toBe(
      'reset-lock:ann@contoso.example',
    );
    expect(totpLockKey({ email: 'ann@contoso.example', device: 'd1', provenInFlow: false })).toBe(
      'reset-device-lock:ann@contoso.example#d1',
    );
  });

  // Someone holding one factor (a mailbox) must not guess the authenticator without limit by starting
  // flow after flow; strangers who proved nothing cannot fill this lock, so they cannot block the owner.
  it('still counts a flow that proved one method, against a lock only such flows fill', () => {
    expect(totpLockKey({ email: 'ann@contoso.example', device: 'd1', provenInFlow: true })).toBe(
      'reset-proven-lock:ann@contoso.example',
    );
  });
});
