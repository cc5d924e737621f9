import type { PasswordPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import type { PageChallenges } from '../http/page-challenges.js';
import { type SessionCookie, sessionCookie } from '../http/session-cookie.js';
import type { PasskeyService } from '../recovery/passkey-service.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import type { PageFrame } from '../views/page-frame.js';
import { accountPasskeyRoutes } from './account-passkey-routes.js';
import { accountResponses } from './account-responses.js';
import { passkeyOptionsRoute } from './passkey-options-route.js';
import { signInPasskeyRoute } from './signin-passkey-route.js';

export interface PasskeyRoutesOptions {
  passkeys: PasskeyService;
  security: SecurityInfoService;
  policy: PasswordPolicy;
  frame: PageFrame;
  publicUrl: string;
  /** The expired sign-in's cookie (pg_session). */
  session: SessionCookie;
  /** Security info's cookie (pg_account). */
  account: SessionCookie;
  challenges: PageChallenges;
}

/** Every passkey route: the options the island asks for, security info's passkeys, and /signin's. */
export function passkeyRoutes(options: PasskeyRoutesOptions): Hono {
  const { passkeys, security, policy, frame, session, account, challenges } = options;
  const ceremony = sessionCookie(options.publicUrl, 'pg_passkey');
  const routes = new Hono();
  routes.route('/', passkeyOptionsRoute({ passkeys, security, policy, account, ceremony }));
  const responses = accountResponses({ security, frame, account, challenges });
  routes.route(
    '/',
    accountPasskeyRoutes({ passkeys, security, policy, frame, account, ceremony, responses }),
  );
  routes.route('/', signInPasskeyRoute({ passkeys, policy, frame, session, ceremony, challenges }));
  return routes;
}
