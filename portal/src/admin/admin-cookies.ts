import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { createSealer } from '../crypto/sealer.js';
import type { SignInChecks } from './oidc-relying-party.js';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface AdminSessionCookie {
  read(c: Context): string | null;
  write(c: Context, token: string, expiresAt: number, now: number): void;
  clear(c: Context): void;
}

/**
 * The console session's cookie: `__Host-pg_admin` (Secure, no Domain, Path=/) over https, HttpOnly.
 * SameSite=Lax, not Strict: a person opening a console link from a mail or a ticket arrives signed in;
 * every change is a POST, which Lax does not send cross-site, and the CSRF token guards it as well.
 */
export function adminSessionCookie(publicUrl: string): AdminSessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  const name = secure ? '__Host-pg_admin' : 'pg_admin';
  const base = { path: '/', httpOnly: true, sameSite: 'Lax', secure } as const;
  return {
    read(c) {
      const value = getCookie(c, name);
      return value !== undefined && TOKEN_SHAPE.test(value) ? value : null;
    },
    write(c, token, expiresAt, now) {
      const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
      setCookie(c, name, token, { ...base, maxAge });
    },
    clear(c) {
      deleteCookie(c, name, base);
    },
  };
}

/** A sign-in in progress: the checks for the callback and where to go afterwards. */
export interface SignInFlow extends SignInChecks {
  next: string;
  /** True when re-authenticating a signed-in admin (max_age=0). */
  reauth: boolean;
  /** When /admin/signin sent the browser away, ms: a flow older than FLOW_MAX_AGE_MS is refused. */
  startedAt: number;
}

const flowSchema = z.strictObject({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  maxAgeSeconds: z.number().int().nullable(),
  next: z.string(),
  reauth: z.boolean(),
  startedAt: z.number(),
});

/** Ten minutes to choose an account and type a password at the identity provider. */
export const FLOW_MAX_AGE_MS = 10 * 60 * 1000;

export interface SignInFlowCookie {
  read(c: Context, now: number): SignInFlow | null;
  write(c: Context, flow: SignInFlow): void;
  clear(c: Context): void;
}

/**
 * Keeps state, nonce and the PKCE verifier in the browser between /admin/signin and the callback,
 * sealed (AES-256-GCM under a key of its own) so neither the page nor anyone reading the cookie learns
 * the verifier. SameSite=Lax: the identity provider sends the browser back with a cross-site top-level
 * GET, which Lax lets through and Strict would not.
 */
export function signInFlowCookie(publicUrl: string, secretKey: Buffer): SignInFlowCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  const name = secure ? '__Host-pg_admin_signin' : 'pg_admin_signin';
  const base = { path: '/', httpOnly: true, sameSite: 'Lax', secure } as const;
  const sealer = createSealer(secretKey, 'admin-signin-flow');
  return {
    read(c, now) {
      const value = getCookie(c, name);
      if (value === undefined || value.length > 4096) return null;
      try {
        const parsed = flowSchema.safeParse(JSON.parse(sealer.open(Buffer.from(value, 'base64url'), name)));
        if (!parsed.success) return null;
        const flow = parsed.data;
        return now - flow.startedAt > FLOW_MAX_AGE_MS || flow.startedAt > now + 60_000 ? null : flow;
      } catch {
        return null;
      }
    },
    write(c, flow) {
      const sealed = sealer.seal(JSON.stringify(flow), name).toString('base64url');
      setCookie(c, name, sealed, { ...base, maxAge: FLOW_MAX_AGE_MS / 1000 });
    },
    clear(c) {
      deleteCookie(c, name, base);
    },
  };
}
