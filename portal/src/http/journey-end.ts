import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { createSealer } from '../crypto/sealer.js';
import { createJourneyBack, type JourneyBack } from './journey-back.js';
import { microsoftSignInUrl, type SignInTenants } from './microsoft-sign-in-url.js';

/** The forms with a success outcome, each with the GET page that shows it (post/redirect/get). */
export const JOURNEY_DONE_PATHS = {
  change: '/change/done',
  expired: '/signin/done',
  activation: '/activate/done',
  reset: '/reset/done',
} as const;

export type Journey = keyof typeof JOURNEY_DONE_PATHS;

/** Security info's ask after the password, as the outcome page needs it (never the session itself). */
const promptSchema = z.union([
  z.strictObject({ prompt: z.literal('offer') }),
  z.strictObject({
    prompt: z.literal('required'),
    skipsLeft: z.number().int().min(0).max(1000),
    /** A security-info session was opened at once (its cookie was set by the POST). */
    signedIn: z.boolean(),
  }),
]);

export type OutcomePrompt = z.infer<typeof promptSchema>;

const endedSchema = z.strictObject({
  outcome: z.union([
    z.strictObject({ status: z.literal('applied'), microsoft365: z.boolean() }),
    z.strictObject({ status: z.literal('queued') }),
  ]),
  /** "Sign in to Microsoft 365": the person's tenant's sign-in page (microsoft-sign-in-url.ts). */
  signInUrl: z.url({ protocol: /^https$/ }),
  /** "Back to where you were": a Microsoft address checked by microsoft-return.ts, or null. */
  back: z
    .url({ protocol: /^https$/ })
    .max(2048)
    .nullable(),
  prompt: promptSchema.nullable(),
  /** Epoch ms after which the page shows nothing (the cookie also dies with the browser session). */
  until: z.number().int(),
});

export type EndedJourney = Omit<z.infer<typeof endedSchema>, 'until' | 'signInUrl'>;
export type ShownJourney = Omit<z.infer<typeof endedSchema>, 'until'>;

/**
 * How a form's success reaches its page: the POST seals what happened into a short-lived cookie and
 * answers 303 to the journey's GET page, which reads it. A reload then repeats only the GET: no
 * password is sent twice, nothing is counted. The cookie holds no secret and no id anyone could
 * guess (no e-mail address, no token: the outcome, the links to show and security info's ask), is
 * sealed so it cannot be forged or moved to another journey's page, HttpOnly and SameSite=Strict.
 */
export interface JourneyEnd extends JourneyBack {
  /** Remembers the outcome for `email`'s journey and answers 303 to its page. */
  finish(c: Context, journey: Journey, email: string, ended: EndedJourney): Response;
  /** What the journey's page shows, or null: no outcome in this browser (never was, expired, forged). */
  read(c: Context, journey: Journey): ShownJourney | null;
}

/** Long enough to read the page, switch its language or reload it; short enough to be gone by the next person. */
const SHOWN_FOR_MS = 10 * 60_000;

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by journeyEnd() before every form route. */
    journeyEnd: JourneyEnd;
  }
}

export function createJourneyEnd(options: {
  secretKey: Buffer;
  publicUrl: string;
  tenants: SignInTenants;
  /** The app's clock (epoch ms), as createJourneyBack's. */
  now: () => number;
}): JourneyEnd {
  const { now } = options;
  const sealer = createSealer(options.secretKey, 'journey-end');
  const secure = new URL(options.publicUrl).protocol === 'https:';
  const name = secure ? '__Host-pg_done' : 'pg_done';
  const base = { path: '/', httpOnly: true, sameSite: 'Strict', secure } as const;
  const context = (journey: Journey): string => `${name}\n${journey}`;
  const { keep, take } = createJourneyBack(options);

  return {
    keep,
    take,
    finish(c, journey, email, ended) {
      const shown = {
        ...ended,
        // What the page shows of the outcome, and nothing else it carries (its credential version).
        outcome:
          ended.outcome.status === 'applied'
            ? { status: 'applied', microsoft365: ended.outcome.microsoft365 }
            : { status: 'queued' },
        signInUrl: microsoftSignInUrl(options.tenants, email),
        until: now() + SHOWN_FOR_MS,
      };
      const sealed = sealer.seal(JSON.stringify(shown), context(journey)).toString('base64url');
      // No Max-Age: the cookie ends with the browser session at the latest; `until` ends it sooner.
      setCookie(c, name, sealed, base);
      return c.redirect(JOURNEY_DONE_PATHS[journey], 303);
    },
    read(c, journey) {
      const value = getCookie(c, name);
      if (value === undefined || value.length > 4000 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
      let parsed: z.infer<typeof endedSchema>;
      try {
        parsed = endedSchema.parse(
          JSON.parse(sealer.open(Buffer.from(value, 'base64url'), context(journey))),
        );
      } catch {
        // Another journey's, another key's, altered or of an older shape: nothing to show.
        return null;
      }
      if (parsed.until <= now()) {
        deleteCookie(c, name, base);
        return null;
      }
      const { until: _until, ...shown } = parsed;
      return shown;
    },
  };
}

/** Middleware: every route can end its journey through `c.var.journeyEnd`. */
export function journeyEnd(end: JourneyEnd): MiddlewareHandler {
  return async function setJourneyEnd(c, next) {
    c.set('journeyEnd', end);
    await next();
  };
}
