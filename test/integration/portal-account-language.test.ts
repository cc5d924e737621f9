import { CATALOGUES, createMessages } from '@passgate/core/i18n';
import { createApp } from '@passgate/portal';
import type { Hono } from 'hono';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppClient, appClient } from '../support/app-client.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// Security info in the person's language, through the web layer: createApp() over the REAL services
// and store, the language chosen from the browser's Accept-Language as a person's browser sends it.

const PASSWORD = 'Harbour-Lantern-73!';

/**
 * English that security info and the add-authenticator page would show: none of it may be left in
 * <main> (text, labels, and the words the passkey and proof-of-work islands are handed) once the page is
 * in another language.
 */
const ENGLISH_PHRASES = [
  'Your security info',
  'Signed in as',
  'Your organisation asks',
  'You have',
  'Your ways back in',
  'Add a way',
  'Sign out',
  'Remove',
  'Added',
  'Last used',
  'never',
  'Personal e-mail address',
  'Authenticator app',
  'authenticator app',
  'Recovery codes',
  'recovery codes',
  'Add a passkey',
  'Name for the new passkey',
  'You are signed in',
  'is added',
  'can be used to reset',
  'Add an authenticator app',
  'Create recovery codes',
  'Use any app',
  'In the app',
  'QR code to add',
  'Cannot scan it',
  'Type the code',
  'Code from your',
  '6 digits',
  'Add the app',
  'Back to your security info',
  'Follow your browser',
  'Try again',
  'another way',
];

/** Small English words that no German or Arabic sentence of these pages contains. */
const ENGLISH_WORDS = /\b(the|your|you|and|with|from|to|of|is|add|remove)\b/;

/** The page's <main>, as sent (attributes included). */
function mainOf(html: string): string {
  return /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';
}

/** The text a person reads in <main>: tags gone, entities left as they are. */
function textOf(html: string): string {
  return html.replaceAll(/<[^>]*>/g, ' ');
}

function expectNoEnglish(html: string): void {
  const main = mainOf(html);
  expect(main).not.toBe('');
  expect(ENGLISH_PHRASES.filter((phrase) => main.includes(phrase))).toEqual([]);
  expect(textOf(main)).not.toMatch(ENGLISH_WORDS);
}

function appCode(secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

const LANGUAGES = [
  {
    language: 'de',
    dir: 'ltr',
    title: 'Ihre Sicherheitsinformationen',
    addApp: 'Authenticator-App hinzufügen',
  },
  { language: 'ar', dir: 'rtl', title: 'معلومات الأمان', addApp: 'إضافة تطبيق مصادقة' },
] as const;

describe('security info in the language the browser asks for', () => {
  let t: TestPortal;
  let app: Hono;

  beforeAll(async () => {
    t = await startTestPortal({
      users: LANGUAGES.map(({ language }) => ({
        email: `lang.${language}@${TEST_TENANT_DOMAIN}`,
        password: PASSWORD,
        displayName: `Lang ${language}`,
      })),
      // A method added on the password alone waits a day before it serves a reset: the page says until when.
      config: {
        organisation: { name: 'Contoso' },
        recovery: { newMethodCoolingOffHours: 24 },
        bots: { signInFailuresBeforeChallenge: 2 },
      },
      // Passkeys need a site name, not an IP address: their form (and its island's words) is then offered.
      publicHost: 'localhost',
    });
    app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost' },
      accounts: t.portal.accounts,
      security: t.portal.security,
      passkeys: t.portal.passkeys,
      challenges: t.portal.challenges,
      logger: t.portal.logger,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(LANGUAGES)('signed in, adding an authenticator app, all in $language', async (expected) => {
    const { language } = expected;
    const messages = createMessages(language, CATALOGUES[language]);
    const client: AppClient = appClient(app, 'http://localhost', {
      'Accept-Language': `${language},en;q=0.5`,
    });
    await client.get('/account');
    const signedIn = await client.post('/account/signin', {
      email: `lang.${language}@${TEST_TENANT_DOMAIN}`,
      currentPassword: PASSWORD,
    });
    expect(signedIn).toMatchObject({ status: 303, location: '/account?done=signed_in' });

    const info = await client.get('/account?done=signed_in');
    expect(info.status).toBe(200);
    expect(info.html).toContain(`<html lang="${language}" dir="${expected.dir}">`);
    expect(info.html).toContain(`<h1>${expected.title}</h1>`);
    expect(info.html).toContain(messages.t('account.done.signedIn'));
    expect(info.html).toContain(expected.addApp);
    // The passkey form is offered, with the words its island says handed over in this language.
    expect(info.html).toContain(`data-say-busy="${messages.t('passkey.busy')}"`);
    expectNoEnglish(info.html);

    expect(await client.post('/account/authenticator', {})).toMatchObject({
      status: 303,
      location: '/account/authenticator',
    });
    const setup = await client.get('/account/authenticator');
    expect(setup.html).toContain(`<html lang="${language}" dir="${expected.dir}">`);
    expect(setup.html).toContain(`<h1>${expected.addApp}</h1>`);
    expectNoEnglish(setup.html);

    // A code that is not the app's is refused in the page's language too.
    const secret = (
      /<code id="totp-secret" class="secret">([A-Z2-7 ]+)<\/code>/.exec(setup.html)?.[1] ?? ''
    ).replaceAll(' ', '');
    expect(secret).not.toBe('');
    const good = appCode(secret);
    const wrong = await client.post('/account/authenticator/confirm', {
      code: good === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain(messages.t('refusal.CODE_INVALID'));
    expectNoEnglish(wrong.html);

    const confirmed = await client.post('/account/authenticator/confirm', { code: good });
    expect(confirmed).toMatchObject({ status: 303, location: '/account?done=authenticator' });
    const listed = await client.get('/account?done=authenticator');
    expect(listed.html).toContain(messages.t('account.done.authenticator'));
    // The day it was added, and from when it serves a reset, written the reader's way.
    const today = messages.formatDate(new Date(), { dateStyle: 'long', timeZone: 'UTC' });
    expect(listed.html).toContain(today);
    expect(listed.html).toContain(messages.t('method.kindInSentence', { kind: 'totp' }));
    const usableFrom =
      /<p class="method__meta">([^<]*\(UTC\)[^<]*)<\/p>/.exec(mainOf(listed.html))?.[1] ?? '';
    const [before = ''] = messages.t('method.usableFrom', { when: '\u0000' }).split('\u0000');
    expect(before).not.toBe('');
    expect(usableFrom.startsWith(before)).toBe(true);
    expectNoEnglish(listed.html);
  });

  it('asks a browser that keeps typing wrong passwords for its check in the page language', async () => {
    const messages = createMessages('ar', CATALOGUES.ar);
    const client = appClient(app, 'http://localhost', {
      'Accept-Language': 'ar',
      'X-Forwarded-For': '198.51.100.7',
    });
    for (const _ of [1, 2]) {
      await client.get('/account');
      const refused = await client.post('/account/signin', {
        email: `nobody.here@${TEST_TENANT_DOMAIN}`,
        currentPassword: 'Not-The-Password-1!',
      });
      expect(refused.status).toBe(401);
    }
    const page = await client.get('/account');
    expect(page.html).toContain(`data-say-checking="${messages.t('challenge.checking')}"`);
    expect(page.html).toContain(`data-say-failed="${messages.t('challenge.failed')}"`);
    expect(page.html).toContain(messages.t('challenge.needsScriptTitle'));
    expectNoEnglish(page.html);
  });
});
