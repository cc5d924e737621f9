import type { PortalConfigInput } from '@passgate/portal';
import { type OidcPerson, startM365Emulator } from '@passgate/test/m365-emulator';
import type { Page } from 'playwright-core';
import { Agent, fetch as undiciFetch } from 'undici';
import { type StartTestPortalOptions, startTestPortal, type TestPortal } from './start-portal.js';

export interface AdminResponse {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

/** A person's browser on the console: keeps the portal's and the identity provider's cookies apart, follows no redirect by itself. */
export interface AdminClient {
  get(path: string): Promise<AdminResponse>;
  /** Posts with the CSRF token of the last portal page fetched, from the portal's origin. */
  post(path: string, fields?: Record<string, string>): Promise<AdminResponse>;
  /**
   * Goes through the identity provider from `startPath` (/admin/signin?next=… or /admin/reauth?next=…):
   * picks `email` on the "Sign in as" page when it is shown, and returns the portal's answer to the callback.
   */
  signIn(email: string, startPath?: string): Promise<AdminResponse>;
  /** The value of one of the portal's cookies this browser holds. */
  cookie(name: string): string | undefined;
  /** Forgets the portal's cookies (another browser, same identity provider session). */
  clearPortalCookies(): void;
}

function cookieJar(): { keep(response: Response): void; header(): string; jar: Map<string, string> } {
  const jar = new Map<string, string>();
  return {
    jar,
    keep(response) {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = cookie.split(';');
        const at = pair.indexOf('=');
        if (at <= 0) continue;
        const gone = attributes.some(
          (a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a),
        );
        if (gone) jar.delete(pair.slice(0, at));
        else jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** The emulator's identity provider as a browser reaches it: an in-process emulator fits, so does one in another process. */
export interface EmulatedIdentityProvider {
  caCertificatePem: string;
  oidc: { issuer: string };
}

/** A cookie-keeping client that signs in to the console through the emulator's OIDC provider, as a browser would. */
export function adminClient(portalUrl: string, emulator: EmulatedIdentityProvider): AdminClient {
  const portal = cookieJar();
  const idp = cookieJar();
  const dispatcher = new Agent({ connect: { ca: emulator.caCertificatePem } });
  let csrf = '';

  async function portalRequest(url: string, init: RequestInit = {}): Promise<AdminResponse> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: portal.header() },
    });
    portal.keep(response);
    const html = await response.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
    return {
      status: response.status,
      html,
      location: response.headers.get('location'),
      headers: response.headers,
    };
  }

  async function idpRequest(
    url: string,
    init: { method?: string; body?: string } = {},
  ): Promise<AdminResponse> {
    const response = await undiciFetch(url, {
      method: init.method ?? 'GET',
      body: init.body ?? null,
      redirect: 'manual',
      dispatcher,
      headers: {
        cookie: idp.header(),
        ...(init.body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      },
    });
    idp.keep(response as unknown as Response);
    return {
      status: response.status,
      html: await response.text(),
      location: response.headers.get('location'),
      headers: response.headers as unknown as Headers,
    };
  }

  const client: AdminClient = {
    get: (path) => portalRequest(`${portalUrl}${path}`),
    post: (path, fields = {}) =>
      portalRequest(`${portalUrl}${path}`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        headers: { origin: portalUrl, 'content-type': 'application/x-www-form-urlencoded' },
      }),
    async signIn(email, startPath = '/admin/signin') {
      const start = await client.get(startPath);
      if (start.status !== 302 || start.location === null || !start.location.startsWith(emulator.oidc.issuer))
        return start;
      let answer = await idpRequest(start.location);
      if (answer.status === 200) {
        const fields = new URLSearchParams();
        for (const match of answer.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
          fields.set(unescapeHtml(match[1] ?? ''), unescapeHtml(match[2] ?? ''));
        fields.set('person', email);
        // The issuer may end in a slash (Entra ID v1.0, Azure AD B2C); the endpoints hang off it either way.
        answer = await idpRequest(`${emulator.oidc.issuer.replace(/\/$/, '')}/authorize`, {
          method: 'POST',
          body: fields.toString(),
        });
      }
      if (answer.location === null)
        throw new Error(`the identity provider answered ${answer.status}: ${answer.html}`);
      return portalRequest(answer.location);
    },
    cookie: (name) => portal.jar.get(name),
    clearPortalCookies: () => portal.jar.clear(),
  };
  return client;
}

function unescapeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** Signs `email` in through the real OIDC flow and fails unless the console let them in. */
export async function signInAdmin(
  portalUrl: string,
  emulator: EmulatedIdentityProvider,
  email: string,
): Promise<AdminClient> {
  const client = adminClient(portalUrl, emulator);
  const answer = await client.signIn(email);
  if (answer.status !== 303)
    throw new Error(`sign-in of ${email} was refused (${answer.status}): ${answer.html}`);
  return client;
}

export const TEST_ADMIN: OidcPerson = { email: 'adele.vance@contoso.example', name: 'Adele Vance' };
export const TEST_HELPDESK: OidcPerson = {
  email: 'alex.wilber@contoso.example',
  name: 'Alex Wilber',
  groups: ['5f1c0a3e-helpdesk'],
};
export const TEST_OUTSIDER: OidcPerson = { email: 'megan.bowen@contoso.example', name: 'Megan Bowen' };

export interface AdminTestPortal extends TestPortal {
  /** The OIDC client the portal is registered as at the emulator (secret included, for leak scans). */
  oidcClient: { clientId: string; clientSecret: string };
}

/**
 * A test portal with the console configured against the emulator's identity provider: Adele is an admin
 * by e-mail, Alex helpdesk by group, Megan signs in at the provider but is neither.
 */
export async function startAdminTestPortal(
  options: StartTestPortalOptions & {
    admin?: Partial<NonNullable<PortalConfigInput['admin']>>;
    /** admin.oidc.issuer as the admin typed it (default: the emulator's, exactly). */
    issuer?: string;
  } = {},
): Promise<AdminTestPortal> {
  const emulator = options.emulator ?? (await startM365Emulator());
  emulator.oidc.setPeople([TEST_ADMIN, TEST_HELPDESK, TEST_OUTSIDER]);
  const oidcClient = emulator.oidc.addClient({ redirectUris: [] });
  const { admin, issuer, ...rest } = options;
  const t = await startTestPortal({
    ...rest,
    emulator,
    config: {
      ...rest.config,
      admin: {
        oidc: {
          issuer: issuer ?? emulator.oidc.issuer,
          clientId: oidcClient.clientId,
          clientSecret: oidcClient.clientSecret,
          caCertificates: emulator.caCertificatePem,
        },
        admins: [TEST_ADMIN.email],
        helpdesk: ['group:5f1c0a3e-helpdesk'],
        ...admin,
      },
    },
  });
  emulator.oidc.addClient({ ...oidcClient, redirectUris: [`${t.url}/admin/callback`] });
  return {
    ...t,
    oidcClient,
    async close(): Promise<void> {
      await t.close();
      if (options.emulator === undefined) await emulator.close();
    },
  };
}

/**
 * Signs `person` in to the console in a real browser page, as a person would: the portal sends the page
 * to the emulator's "Sign in as" page, the button with their name is clicked, and the page comes back
 * to `next`. The page's context must trust the emulator's certificate (`ignoreHTTPSErrors: true`). When
 * the provider's own session answers (no page shown), no click is needed.
 */
export async function signInAdminInBrowser(
  page: Page,
  portalUrl: string,
  person: Pick<OidcPerson, 'name'>,
  next = '/admin',
): Promise<void> {
  await page.goto(`${portalUrl}/admin/signin?next=${encodeURIComponent(next)}`);
  await chooseAtIdentityProvider(page, portalUrl, person);
}

/** On the emulator's "Sign in as" page (after /admin/signin or /admin/reauth), picks `person` and waits to be back at the portal. */
export async function chooseAtIdentityProvider(
  page: Page,
  portalUrl: string,
  person: Pick<OidcPerson, 'name'>,
): Promise<void> {
  if (!page.url().startsWith(portalUrl)) {
    await page.getByRole('button', { name: `Sign in as ${person.name}` }).click();
  }
  await page.waitForURL(
    (url) => url.href.startsWith(portalUrl) && !url.pathname.startsWith('/admin/callback'),
  );
}
