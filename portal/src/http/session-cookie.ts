import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The cookie that carries a set-a-new-password session after an expired sign-in. HttpOnly (no
 * script reads it), SameSite=Strict (no other site can make the browser send it), and over https
 * `__Host-` + Secure so a sibling subdomain cannot plant or read one.
 */
export interface SessionCookie {
  read(c: Context): string | null;
  write(c: Context, token: string, expiresAt: Date): void;
  clear(c: Context): void;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,200}$/;

/** `baseName`: pg_session (the expired sign-in's), or pg_account (security info's, /account). */
export function sessionCookie(publicUrl: string, baseName = 'pg_session'): SessionCookie {
  const secure = new URL(publicUrl).protocol === 'https:';
  const name = secure ? `__Host-${baseName}` : baseName;
  const base = { path: '/', httpOnly: true, sameSite: 'Strict', secure } as const;
  return {
    read(c) {
      const value = getCookie(c, name);
      return value !== undefined && TOKEN_SHAPE.test(value) ? value : null;
    },
    write(c, token, expiresAt) {
      const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      setCookie(c, name, token, { ...base, maxAge, expires: expiresAt });
    },
    clear(c) {
      deleteCookie(c, name, base);
    },
  };
}
