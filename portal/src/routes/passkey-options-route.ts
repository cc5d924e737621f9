import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import { newOpaqueToken } from '../accounts/opaque-token.js';
import { parseForm } from '../http/parse-form.js';
import { passkeyOptionsFormSchema } from '../http/passkey-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { currentMessages } from '../http/request-messages.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { PASSKEY_CEREMONY_MINUTES } from '../recovery/passkey-challenges.js';
import type { PasskeyService } from '../recovery/passkey-service.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import { PASSKEY_OPTIONS_PATH } from '../views/passkey-props.js';
import { sessionEnded } from './account-responses.js';

export interface PasskeyOptionsRouteOptions {
  passkeys: PasskeyService;
  security: SecurityInfoService;
  policy: PasswordPolicy;
  /** Security info's cookie: registering binds the challenge to its session; a pending sign-in names its person. */
  account: SessionCookie;
  /** The ceremony cookie a sign-in's challenge is bound to (pg_passkey). */
  ceremony: SessionCookie;
}

/**
 * POST /passkeys/options: a ceremony's options as JSON, for the passkey island (the one route that
 * answers JSON; the forms it serves post back as forms). Behind the same Origin check and CSRF token as
 * every form. A sign-in's challenge is bound to a ceremony cookie set here (random, HttpOnly,
 * SameSite=Strict, as long-lived as the challenge): only the browser that asked can spend it.
 */
export function passkeyOptionsRoute(options: PasskeyOptionsRouteOptions): Hono {
  const { passkeys, security, policy, account, ceremony } = options;
  const routes = new Hono();

  const refused = (c: Context, code: RefusalCode, words?: string): Response => {
    const entry = REFUSAL_TABLE[code];
    return c.json({ words: words ?? entry.words(policy) }, entry.status);
  };

  routes.post(PASSKEY_OPTIONS_PATH, async (c) => {
    // The options carry a challenge meant for one ceremony: no cache may keep or replay them.
    c.header('Cache-Control', 'no-store');
    const form = await parseForm(c, passkeyOptionsFormSchema, { echo: [] });
    if (!form.ok) return c.json({ words: currentMessages().t('passkey.optionsInvalid') }, 422);
    const { purpose } = form.data;
    if (purpose === 'register') {
      const token = account.read(c);
      const person = token === null ? null : await security.session(token);
      if (token === null || person === null) return refused(c, 'SESSION_EXPIRED', sessionEnded());
      const made = await passkeys.registrationOptions(person, token);
      return made.status === 'ok' ? c.json({ options: made.options }) : refused(c, made.code);
    }
    const token = ceremony.read(c) ?? newOpaqueToken();
    ceremony.write(c, token, new Date(Date.now() + PASSKEY_CEREMONY_MINUTES * 60_000));
    const made = await passkeys.signInOptions({
      door: purpose,
      ceremony: token,
      pendingToken: purpose === 'account' ? account.read(c) : null,
      clientIp: c.var.clientIp,
    });
    return made.status === 'ok' ? c.json({ options: made.options }) : refused(c, made.code);
  });

  return routes;
}
