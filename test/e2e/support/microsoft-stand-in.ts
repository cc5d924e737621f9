import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { cloudHosts, normaliseHost } from '@passgate/core/m365';
import selfsigned from 'selfsigned';

/** Every cloud's sign-in hosts: each serves sign-in and the expired-password page. */
const SIGN_IN_HOSTS = cloudHosts('signIn');

/** The Microsoft hosts the stand-in answers for (mapped to it with --host-resolver-rules). */
export const STAND_IN_HOSTS = [
  'mysignins.microsoft.com',
  'myaccount.microsoft.com',
  'account.activedirectory.windowsazure.com',
  ...cloudHosts('reset'),
  ...SIGN_IN_HOSTS,
  'account.live.com',
  // Not Microsoft: ordinary sites, for tests that the extension leaves them (and its worker) alone.
  'www.example.com',
  'news.example.org',
];

export interface RecordedRequest {
  method: string;
  url: string;
  body: string;
}

export interface MicrosoftStandIn {
  port: number;
  requests: RecordedRequest[];
  /** The Chromium flag that sends every stand-in host to this server. */
  hostResolverRules: string;
  close(): Promise<void>;
}

const page = (title: string, head: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

/**
 * Local stand-ins of Microsoft's pages, served over real HTTPS (a certificate made for the test):
 * a single-page app on mysignins that changes route with pushState, the expired-password sign-in
 * page (PageID ConvergedChangePassword, posting to /common/SSPR/Begin as Microsoft's does), and a
 * normal sign-in page (PageID ConvergedSignIn, posting to /common/login).
 */
export async function startMicrosoftStandIn(): Promise<MicrosoftStandIn> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'microsoft stand-in' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: STAND_IN_HOSTS.map((value) => ({ type: 2, value })) }],
  });
  const requests: RecordedRequest[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', url: `https://${req.headers.host}${req.url}`, body });
      respond(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    requests,
    // Each host also in its fully qualified form (trailing dot), which browsers keep in the address.
    hostResolverRules: STAND_IN_HOSTS.flatMap((host) => [
      `MAP ${host} 127.0.0.1:${port}`,
      `MAP ${host}. 127.0.0.1:${port}`,
    ]).join(', '),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function respond(req: IncomingMessage, res: ServerResponse): void {
  const host = normaliseHost(req.headers.host ?? '');
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const html = (status: number, text: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(text);
  };
  if (host === 'mysignins.microsoft.com' && path.startsWith('/security-info')) {
    html(
      200,
      page(
        'Security info (stand-in)',
        '',
        `<h1>Security info</h1><button id="change" onclick="history.pushState({}, '', '/security-info/password/change'); document.querySelector('h1').textContent = 'Change password'">Change password</button>`,
      ),
    );
    return;
  }
  if (SIGN_IN_HOSTS.includes(host) && path === '/common/expired') {
    // Microsoft's page shows the account above the form; ?account= picks it (escaped for HTML).
    const account = new URL(req.url ?? '/', 'https://x').searchParams.get('account') ?? 'ada@contoso.example';
    const shown = account.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);
    html(
      200,
      page(
        'Update your password (stand-in)',
        '<meta name="PageID" content="ConvergedChangePassword">',
        `<div class="identity"><div id="displayName">${shown}</div></div><h1>Update your password</h1><form id="change" method="post" action="/common/SSPR/Begin">
           <input name="currentPassword" type="password"><input name="newPassword" type="password">
           <button id="idSIButton9" type="submit">Sign in</button></form>`,
      ),
    );
    return;
  }
  if (SIGN_IN_HOSTS.includes(host) && path === '/common/oauth2/v2.0/authorize') {
    html(
      200,
      page(
        'Sign in (stand-in)',
        '<meta name="PageID" content="ConvergedSignIn">',
        `<h1>Sign in</h1><form id="signin" method="post" action="/common/login">
           <input name="login" value="ada@contoso.example"><input name="passwd" type="password" value="not-a-real-one">
           <button id="idSIButton9" type="submit">Sign in</button></form>`,
      ),
    );
    return;
  }
  if (SIGN_IN_HOSTS.includes(host) && path === '/common/login' && req.method === 'POST') {
    html(200, page('Signed in (stand-in)', '', '<h1>Signed in</h1>'));
    return;
  }
  html(200, page(`${host} (stand-in)`, '', `<h1>${host}${path}</h1>`));
}
