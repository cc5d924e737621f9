import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/portal-config.js';
import {
  CODES_CEILING,
  ceilingNoticeWindow,
  clearedBySuccess,
  guessLocks,
  STANDING_CODES_CEILING,
  sendWindows,
  TOTP_CEILING,
  TOTP_CLIENT_DAY,
  TOTP_LOCKOUT,
  TOTP_STANDING_CEILING,
} from './reset-limits.js';

const ann = 'ann@contoso.example';
const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('guessLocks()', () => {
  // A guesser at one address fills only its own locks; the ceiling bounds everyone without standing.
  it('counts a stranger per client address (IPv6 by /64), then on the ceiling for the address typed', () => {
    expect(
      guessLocks('totp', { email: ann, device: undefined, provenInFlow: false, clientIp: '2001:db8:1:2::9' }),
    ).toEqual([
      { key: `reset-lock:${ann}#2001:db8:1:2::/64`, rule: TOTP_LOCKOUT },
      { key: `reset-24h:client:${ann}#2001:db8:1:2::/64`, rule: TOTP_CLIENT_DAY },
      { key: `reset-24h:all:${ann}`, rule: TOTP_CEILING, notice: 'totp' },
    ]);
  });

  // A mailed code is one in a million a try: a stranger starting flow after flow guessed 2,400 a day.
  it('counts wrong mailed codes on the same locks and ceilings, keyed apart from the authenticator’s', () => {
    for (const standing of [
      { device: undefined, provenInFlow: false },
      { device: 'd1', provenInFlow: false },
      { device: undefined, provenInFlow: true },
    ]) {
      const app = guessLocks('totp', { email: ann, clientIp: '192.0.2.1', ...standing });
      const mailed = guessLocks('personal_email', { email: ann, clientIp: '192.0.2.1', ...standing });
      expect(mailed.map((lock) => lock.rule)).toEqual(app.map((lock) => lock.rule));
      // Resting one kind never rests the other: the person can still use their other methods.
      for (const lock of mailed) expect(app.map((other) => other.key)).not.toContain(lock.key);
    }
    expect(
      guessLocks('personal_email', {
        email: ann,
        device: undefined,
        provenInFlow: false,
        clientIp: '192.0.2.1',
      }),
    ).toEqual([
      { key: `reset-mailed-lock:${ann}#192.0.2.1`, rule: TOTP_LOCKOUT },
      { key: `reset-24h:mailed-client:${ann}#192.0.2.1`, rule: TOTP_CLIENT_DAY },
      // Its own notice: neither the app's words nor those of codes asked for are true of this ceiling.
      { key: `reset-24h:mailed-all:${ann}`, rule: TOTP_CEILING, notice: 'mailed_guessing' },
    ]);
  });

  // Each password sign-in from a fresh browser hands out a new device id: one day ceiling for them all.
  it('counts a known browser against its own lock, then one day ceiling for all the address’s devices', () => {
    expect(
      guessLocks('totp', { email: ann, device: 'd1', provenInFlow: false, clientIp: '192.0.2.1' }),
    ).toEqual([
      { key: `reset-device-lock:${ann}#d1`, rule: TOTP_LOCKOUT },
      { key: `reset-24h:devices:${ann}`, rule: TOTP_STANDING_CEILING },
    ]);
    expect(
      guessLocks('totp', { email: ann, device: 'd2', provenInFlow: false, clientIp: '192.0.2.9' })[1]?.key,
    ).toBe(`reset-24h:devices:${ann}`);
  });

  // Someone holding one factor (a mailbox) must not guess the authenticator without limit by starting
  // flow after flow; strangers who proved nothing cannot fill this lock, so they cannot block the owner.
  it('still counts a flow that proved one method, against a lock and a day ceiling only such flows fill', () => {
    expect(
      guessLocks('totp', { email: ann, device: 'd1', provenInFlow: true, clientIp: '192.0.2.1' }),
    ).toEqual([
      { key: `reset-proven-lock:${ann}`, rule: TOTP_LOCKOUT },
      { key: `reset-24h:proven:${ann}`, rule: TOTP_STANDING_CEILING },
    ]);
  });

  // The standing ceilings hold whoever has one factor, or the password, to the strangers' daily bound.
  it('holds every standing to 100 wrong codes a day, which no right code clears', () => {
    for (const standing of [
      { device: undefined, provenInFlow: false },
      { device: 'd1', provenInFlow: false },
      { device: undefined, provenInFlow: true },
    ]) {
      const locks = guessLocks('totp', { email: ann, clientIp: '192.0.2.1', ...standing });
      const ceiling = locks.at(-1);
      expect(ceiling?.key.startsWith('reset-24h:')).toBe(true);
      expect(ceiling?.rule).toMatchObject({ maxAttempts: 100, durationSeconds: 86_400 });
      expect(ceiling === undefined ? true : clearedBySuccess(ceiling)).toBe(false);
      // The short lock comes first, and a right code clears it: a person who mistyped starts afresh.
      expect(locks[0]?.rule).toBe(TOTP_LOCKOUT);
      expect(locks[0] === undefined ? false : clearedBySuccess(locks[0])).toBe(true);
    }
  });

  it('tells the person of the strangers’ ceiling at most once a day, on a key the pruner keeps that long', () => {
    expect(ceilingNoticeWindow('totp', ann)).toEqual({
      key: `reset-24h:notice:${ann}`,
      window: { max: 1, windowSeconds: 86_400 },
    });
  });

  // One's notice must not silence the other's: each says what rests and what still works.
  it('gives the ceiling on codes mailed a daily notice slot of its own', () => {
    expect(ceilingNoticeWindow('mailed_codes', ann)).toEqual({
      key: `reset-24h:code-notice:${ann}`,
      window: { max: 1, windowSeconds: 86_400 },
    });
  });

  // Told of the app resting, a person is told to prove with a mailed code first: they must still hear
  // when mailed codes rest too, the same day.
  it('gives the ceiling on wrong mailed codes a daily notice slot of its own', () => {
    expect(ceilingNoticeWindow('mailed_guessing', ann)).toEqual({
      key: `reset-24h:mailed-notice:${ann}`,
      window: { max: 1, windowSeconds: 86_400 },
    });
    const slots = (['totp', 'mailed_codes', 'mailed_guessing', 'device_codes'] as const).map(
      (ceiling) => ceilingNoticeWindow(ceiling, ann).key,
    );
    expect(new Set(slots).size).toBe(4);
  });

  // Told to change the password, a person must still hear of the strangers' ceilings the same day, and
  // the reverse; a day, not the devices' hour: whoever holds the password could refill that every hour.
  it('gives the devices’ ceiling on codes mailed a daily notice slot of its own', () => {
    expect(ceilingNoticeWindow('device_codes', ann)).toEqual({
      key: `reset-24h:device-code-notice:${ann}`,
      window: { max: 1, windowSeconds: 86_400 },
    });
  });

  // The guess budget the ceiling allows: at most 100 wrong codes a day, three valid codes in 10^6 each.
  it('keeps one client address below the ceiling, and the daily guess budget under 1 in 3,000', () => {
    expect(TOTP_CLIENT_DAY.maxAttempts * 4).toBeLessThan(TOTP_CEILING.maxAttempts);
    expect((TOTP_CEILING.maxAttempts * 3) / 1_000_000).toBeLessThanOrEqual(1 / 3_000);
  });
});

describe('sendWindows()', () => {
  const config = parseConfig({ publicUrl: 'https://passwords.contoso.example', secretKey: KEY }, {});

  // Each password sign-in from a fresh browser hands out a new device id: a device's own 5 in 15 minutes
  // bounded nothing for the address, so whoever held the password could have codes mailed without end.
  it('counts a browser with a device cookie on its own window, then one hourly ceiling for all the address’s devices', () => {
    const windows = sendWindows(config, { email: ann, device: 'd1', clientIp: '192.0.2.1' });
    expect(windows.map((limit) => [limit.key, limit.window])).toEqual([
      ['reset-code-addr:192.0.2.1', config.rateLimits.resetPerAddress],
      [`reset-code-device:${ann}#d1`, { max: 5, windowSeconds: 900 }],
      [`reset-24h:code-devices:${ann}`, STANDING_CODES_CEILING],
    ]);
    expect(sendWindows(config, { email: ann, device: 'd2', clientIp: '198.51.100.9' })[2]?.key).toBe(
      `reset-24h:code-devices:${ann}`,
    );
  });

  // Strangers (no device cookie) never count on the devices' ceiling, nor devices on the strangers': the
  // one cannot starve the other. The owner at one client address never reaches the devices' ceiling.
  it('keeps the devices’ hourly ceiling apart from the strangers’, and above what one client address may ask', () => {
    const stranger = sendWindows(config, { email: ann, device: undefined, clientIp: '192.0.2.1' });
    const device = sendWindows(config, { email: ann, device: 'd1', clientIp: '192.0.2.1' });
    const strangerKeys = stranger.slice(1).map((limit) => limit.key);
    for (const limit of device.slice(1)) expect(strangerKeys).not.toContain(limit.key);
    expect(stranger.at(-1)?.window).toBe(CODES_CEILING);
    expect(STANDING_CODES_CEILING.max).toBeGreaterThan(CODES_CEILING.max);
    expect(STANDING_CODES_CEILING.max).toBeGreaterThan(config.rateLimits.resetPerAddress.max);
    expect(STANDING_CODES_CEILING.windowSeconds).toBe(3_600);
  });
});
