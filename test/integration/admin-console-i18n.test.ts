import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminClient,
  type AdminTestPortal,
  signInAdmin,
  startAdminTestPortal,
  TEST_ADMIN,
} from '../support/admin-sign-in.js';

const ADELE = 'adele.vance@contoso.example';
const DE_BAD_QUERY =
  'Einige Filter wurden nicht verstanden; sie werden so angezeigt, wie sie gelesen wurden.';
const DE_FROM = 'Von (UTC)';

/**
 * Words of the English console that must not be left on a German or Arabic page: navigation, headings,
 * filters, table headings, actions, facts and the units of times. (Whole words, case-sensitive: e-mail
 * addresses, audit event codes such as user_create and product names stay as they are, by design.)
 */
const ENGLISH_WORDS = [
  'Overview',
  'Users',
  'Sync queue',
  'Audit log',
  'Signed in as',
  'Sign out',
  'Needs a person',
  'Nothing',
  'People',
  'Active',
  'Locked',
  'Suspended',
  'Pending activation',
  'Queued',
  'Running',
  'Failed',
  'Oldest waiting',
  'Tenants',
  'Last successful call',
  'Mail queue',
  'Undeliverable',
  'begins with',
  'Any state',
  'Any tenant',
  'Sync status',
  'Search',
  'Last sync',
  'Next page',
  'State',
  'Lock',
  'Not locked',
  'Password',
  'Set',
  'ago',
  'Expires',
  'Waiting for Microsoft 365',
  'Actions',
  'Send reset link',
  'Expire password',
  'Suspend',
  'Timeline',
  'Everything in the audit log',
  'newest first',
  'When',
  'Changes',
  'Outcome',
  'never',
  'minutes',
  'hours',
  'days',
  'Since',
];

let t: AdminTestPortal;
let admin: AdminClient;
let adeleId: string;

/** The visible text of a page: tags dropped, entities that matter here decoded, spaces squeezed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replace(/\s+/g, ' ');
}

/** The English words of the list that a page still shows, outside the language switcher's own names. */
function leftoverEnglish(html: string): string[] {
  const withoutSwitcher = html.replace(/<select class="language-switcher__select"[\s\S]*?<\/select>/, '');
  const words = text(withoutSwitcher);
  return ENGLISH_WORDS.filter((word) =>
    new RegExp(`(^|[^\\p{L}_.@-])${word}($|[^\\p{L}_.@-])`, 'u').test(words),
  );
}

/** A console page as a browser with the admin's session and this Accept-Language sees it. */
async function consolePage(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; html: string; contentLanguage: string | null }> {
  const session = admin.cookie('pg_admin');
  const cookie = [`pg_admin=${session}`, headers.cookie].filter(Boolean).join('; ');
  const response = await fetch(`${t.url}${path}`, { headers: { ...headers, cookie }, redirect: 'manual' });
  return {
    status: response.status,
    html: await response.text(),
    contentLanguage: response.headers.get('content-language'),
  };
}

function heading(html: string): string {
  return text(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();
}

function nav(html: string): string {
  return text(/<nav class="console-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '');
}

beforeAll(async () => {
  t = await startAdminTestPortal({ config: { organisation: { name: 'Contoso' } } });
  admin = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
  const row = await t.portal.store.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', ADELE)
    .executeTakeFirstOrThrow();
  adeleId = row.id;
});
afterAll(async () => {
  await t?.close();
});

describe('the admin console in the admin’s language', () => {
  it('shows the overview, the users and a user’s page in German when the browser asks for German', async () => {
    // The word list finds English where it is: the same page in English shows most of it.
    const english = await consolePage(`/admin/users/${adeleId}`, { 'accept-language': 'en' });
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(leftoverEnglish(english.html).length).toBeGreaterThan(20);

    const german = { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' };
    const overview = await consolePage('/admin', german);
    expect(overview.status).toBe(200);
    expect(overview.contentLanguage).toBe('de');
    expect(overview.html).toContain('<html lang="de" dir="ltr">');
    expect(heading(overview.html)).toBe('Übersicht');
    expect(nav(overview.html)).toContain('Benutzer');
    expect(nav(overview.html)).toContain('Überwachungsprotokoll');
    expect(nav(overview.html)).toContain('Angemeldet als Adele Vance, Rolle Administrator');
    expect(text(overview.html)).toContain('Braucht einen Menschen');
    expect(leftoverEnglish(overview.html)).toEqual([]);

    const users = await consolePage('/admin/users', german);
    expect(users.status).toBe(200);
    expect(heading(users.html)).toBe('Benutzer');
    expect(text(users.html)).toContain('E-Mail oder Name beginnt mit');
    expect(text(users.html)).toContain(ADELE);
    expect(leftoverEnglish(users.html)).toEqual([]);

    const user = await consolePage(`/admin/users/${adeleId}`, german);
    expect(user.status).toBe(200);
    expect(heading(user.html)).toBe('Adele Vance');
    expect(text(user.html)).toContain('Nicht gesperrt.');
    expect(text(user.html)).toContain('Link zum Zurücksetzen senden');
    // Times in the admin's form (day before month, in UTC), never the English ISO-like line.
    expect(text(user.html)).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} UTC/);
    expect(text(user.html)).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(leftoverEnglish(user.html)).toEqual([]);
  });

  it('lays the console out right to left in Arabic, chosen in the switcher and remembered over Accept-Language', async () => {
    const switched = await admin.get('/language?lang=ar&back=/admin/users');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/admin/users');
    expect(admin.cookie('pg_lang')).toBe('ar');
    // The remembered choice wins over a browser that asks for German.
    const arabic = { cookie: 'pg_lang=ar', 'accept-language': 'de' };

    const overview = await consolePage('/admin', arabic);
    expect(overview.html).toContain('<html lang="ar" dir="rtl">');
    expect(heading(overview.html)).toBe('نظرة عامة');
    expect(nav(overview.html)).toContain('المستخدمون');
    expect(nav(overview.html)).toContain('سجل التدقيق');
    expect(nav(overview.html)).toContain('تسجيل الخروج');
    expect(leftoverEnglish(overview.html)).toEqual([]);

    const users = await admin.get('/admin/users');
    expect(users.status).toBe(200);
    expect(users.html).toContain('<html lang="ar" dir="rtl">');
    // Switching language on a filtered list comes back to the same filtered list.
    const filtered = await admin.get('/admin/users?q=adele&state=active');
    expect(filtered.html).toContain('name="back" value="/admin/users?q=adele&amp;state=active"');
    expect(heading(users.html)).toBe('المستخدمون');
    expect(text(users.html)).toContain('حالة المزامنة');
    expect(leftoverEnglish(users.html)).toEqual([]);

    const user = await admin.get(`/admin/users/${adeleId}`);
    expect(user.html).toContain('<html lang="ar" dir="rtl">');
    expect(text(user.html)).toContain('غير مؤمّن.');
    expect(text(user.html)).toContain('المخطط الزمني');
    expect(text(user.html)).toContain('بالتوقيت العالمي (UTC)');
    expect(leftoverEnglish(user.html)).toEqual([]);
  });

  it('words the console’s refusals and the sign-in pages in the admin’s language too', async () => {
    const missing = await consolePage('/admin/users/00000000-0000-4000-8000-000000000000', {
      'accept-language': 'de',
    });
    expect(missing.status).toBe(404);
    expect(heading(missing.html)).toBe('Das wurde abgelehnt');
    expect(text(missing.html)).toContain('Diesen Benutzer gibt es nicht');
    expect(text(missing.html)).toContain('Zurück zu den Benutzern');

    // A callback with no sign-in started in this browser: the sign-in refusal page (admin-pages.tsx).
    const expired = await fetch(`${t.url}/admin/callback?code=x&state=y`, {
      headers: { 'accept-language': 'de' },
      redirect: 'manual',
    });
    const html = await expired.text();
    expect(expired.status).toBe(400);
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(heading(html)).toBe('Anmeldung abgelaufen');
    expect(text(html)).toContain('Diese Anmeldung wurde nicht in diesem Browser begonnen');
    expect(text(html)).toContain('ADMIN_SIGNIN_EXPIRED');
    expect(text(html)).toContain('Erneut anmelden');

    // An audit filter that is not a date: named by its German label, no validator English.
    const audit = await consolePage('/admin/audit?from=yesterday', { 'accept-language': 'de' });
    expect(audit.status).toBe(400);
    expect(text(audit.html)).toContain(`${DE_BAD_QUERY} ${DE_FROM}`);
    expect(audit.html).not.toContain('expected a date');
  });
});
