import { openPortal, type Portal } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { createTestClock, DAY } from '../support/test-clock.js';

const clock = createTestClock('2026-03-02T09:00:00.000Z');
const EMAIL = 'rita.reminder@contoso.example';
let t: TestPortal;
let sink: SmtpSink;
const extra: Portal[] = [];

function open(): Promise<Portal> {
  return openPortal(t.config, { now: clock.now, startWorker: false, logger: t.portal.logger }).then((p) => {
    extra.push(p);
    return p;
  });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  // The password was set 25 days before the simulation starts; it expires 30 days after it was set.
  const start = clock.now();
  clock.advance(-25 * DAY);
  t = await startTestPortal({
    now: clock.now,
    startBackground: false,
    policy: { maxAgeDays: 30, expiryWarningDays: 7 },
    users: [{ email: EMAIL, password: 'Harbour-Lantern-73!', displayName: 'Rita Reminder' }],
    config: { mail: sink.mailConfig },
  });
  clock.set(start);
});
afterAll(async () => {
  for (const portal of extra) await portal.close().catch(() => undefined);
  await t.close();
  await sink.stop();
});

describe('expiry reminders', () => {
  it('sends exactly one a day in the warning window over 10 days, across a restart and with two instances', async () => {
    let a = await open();
    const b = await open();
    const days = new Set<string>();
    const expiresAt = clock.now().getTime() + 5 * DAY;
    // Every 6 hours for 10 days; both instances tick each time; instance A restarts on day 4.
    for (let tick = 0; tick < 40; tick += 1) {
      if (tick === 16) {
        await a.close();
        a = await open();
      }
      const results = [await a.scheduler.runOnce(), await b.scheduler.runOnce()];
      // The lease: exactly one instance sweeps at each tick.
      expect(results.filter((r) => r.ran)).toHaveLength(1);
      const at = clock.now().getTime();
      if (at < expiresAt && at >= expiresAt - 7 * DAY) days.add(clock.now().toISOString().slice(0, 10));
      clock.advance(DAY / 4);
    }
    const { db } = t.portal.store;
    const queued = await db
      .selectFrom('mail_queue')
      .select(['to_address'])
      .where('kind', '=', 'expiry_warning')
      .execute();
    expect(queued).toHaveLength(days.size);
    expect(days.size).toBe(6);
    const audits = await db
      .selectFrom('audit_events')
      .select('id')
      .where('event_type', '=', 'user_password_warning_email')
      .execute();
    expect(audits).toHaveLength(days.size);
    const sentDays = await db.selectFrom('reminders_sent').select('day').orderBy('day').execute();
    expect(sentDays.map((r) => r.day)).toEqual([...days].sort());
    // And then it expired.
    expect(
      (await db.selectFrom('users').select('status').where('email', '=', EMAIL).executeTakeFirstOrThrow())
        .status,
    ).toBe('expired');

    await a.mailSender.runOnce();
    expect(sink.received).toHaveLength(days.size);
    expect(sink.received.every((m) => m.to[0] === EMAIL)).toBe(true);
    expect(sink.received[0]?.raw).toContain('Subject: Your Passgate password expires in');
  });
});
