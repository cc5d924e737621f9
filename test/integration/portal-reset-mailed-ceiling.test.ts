import { createApp } from '@passgate/portal';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppClient, type AppPage, appClient } from '../support/app-client.js';
import { allMailSent, mailedCodes, mailsTo, nextMailedCode } from '../support/mailed-code.js';
import { recoveryUser, registerPersonalEmail } from '../support/recovery-methods.js';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { challengeFields } from '../support/solve-page-challenge.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// The ceiling on wrong mailed codes at /reset (100 a day per address typed, from every browser without
// standing) end to end through the web layer, the real services, store and mail sender: strangers who
// fill it keep the person's mailed codes from working for up to a day, so the person is told, once a day;
// and no code is mailed that could only be refused, the page answering as it answers a typed code.
// Beside it, the two hourly ceilings on codes mailed, the same way: the strangers' refusing a code is
// audited as a lock's refusal is, and the devices' (browsers signed in with the password) tells the person
// and is audited too.

const PASSWORD = 'Harbour-Lantern-73!';
const ivy = `ivy.mailed@${TEST_TENANT_DOMAIN}`; // a personal address: her codes, and her notices, go there too
const ivyHome = 'ivy.mailed@example.net';
const nobody = `nobody.mailed@${TEST_TENANT_DOMAIN}`; // no account
const SUBJECT = 'Subject: Someone is guessing e-mailed codes to reset the password of your';
const LOCKED_WORDS = 'Too many wrong codes were typed for this address';
/** A phrase of the notice of the devices' hour filled (its body: the subject header may be folded). */
const DEVICES_WORDS =
  'from browsers in which someone had signed in to the password portal with your password';

/** The portal's clock runs this far ahead of the real one: strangers come ten minutes apart. */
let offset = 0;
const now = () => Date.now() + offset;

describe('the ceiling on wrong mailed codes at /reset', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let app: Hono;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [{ email: ivy, password: PASSWORD }],
      config: {
        mail: sink.mailConfig,
        // Flows begun, codes typed and codes asked for per client address, whatever the address typed,
        // out of the way.
        rateLimits: { perAccount: { max: 100 }, perAddress: { max: 1000 }, resetPerAddress: { max: 1000 } },
      },
      now: () => new Date(now()),
    });
    app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost', trustProxy: true },
      accounts: t.portal.accounts,
      challenges: t.portal.challenges,
      security: t.portal.security,
      resets: t.portal.resets,
      logger: t.portal.logger,
    });
    await registerPersonalEmail(t.portal, sink, await recoveryUser(t.portal, ivy), ivyHome);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  /** A browser at client address `ip`. */
  const browser = (ip: string): AppClient => appClient(app, 'http://localhost', { 'X-Forwarded-For': ip });

  /** Types the address on /reset (with the proof of work the page asks for). */
  async function startReset(client: AppClient, email: string): Promise<AppPage> {
    const page = await client.get('/reset');
    return client.post('/reset', { email, ...(await challengeFields(page.html)) });
  }

  /** Asks for a code by mail; for Ivy, waits for it in her mailbox (a stranger's guesses must miss it). */
  async function askCode(client: AppClient, email: string): Promise<{ page: AppPage; code: string | null }> {
    const seen = mailedCodes(sink, ivyHome).length;
    const page = await client.post('/reset/verify/send-code', {});
    const code = email === ivy && page.status === 200 ? await nextMailedCode(sink, ivyHome, seen) : null;
    return { page, code };
  }

  /** The page as a known and an unknown address must both see it: no token, no proof of work, no address. */
  const normalise = (page: AppPage, email: string) => ({
    status: page.status,
    location: page.location,
    html: page.html
      .replaceAll(/name="_csrf" value="[^"]*"/g, '')
      .replace(/<script type="application\/json" id="challenge-data">.*?<\/script>/s, '')
      .replaceAll(email, 'EMAIL'),
  });

  const allSent = (): Promise<void> => allMailSent(t.portal);

  /** The mails to `to` that tell of wrong mailed codes. */
  const noticesTo = (to: string): string[] => mailsTo(sink, to, SUBJECT);

  /**
   * Strangers at ten client addresses, ten minutes apart, two codes each and five wrong tries at each:
   * 100 wrong codes. Just before the last of them, the person on a new browser asks for a code. Then she
   * types it, and asks for another. Every page, normalised.
   */
  async function walk(email: string, first: number): Promise<ReturnType<typeof normalise>[]> {
    offset = 0;
    const pages: ReturnType<typeof normalise>[] = [];
    const step = (page: AppPage) => pages.push(normalise(page, email));
    let person = { client: browser(`198.51.100.${first}`), code: null as string | null };
    for (let n = 0; n < 10; n += 1) {
      if (n > 0) offset += 10 * 60_000;
      if (n === 9) {
        step(await startReset(person.client, email));
        const asked = await askCode(person.client, email);
        step(asked.page);
        person = { ...person, code: asked.code };
      }
      const stranger = browser(`203.0.${first}.${n + 1}`);
      step(await startReset(stranger, email));
      for (let c = 0; c < 2; c += 1) {
        const { page, code } = await askCode(stranger, email);
        step(page);
        const wrong = code === '000000' ? '111111' : '000000';
        for (let i = 0; i < 5; i += 1)
          step(await stranger.post('/reset/verify', { factor: 'email_code', code: wrong }));
      }
    }
    // Her code, right (for Ivy) but refused unchecked; then a new code asked for, and refused alike.
    const typed = await person.client.post('/reset/verify', {
      factor: 'email_code',
      code: person.code ?? '123456',
    });
    step(typed);
    const asked = await askCode(person.client, email);
    step(asked.page);
    expect(typed.status).toBe(423);
    expect(typed.html).toContain(LOCKED_WORDS);
    // The same page, refusal and words (only the language switcher's way back names the path posted to).
    const back = (page: AppPage) => ({ ...page, html: page.html.replace(/name="back" value="[^"]*"/, '') });
    expect(normalise(back(asked.page), email)).toEqual(normalise(back(typed), email));
    return pages;
  }

  it('tells the person once, mails no code that would be refused, and answers an unknown address alike', async () => {
    const atStart = mailedCodes(sink, ivyHome).length;
    const known = await walk(ivy, 10);
    await allSent();
    const codesBefore = mailedCodes(sink, ivyHome).length;
    const unknown = await walk(nobody, 20);
    expect(unknown).toEqual(known);
    // The comparison means something: the strangers' 20 codes and hers went to Ivy, and the end is a refusal.
    expect(codesBefore - atStart).toBe(21);
    expect(known.at(-1)?.status).toBe(423);

    await allSent();
    // No code went out once the lock was on, and nobody's address got nothing at all.
    expect(mailedCodes(sink, ivyHome)).toHaveLength(codesBefore);
    expect(sink.received.some((mail) => mail.to.some((to) => to.includes('nobody')))).toBe(false);
    // Ivy was told once, at her work and personal addresses, with what rests and what still works.
    expect(noticesTo(ivy)).toHaveLength(1);
    expect(noticesTo(ivyHome)).toHaveLength(1);
    const notice = noticesTo(ivy)[0] ?? '';
    expect(notice).toContain('100 wrong codes had been typed in a day');
    expect(notice).toContain('for up to a day codes are neither sent to your personal');
    expect(notice).toContain('you can still sign in with your password as usual');
    expect(notice).toContain('nothing needs doing');
    expect(notice).not.toMatch(/^\d{6}\r?$/m);
    expect(notice).not.toMatch(/https?:\/\/\S*token=/);
    // Not the notice of codes asked for: the strangers asked for no more than the hour allows.
    expect(sink.received.some((mail) => decodeMail(mail.raw).includes('Someone is asking for codes'))).toBe(
      false,
    );
  });

  // The notice sends her to a browser she signed in with before: there codes still come and work.
  it('still mails a code that works to the person’s own browser, where she signed in before', async () => {
    // The strangers' ceiling filled above still rests mailed codes for browsers without standing.
    const fresh = browser('198.51.100.98');
    await startReset(fresh, ivy);
    expect((await askCode(fresh, ivy)).page.status).toBe(423);
    const own = browser('198.51.100.99');
    await own.get('/signin');
    expect((await own.post('/signin', { email: ivy, currentPassword: PASSWORD })).status).toBe(200);
    await startReset(own, ivy);
    const { page, code } = await askCode(own, ivy);
    expect(page.status).toBe(200);
    expect(await own.post('/reset/verify', { factor: 'email_code', code: code ?? '' })).toMatchObject({
      status: 303,
      location: '/reset/new-password',
    });
  });
  // A code refused while mailed codes rest mails nothing, but is no free request: it counts on the
  // browser's client address as any code asked for does, and leaves a trace as a typed code refused so.
  it('holds a browser asking again and again while codes rest to its own limit, and audits each refusal', async () => {
    const ip = '198.51.100.97';
    const prober = browser(ip);
    await startReset(prober, nobody);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await prober.post('/reset/verify/send-code', {})).status);
    // The client's 5 codes an hour for the address typed, then its own limit answers.
    expect(statuses).toEqual([...Array(5).fill(423), ...Array(3).fill(429)]);
    const events = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('username', '=', nobody)
      .where('event_type', '=', 'user_second_factor_attempt')
      .execute();
    const refusals = events
      .map((row) => JSON.parse(row.body) as { client_ip: string; error_message: string | null })
      .filter((event) => event.client_ip === ip);
    expect(refusals.map((event) => event.error_message)).toEqual(Array(5).fill('RESET_LOCKED'));
  });

  /** The user_second_factor_attempt rows for `email` from client address `ip`: [user id, refusal code, changes]. */
  async function attemptsAudited(email: string, ip: string): Promise<unknown[][]> {
    const events = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('username', '=', email)
      .where('event_type', '=', 'user_second_factor_attempt')
      .execute();
    return events
      .map(
        (row) =>
          JSON.parse(row.body) as {
            resource: { id: string | null };
            client_ip: string;
            error_message: string | null;
            changes: unknown[];
          },
      )
      .filter((event) => event.client_ip === ip)
      .map((event) => [event.resource.id, event.error_message, event.changes]);
  }

  // A reviewer must see that someone was refused a code because strangers used up the address's hour, as
  // a lock's refusal shows. Each refusal counts on the client's own windows first, which bound the rows.
  it('audits each refusal at the strangers’ ceiling on codes mailed, no more than the client’s own limit lets through', async () => {
    const typed = `nobody.codes@${TEST_TENANT_DOMAIN}`;
    // Strangers at four client addresses, five codes each (two flows: three codes a flow): the hour's 20.
    for (let host = 1; host <= 4; host += 1) {
      const stranger = browser(`203.0.30.${host}`);
      for (const count of [3, 2]) {
        await startReset(stranger, typed);
        for (let i = 0; i < count; i += 1)
          expect((await stranger.post('/reset/verify/send-code', {})).status).toBe(200);
      }
    }
    const ip = '203.0.30.5';
    const fifth = browser(ip);
    await startReset(fifth, typed);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await fifth.post('/reset/verify/send-code', {})).status);
    expect(statuses).toEqual(Array(7).fill(429));
    // Five refused by the ceiling, one row each (the refusal code, no account named, nothing typed); then
    // the client's own 5 an hour for the address refuse first, and leave none.
    expect(await attemptsAudited(typed, ip)).toEqual(
      Array(5).fill([
        null,
        'RATE_LIMITED',
        [
          { field: 'factor', to: 'personal_email' },
          { field: 'flow', to: 'reset' },
        ],
      ]),
    );
  });

  // Only someone who signed in with the password has a device cookie: its browsers filling their hour
  // means someone who holds the password is asking for code after code. The person is told, once.
  it('tells the person once when browsers signed in with the password fill their hour of codes', async () => {
    await allSent();
    // A fresh hour for the devices' ceiling (her own browser asked for a code above).
    offset += 2 * 3_600_000;
    const codesBefore = mailedCodes(sink, ivyHome).length;
    /** A browser in which Ivy's password was proven (it holds a device cookie for her). */
    const signedIn = async (ip: string): Promise<AppClient> => {
      const client = browser(ip);
      await client.get('/signin');
      expect((await client.post('/signin', { email: ivy, currentPassword: PASSWORD })).status).toBe(200);
      return client;
    };
    // Eight such browsers, five codes each (each browser's own 15 minutes' worth): the hour's 40.
    const statuses: number[] = [];
    for (let n = 1; n <= 8; n += 1) {
      const client = await signedIn(`198.51.101.${n}`);
      for (const count of [3, 2]) {
        await startReset(client, ivy);
        for (let i = 0; i < count; i += 1)
          statuses.push((await client.post('/reset/verify/send-code', {})).status);
      }
    }
    expect(statuses).toEqual(Array(40).fill(200));
    // A ninth, which asked for none: refused by the devices' hour, twice; the first refusal tells her.
    const ninth = await signedIn('198.51.101.9');
    await startReset(ninth, ivy);
    for (let i = 0; i < 2; i += 1) expect((await ninth.post('/reset/verify/send-code', {})).status).toBe(429);
    // The notice sends her to IT support: each refusal is in the audit log, from where, with her account.
    const account = await t.portal.store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', ivy)
      .executeTakeFirstOrThrow();
    expect(await attemptsAudited(ivy, '198.51.101.9')).toEqual(
      Array(2).fill([
        account.id,
        'RATE_LIMITED',
        [
          { field: 'factor', to: 'personal_email' },
          { field: 'flow', to: 'reset' },
        ],
      ]),
    );
    await allSent();
    // At most the hour's 40 went out (a code its flow replaced before the mail sender got to it is not mailed).
    expect(mailedCodes(sink, ivyHome).length - codesBefore).toBeLessThanOrEqual(40);
    const told = (to: string): string[] => mailsTo(sink, to, DEVICES_WORDS);
    expect(told(ivy)).toHaveLength(1);
    expect(told(ivyHome)).toHaveLength(1);
    const notice = told(ivy)[0] ?? '';
    expect(notice).toContain('40 codes to reset the password of your');
    expect(notice).toContain('until 60 minutes after the first of them was asked for');
    expect(notice).toContain('someone else knows your password: change it now on the password portal');
    expect(notice).not.toMatch(/^\d{6}\r?$/m);
    expect(notice).not.toMatch(/https?:\/\/\S*token=/);
  });
});
