import { Writable } from 'node:stream';
import { defaultPolicy } from '@passgate/core/policy';
import type { Hono } from 'hono';
import { type Logger, pino } from 'pino';
import type {
  AccountService,
  ChangeOutcome,
  ChangePasswordInput,
  LinkPurpose,
  LinkView,
  PasswordContext,
  RequestOrigin,
  SessionView,
  SignInOutcome,
} from '../src/accounts/account-service.js';
import type { WebConfig } from '../src/http/web-config.js';
import type { RecoveryOutcome } from '../src/recovery/recovery-outcome.js';
import type { ResetFlowService, ResetGrant } from '../src/reset/reset-flow-service.js';

/**
 * Helpers for tests that drive the app through `app.request()`: a config, a logger whose lines can
 * be scanned, a scripted AccountService double (for rendering and middleware tests only; the
 * change flow itself is tested against the real services in test/integration), and form round trips.
 */

export const PUBLIC_ORIGIN = 'http://localhost';

export function webTestConfig(overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    publicUrl: `${PUBLIC_ORIGIN}/`,
    secretKey: Buffer.alloc(32, 7),
    policy: defaultPolicy,
    organisation: { name: 'Example Org', logoPath: null, supportText: null, supportUrl: null },
    trustProxy: false,
    demo: false,
    links: { resetMinutes: 30 },
    metrics: { enabled: false, bearerToken: null },
    extension: {
      artefactsDir: '/nonexistent/passgate-artefacts',
      adminToken: null,
      managed: {},
      disableIncognito: false,
    },
    ...overrides,
  };
}

/** A pino logger writing JSON lines into `lines`, so tests can scan what was logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/**
 * Answers each change (changePassword, setPasswordWithSession, setPasswordWithLink) with the next
 * scripted outcome and each signIn with the next scripted sign-in outcome; sessions and links are
 * whatever a test puts in `sessions` and `links`, and a successful set uses its session or link up.
 */
export class ScriptedAccounts implements AccountService {
  readonly calls: ChangePasswordInput[] = [];
  /** Every call by method name, inputs included, for tests that check what reached the service. */
  readonly asked: { method: string; input: unknown }[] = [];
  readonly sessions = new Map<string, SessionView>();
  readonly links = new Map<string, LinkView>();
  readonly signIns: SignInOutcome[] = [];
  readonly #outcomes: ChangeOutcome[];

  constructor(...outcomes: ChangeOutcome[]) {
    this.#outcomes = outcomes;
  }

  #next(): ChangeOutcome {
    const next = this.#outcomes.shift();
    if (next === undefined) throw new Error('ScriptedAccounts: no outcome left for this call');
    return next;
  }

  async changePassword(input: ChangePasswordInput): Promise<ChangeOutcome> {
    this.calls.push(input);
    this.asked.push({ method: 'changePassword', input });
    return this.#next();
  }

  async signIn(input: { email: string; password: string } & RequestOrigin): Promise<SignInOutcome> {
    this.asked.push({ method: 'signIn', input });
    const next = this.signIns.shift();
    if (next === undefined) throw new Error('ScriptedAccounts: no sign-in outcome left');
    if (next.status === 'must_change') {
      this.sessions.set(next.session.token, {
        email: input.email,
        displayName: null,
        purpose: 'set_password',
        expiresAt: next.session.expiresAt,
      });
    }
    return next;
  }

  async getSession(token: string): Promise<SessionView | null> {
    this.asked.push({ method: 'getSession', input: token });
    return this.sessions.get(token) ?? null;
  }

  async endSession(token: string): Promise<void> {
    this.asked.push({ method: 'endSession', input: token });
    this.sessions.delete(token);
  }

  async setPasswordWithSession(
    input: { sessionToken: string; newPassword: string } & RequestOrigin,
  ): Promise<ChangeOutcome> {
    this.asked.push({ method: 'setPasswordWithSession', input });
    if (!this.sessions.has(input.sessionToken)) {
      return { status: 'refused', refusals: [{ code: 'SESSION_EXPIRED' }] };
    }
    const outcome = this.#next();
    if (outcome.status !== 'refused') this.sessions.delete(input.sessionToken);
    return outcome;
  }

  async requestReset(input: { email: string } & RequestOrigin): Promise<void> {
    this.asked.push({ method: 'requestReset', input });
  }

  async getLink(token: string, purpose: LinkPurpose): Promise<LinkView | null> {
    this.asked.push({ method: 'getLink', input: { token, purpose } });
    const link = this.links.get(token);
    return link !== undefined && link.purpose === purpose ? link : null;
  }

  async setPasswordWithLink(
    input: { token: string; purpose: LinkPurpose; newPassword: string } & RequestOrigin,
  ): Promise<ChangeOutcome> {
    this.asked.push({ method: 'setPasswordWithLink', input });
    if (this.links.get(input.token)?.purpose !== input.purpose) {
      return { status: 'refused', refusals: [{ code: 'LINK_INVALID' }] };
    }
    const outcome = this.#next();
    if (outcome.status !== 'refused') this.links.delete(input.token);
    return outcome;
  }

  /** Raise it to act out a password accepted elsewhere (device cookie entries made before stop counting). */
  epoch = 0;

  async credentialEpoch(): Promise<number> {
    return this.epoch;
  }

  async passwordContextFor(email: string): Promise<PasswordContext> {
    return { username: email.split('@')[0] ?? email, email };
  }

  /** The passwords on record of an account with a history (a welcome link's holder has none). */
  onRecord = 24;

  async passwordsOnRecord(email: string): Promise<number> {
    const welcome = [...this.links.values()].some((l) => l.email === email && l.purpose === 'activation');
    return welcome ? 0 : this.onRecord;
  }
}

export interface FormSession {
  cookie: string;
  token: string;
  html: string;
}

/** GETs a page with a form and returns its CSRF cookie and token. */
export async function openForm(app: Hono, path = '/change'): Promise<FormSession> {
  const response = await app.request(path);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  if (cookie === '' || token === '') throw new Error(`no CSRF cookie or token on ${path}`);
  return { cookie, token, html };
}

/** POSTs form fields the way a browser on the portal's own page would. */
export function submitForm(
  app: Hono,
  session: Pick<FormSession, 'cookie' | 'token'>,
  fields: Record<string, string>,
  options: { path?: string; origin?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Cookie: session.cookie,
    ...options.headers,
  };
  if (options.origin !== null) headers.Origin = options.origin ?? PUBLIC_ORIGIN;
  const body = new URLSearchParams({ _csrf: session.token, ...fields }).toString();
  return Promise.resolve(app.request(options.path ?? '/change', { method: 'POST', headers, body }));
}

/**
 * A reset flow service for the web layer's tests: /reset begins a flow for any address (or answers
 * `refusal`), `started` lists the addresses typed, and no flow is known afterwards (the steps after
 * /reset answer "expired"). Anything further is for the integration tests over the real service.
 */
export class ScriptedResets implements ResetFlowService {
  readonly started: string[] = [];
  readonly #refusal: RecoveryOutcome<{ grant: ResetGrant }> | null;

  constructor(refusal: RecoveryOutcome<{ grant: ResetGrant }> | null = null) {
    this.#refusal = refusal;
  }

  async start(input: { email: string }): Promise<RecoveryOutcome<{ grant: ResetGrant }>> {
    this.started.push(input.email);
    return (
      this.#refusal ?? {
        status: 'ok',
        grant: {
          token: `flow-token-${this.started.length}-abcdefgh`,
          expiresAt: new Date(Date.now() + 60_000),
        },
      }
    );
  }

  view = async (): Promise<null> => null;
  finish = async (): Promise<null> => null;
  linkNeedsMore = async (): Promise<boolean> => false;
  end = async (): Promise<void> => {};
  passkeyOptions = ScriptedResets.#unexpected;
  sendCode = ScriptedResets.#unexpected;
  sendLink = ScriptedResets.#unexpected;
  prove = ScriptedResets.#unexpected;
  setPassword = ScriptedResets.#unexpected;
  unlock = ScriptedResets.#unexpected;
  continueFromLink = ScriptedResets.#unexpected;

  static async #unexpected(): Promise<never> {
    throw new Error('ScriptedResets: not scripted (use the real service in an integration test)');
  }
}

/**
 * Follows a 303 the way a browser does after a form: GET the Location, sending the cookies the
 * session had plus those the answer set (a form's success page reads its outcome from one).
 */
export async function followSeeOther(app: Hono, response: Response, cookie = ''): Promise<Response> {
  const location = response.headers.get('location');
  if (response.status !== 303 || location === null)
    throw new Error(`expected a 303 with a Location, got ${response.status}`);
  const set = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='));
  const cookies = [cookie, ...set].filter((pair) => pair !== '').join('; ');
  return app.request(location, { headers: cookies === '' ? {} : { Cookie: cookies } });
}
