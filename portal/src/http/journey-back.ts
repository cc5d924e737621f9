import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { createSealer } from '../crypto/sealer.js';
import { microsoftReturnAddress } from './microsoft-return.js';

/** The journeys that take several pages from where `from` arrives to the one that ends them. */
export type CarriedJourney = 'reset' | 'expired';

const carriedSchema = z.strictObject({
  /** A Microsoft landing page, path only (microsoft-return.ts): never the `from` address itself. */
  back: z.url({ protocol: /^https$/ }).max(2048),
  until: z.number().int(),
});

/**
 * "Back to where you were" for a journey of several steps (/reset: address, proof, new password; /signin
 * for an expired password: sign-in, new password). Where the person came from arrives on the first page,
 * the link is shown on the last: in between it rides in a sealed, HttpOnly, SameSite=Strict cookie, so no
 * later URL carries it (no query a proxy, a log or the Referer could read) and nobody can put another
 * address there. Only the Microsoft landing page microsoftReturnAddress() makes of `from` is kept.
 */
export interface JourneyBack {
  /** At the journey's start: keeps where it leads back to, or forgets an earlier journey's. */
  keep(c: Context, journey: CarriedJourney, from: string | null): void;
  /** At its end: the address kept for this journey in this browser, or null; it is forgotten either way. */
  take(c: Context, journey: CarriedJourney): string | null;
}

/** Longer than a reset takes (its flow and an expired sign-in's session last less); gone by the next person. */
const KEPT_FOR_MS = 60 * 60_000;

export function createJourneyBack(options: {
  secretKey: Buffer;
  publicUrl: string;
  /** The app's clock (epoch ms; tests move it): a kept way back ages by it, as the app's other limits do. */
  now: () => number;
}): JourneyBack {
  const { now } = options;
  const sealer = createSealer(options.secretKey, 'journey-back');
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const name = (journey: CarriedJourney): string => `${secure ? '__Host-' : ''}pg_back_${journey}`;
  const base = { path: '/', httpOnly: true, sameSite: 'Strict', secure } as const;

  return {
    keep(c, journey, from) {
      const back = microsoftReturnAddress(from);
      if (back === null) {
        // A journey begun without a way back must not show the one an earlier journey had.
        if (getCookie(c, name(journey)) !== undefined) deleteCookie(c, name(journey), base);
        return;
      }
      const carried = JSON.stringify({ back, until: now() + KEPT_FOR_MS });
      setCookie(c, name(journey), sealer.seal(carried, name(journey)).toString('base64url'), base);
    },
    take(c, journey) {
      const value = getCookie(c, name(journey));
      if (value === undefined) return null;
      deleteCookie(c, name(journey), base);
      if (value.length > 4000 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
      try {
        const carried = carriedSchema.parse(
          JSON.parse(sealer.open(Buffer.from(value, 'base64url'), name(journey))),
        );
        return carried.until > now() ? carried.back : null;
      } catch {
        // Another key's, altered or of an older shape: no way back rather than a wrong one.
        return null;
      }
    },
  };
}
