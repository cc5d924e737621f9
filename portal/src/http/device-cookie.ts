import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { normaliseEmail } from '../accounts/tenant-for-email.js';

/**
 * "Device cookies" (OWASP, "Slow down online guessing attacks with device cookies"): a browser in which
 * someone proved an account's password gets a signed entry for that account. Later password checks
 * from that browser count against the device's own lockout and rate limit, not the account's, so a
 * guesser elsewhere who locks the account cannot lock its owner out of their own browser — while the
 * guesser, holding no such entry, stays locked. A stolen entry buys only its own (same) attempt limit.
 *
 * The cookie holds up to five accounts (shared computers): `id.mac` entries joined by `~`, where
 * mac = HMAC(key, email, epoch, id) so an entry is worth nothing for any other address, cannot be
 * forged, and stops counting once another password is accepted for the account (`epoch` is its
 * credential version): whoever made entries with an old password gets no standing from them.
 */
export interface DeviceCookie {
  /** The device id this browser holds for `email` (as typed: it is normalised here) at `epoch`, or undefined. */
  deviceFor(c: Context, email: string, epoch: number): string | undefined;
  /** Remembers this browser for `email` at `epoch` (after the password was proven). */
  remember(c: Context, email: string, epoch: number): void;
}

const MAX_ACCOUNTS = 5;
const MAX_AGE_SECONDS = 180 * 86_400;
const ENTRY = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

export function deviceCookie(options: { secretKey: Buffer; publicUrl: string }): DeviceCookie {
  const key = Buffer.from(hkdfSync('sha256', options.secretKey, Buffer.alloc(0), 'passgate device v1', 32));
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const name = secure ? '__Host-passgate-device' : 'passgate-device';

  const mac = (email: string, epoch: number, id: string): Buffer =>
    createHmac('sha256', key)
      .update(`${normaliseEmail(email)}\n${epoch}\n${id}`)
      .digest()
      .subarray(0, 16);

  function entries(c: Context): { id: string; mac: Buffer }[] {
    const value = getCookie(c, name) ?? '';
    if (value.length > 400) return [];
    return value.split('~').flatMap((entry) => {
      const match = ENTRY.exec(entry);
      return match?.[1] && match[2] ? [{ id: match[1], mac: Buffer.from(match[2], 'base64url') }] : [];
    });
  }

  function deviceFor(c: Context, email: string, epoch: number): string | undefined {
    return entries(c).find((entry) => {
      const expected = mac(email, epoch, entry.id);
      return entry.mac.length === expected.length && timingSafeEqual(entry.mac, expected);
    })?.id;
  }

  return {
    deviceFor,
    remember(c, email, epoch) {
      if (deviceFor(c, email, epoch) !== undefined) return;
      const id = randomBytes(16).toString('base64url');
      const fresh = `${id}.${mac(email, epoch, id).toString('base64url')}`;
      const kept = entries(c)
        .slice(0, MAX_ACCOUNTS - 1)
        .map((entry) => `${entry.id}.${entry.mac.toString('base64url')}`);
      setCookie(c, name, [fresh, ...kept].join('~'), {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure,
        maxAge: MAX_AGE_SECONDS,
      });
    },
  };
}
