import type { RequestOrigin } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMailSent, mailsTo } from '../support/mailed-code.js';
import { recoveryUser, registerPersonalEmail } from '../support/recovery-methods.js';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// The ceiling on codes mailed at /reset (20 an hour per address typed, from every browser without
// standing) through the real services, store and mail sender: strangers who fill it keep the person from
// getting a code for up to an hour, so the person is told, once a day, as for the authenticator's ceiling.

const PASSWORD = 'Harbour-Lantern-73!';
const ivy = `ivy.codes@${TEST_TENANT_DOMAIN}`; // a personal address: her codes, and her notices, go there too
const ivyHome = 'ivy.home@example.net';
const kit = `kit.client@${TEST_TENANT_DOMAIN}`; // a personal address; only one client asks for her codes
const kitHome = 'kit.home@example.net';
const nobody = `nobody.here@${TEST_TENANT_DOMAIN}`; // no account
const lee = `lee.parallel@${TEST_TENANT_DOMAIN}`; // a personal address; strangers are refused for her at once
const leeHome = 'lee.home@example.net';

/** A phrase of the notice of codes stopped (its body: the subject header may be folded). */
const CODES_STOPPED = 'such browsers cannot have any more codes mailed for your account';

describe('the ceiling on codes mailed at /reset', () => {
  let t: TestPortal;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [ivy, kit, lee].map((email) => ({ email, password: PASSWORD })),
      // Flows begun and codes asked for per client address, whatever the address typed, out of the way.
      config: { mail: sink.mailConfig, rateLimits: { resetPerAddress: { max: 1000 } } },
    });
    await registerPersonalEmail(t.portal, sink, await recoveryUser(t.portal, ivy), ivyHome);
    await registerPersonalEmail(t.portal, sink, await recoveryUser(t.portal, kit), kitHome);
    await registerPersonalEmail(t.portal, sink, await recoveryUser(t.portal, lee), leeHome);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const origin = (clientIp: string): RequestOrigin => ({ clientIp, userAgent: 'vitest' });

  /** A new flow for `email` from `clientIp`, and one code asked for in it: the answer. */
  async function codeFrom(email: string, clientIp: string): Promise<unknown> {
    const started = await t.portal.resets.start({ email, ...origin(clientIp) });
    if (started.status !== 'ok') throw new Error(`cannot start: ${started.code}`);
    return t.portal.resets.sendCode(started.grant.token, origin(clientIp));
  }

  /** The answers to `n` codes asked for `email` from each of these client addresses in turn. */
  async function codesFrom(email: string, n: number, clientIps: readonly string[]): Promise<unknown[]> {
    const answers = [];
    for (const clientIp of clientIps)
      for (let i = 0; i < n; i += 1) answers.push(await codeFrom(email, clientIp));
    return answers;
  }

  const allSent = (): Promise<void> => allMailSent(t.portal);

  /** The mails to `to` that tell of codes stopped. */
  const noticesTo = (to: string): string[] => mailsTo(sink, to, CODES_STOPPED);

  const refused = {
    status: 'refused',
    code: 'RATE_LIMITED',
    limit: { reason: 'codes_sent', minutesLeft: 60 },
  };
  const strangers = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'];
  /** What a known address is answered as strangers fill its ceiling: an unknown one must be answered alike. */
  const answersAtTheCeiling = [...Array(20).fill({ status: 'ok' }), refused, refused];

  /** Times the notice's daily slot for the address typed was asked for (ceilingNoticeWindow), 0 if never. */
  async function noticeSlot(email: string): Promise<number> {
    const row = await t.portal.store.db
      .selectFrom('counters')
      .select('count')
      .where('key', '=', `reset-24h:code-notice:${email}`)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  it('tells the person once, at the work and personal addresses, when strangers fill the ceiling', async () => {
    // Strangers at four client addresses, five codes each: the ceiling's 20 for the hour.
    const filled = await codesFrom(ivy, 5, strangers);
    expect(filled).toEqual(Array(20).fill({ status: 'ok' }));
    // The 21st, from a fifth address that asked for none: refused by the ceiling alone, which tells her.
    const twentyFirst = await codeFrom(ivy, '203.0.113.5');
    expect(twentyFirst).toEqual(refused);
    await allSent();
    expect(noticesTo(ivy)).toHaveLength(1);
    expect(noticesTo(ivyHome)).toHaveLength(1);
    const notice = noticesTo(ivy)[0] ?? '';
    expect(notice).toContain('Subject: Someone is asking for codes to reset the password of your');
    expect(notice).toContain('20 codes to reset the password of your');
    expect(notice).toContain('until 60 minutes after the first of them was asked for');
    expect(notice).toContain('your password and your security info are as they were');
    // No code and no link in it: nothing that lets anyone in.
    expect(notice).not.toMatch(/^\d{6}\r?$/m);
    expect(notice).not.toMatch(/https?:\/\/\S*token=/);

    // The 22nd the same day is refused too, and tells her nothing more: at most one a day.
    const twentySecond = await codeFrom(ivy, '203.0.113.6');
    expect(twentySecond).toEqual(refused);
    await allSent();
    expect(noticesTo(ivy)).toHaveLength(1);
    expect(noticesTo(ivyHome)).toHaveLength(1);
    // Not the authenticator's notice: nobody guessed a code.
    expect(sink.received.some((mail) => decodeMail(mail.raw).includes('Someone is guessing codes'))).toBe(
      false,
    );
    expect([...filled, twentyFirst, twentySecond]).toEqual(answersAtTheCeiling);
  });

  it('answers the same for an address with no account, and mails no one', async () => {
    const before = sink.received.length;
    const answers = [
      ...(await codesFrom(nobody, 5, strangers)),
      await codeFrom(nobody, '203.0.113.5'),
      await codeFrom(nobody, '203.0.113.6'),
    ];
    expect(answers).toEqual(answersAtTheCeiling);
    // The same work as for Ivy: the notice's slot taken by the 21st (and found taken, with a read only, by
    // the 22nd) and a sealed request queued, which the mail sender alone, finding no account, turns into
    // nothing.
    expect(await noticeSlot(nobody)).toBe(1);
    expect(await noticeSlot(nobody)).toBe(await noticeSlot(ivy));
    await allSent();
    expect(sink.received.slice(before)).toEqual([]);
  });

  it('tells nobody when a client’s own limit refuses, even with the ceiling full; only the ceiling’s refusal does', async () => {
    // One client, six codes: the sixth is refused by that client's own 5 an hour.
    const one = await codesFrom(kit, 6, ['198.51.100.1']);
    expect(one).toEqual([...Array(5).fill({ status: 'ok' }), refused]);
    await allSent();
    expect(noticesTo(kit)).toEqual([]);
    expect(noticesTo(kitHome)).toEqual([]);
    // Three more fill the ceiling to its 20; a seventh from the first client is refused by its own limit
    // again (it never reaches the full ceiling), and still nobody is told.
    expect(await codesFrom(kit, 5, ['198.51.100.2', '198.51.100.3', '198.51.100.4'])).toEqual(
      Array(15).fill({ status: 'ok' }),
    );
    expect(await codeFrom(kit, '198.51.100.1')).toEqual(refused);
    await allSent();
    expect(noticesTo(kit)).toEqual([]);
    // The first refusal by the ceiling itself tells her.
    expect(await codeFrom(kit, '198.51.100.5')).toEqual(refused);
    await allSent();
    expect(noticesTo(kit)).toHaveLength(1);
    expect(noticesTo(kitHome)).toHaveLength(1);
  });

  // On PostgreSQL the refusals run on connections of their own, as on several instances: the day's slot and
  // the queued request, one transaction, must still be taken by exactly one of them.
  it('tells the person once when refusals at the full ceiling come at the same time', async () => {
    expect(await codesFrom(lee, 5, strangers)).toEqual(Array(20).fill({ status: 'ok' }));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, n) => codeFrom(lee, `203.0.113.${20 + n}`)),
    );
    expect(answers).toEqual(Array(8).fill(refused));
    await allSent();
    expect(noticesTo(lee)).toHaveLength(1);
    expect(noticesTo(leeHome)).toHaveLength(1);
  });
});
