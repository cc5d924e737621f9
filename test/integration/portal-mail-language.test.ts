import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { createTestClock, DAY } from '../support/test-clock.js';
import { waitUntil } from '../support/wait-until.js';

const clock = createTestClock('2026-03-02T09:00:00.000Z');
const DIETER = {
  email: 'dieter.deutsch@contoso.example',
  password: 'Harbour-Lantern-73!',
  displayName: 'Dieter Deutsch',
};
const ANN = {
  email: 'ann.english@contoso.example',
  password: 'Harbour-Lantern-74!',
  displayName: 'Ann English',
};
const NEXT = 'Kettle-Harbour-Violet-93';
let t: TestPortal;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  // Both passwords were set 25 days before now; they expire 30 days after: reminders are due.
  const start = clock.now();
  clock.advance(-25 * DAY);
  t = await startTestPortal({
    now: clock.now,
    policy: { maxAgeDays: 30, expiryWarningDays: 7, minAgeDays: 0 },
    users: [DIETER, ANN],
    config: { mail: sink.mailConfig },
  });
  clock.set(start);
});
afterAll(async () => {
  await t?.close();
  await sink?.stop();
});

async function changeInGerman(email: string, current: string, next: string): Promise<Response> {
  const form = await fetch(`${t.url}/change`, { headers: { 'Accept-Language': 'de-DE,de;q=0.9' } });
  const html = await form.text();
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const posted = await fetch(`${t.url}/change`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Accept-Language': 'de-DE,de;q=0.9',
      Cookie: cookie,
      Origin: t.url,
    },
    body: new URLSearchParams({
      _csrf: token,
      email,
      currentPassword: current,
      newPassword: next,
      confirmPassword: next,
    }).toString(),
    redirect: 'manual',
  });
  // Success leads (303) to the outcome page, opened as a browser would: with the cookie the answer set.
  const outcome = posted.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
  return fetch(new URL(posted.headers.get('location') ?? '/change', t.url), {
    headers: { 'Accept-Language': 'de-DE,de;q=0.9', Cookie: [cookie, ...outcome].join('; ') },
    redirect: 'manual',
  });
}

async function localeOf(email: string): Promise<string | null> {
  const row = await t.portal.store.db
    .selectFrom('users')
    .select('locale')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.locale;
}

describe('mails in the language the person last used', () => {
  it('keeps the language of a successful change on the account', async () => {
    expect(await localeOf(DIETER.email)).toBeNull();
    const response = await changeInGerman(DIETER.email, DIETER.password, NEXT);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Ihr Kennwort wurde geändert');
    expect(await localeOf(DIETER.email)).toBe('de');
    expect(await localeOf(ANN.email)).toBeNull();
  });

  it("words each person's mail in their language, and someone never seen in defaultLanguage", async () => {
    // Ann's password is in its warning window now; Dieter's new one (set today) is 24 days from now.
    await t.portal.scheduler.runOnce();
    await waitUntil(() => sink.received.some((mail) => mail.to.includes(ANN.email)));
    clock.advance(24 * DAY);
    await t.portal.scheduler.runOnce();
    // His change's security notice came first (notifications/ are not in the catalogue yet): wait for the reminder.
    const reminderTo = (email: string): string | undefined =>
      sink.received
        .filter((mail) => mail.to.includes(email))
        .map((mail) => decodeMail(mail.raw))
        .find((text) => text.includes('Microsoft 365') && !text.includes('was changed on'));
    await waitUntil(() => reminderTo(DIETER.email) !== undefined);

    const toAnn = reminderTo(ANN.email) ?? '';
    expect(toAnn).toContain('Hello Ann English,');
    expect(toAnn).toContain('to keep signing in to Microsoft 365 without interruption');
    expect(toAnn).toContain('<html lang="en" dir="ltr">');

    const toDieter = reminderTo(DIETER.email) ?? '';
    expect(toDieter).toContain('Hallo Dieter Deutsch,');
    expect(toDieter).toContain('damit Sie sich weiterhin ohne Unterbrechung bei Microsoft 365 anmelden');
    expect(toDieter).toContain('<html lang="de" dir="ltr">');
    expect(toDieter).not.toContain('Hello');
  });
});
