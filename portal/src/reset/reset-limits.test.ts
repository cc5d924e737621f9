import { describe, expect, it } from 'vitest';
import { TOTP_CEILING, TOTP_CLIENT_DAY, TOTP_LOCKOUT, totpLocks } from './reset-limits.js';

const ann = 'ann@contoso.example';

describe('totpLocks()', () => {
  // A guesser at one address fills only its own locks; the ceiling bounds everyone without standing.
  it('counts a stranger per client address (IPv6 by /64), then on the ceiling for the address typed', () => {
    expect(
      totpLocks({ email: ann, device: undefined, provenInFlow: false, clientIp: '2001:db8:1:2::9' }),
    ).toEqual([
      { key: `reset-lock:${ann}#2001:db8:1:2::/64`, rule: TOTP_LOCKOUT },
      { key: `reset-24h:client:${ann}#2001:db8:1:2::/64`, rule: TOTP_CLIENT_DAY },
      { key: `reset-24h:all:${ann}`, rule: TOTP_CEILING },
    ]);
  });

  it('counts a known browser against its own lock only', () => {
    expect(totpLocks({ email: ann, device: 'd1', provenInFlow: false, clientIp: '192.0.2.1' })).toEqual([
      { key: `reset-device-lock:${ann}#d1`, rule: TOTP_LOCKOUT },
    ]);
  });

  // Someone holding one factor (a mailbox) must not guess the authenticator without limit by starting
  // flow after flow; strangers who proved nothing cannot fill this lock, so they cannot block the owner.
  it('still counts a flow that proved one method, against a lock only such flows fill', () => {
    expect(totpLocks({ email: ann, device: 'd1', provenInFlow: true, clientIp: '192.0.2.1' })).toEqual([
      { key: `reset-proven-lock:${ann}`, rule: TOTP_LOCKOUT },
    ]);
  });

  // The guess budget the ceiling allows: at most 100 wrong codes a day, three valid codes in 10^6 each.
  it('keeps one client address below the ceiling, and the daily guess budget under 1 in 3,000', () => {
    expect(TOTP_CLIENT_DAY.maxAttempts * 4).toBeLessThan(TOTP_CEILING.maxAttempts);
    expect((TOTP_CEILING.maxAttempts * 3) / 1_000_000).toBeLessThanOrEqual(1 / 3_000);
  });
});
