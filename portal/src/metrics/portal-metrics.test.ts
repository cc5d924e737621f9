import { describe, expect, it } from 'vitest';
import { createPortalMetrics } from './portal-metrics.js';
import type { QueueDepths } from './read-queue-depths.js';

const empty = { count: 0, oldestCreatedAt: null };
const DEPTHS: QueueDepths = {
  outbox: [
    { kind: 'set_password', status: 'queued', group: { count: 3, oldestCreatedAt: 40_000 } },
    { kind: 'set_password', status: 'running', group: empty },
    { kind: 'set_account_enabled', status: 'queued', group: empty },
    { kind: 'set_account_enabled', status: 'running', group: empty },
  ],
  mail: [
    { status: 'queued', group: { count: 2, oldestCreatedAt: 70_000 } },
    { status: 'sending', group: empty },
  ],
};

describe('createPortalMetrics()', () => {
  it('reads the queues at scrape time: depth, and the age of the oldest row', async () => {
    let reads = 0;
    const metrics = createPortalMetrics({
      readQueues: async () => {
        reads++;
        return DEPTHS;
      },
      now: () => 100_000,
    });
    expect(reads).toBe(0);
    const text = await metrics.render();
    expect(reads).toBe(1);
    expect(text).toContain('passgate_outbox_jobs{kind="set_password",status="queued"} 3');
    expect(text).toContain('passgate_outbox_oldest_job_age_seconds{kind="set_password",status="queued"} 60');
    expect(text).toContain('passgate_outbox_jobs{kind="set_account_enabled",status="running"} 0');
    expect(text).toContain(
      'passgate_outbox_oldest_job_age_seconds{kind="set_account_enabled",status="running"} 0',
    );
    expect(text).toContain('passgate_mail_queue_mails{status="queued"} 2');
    expect(text).toContain('passgate_mail_queue_oldest_age_seconds{status="queued"} 30');
    expect(text).toContain('passgate_database_up 1');
  });

  it('leaves the queue series out rather than stale when the database cannot be read', async () => {
    let fail = false;
    const metrics = createPortalMetrics({
      readQueues: async () => {
        if (fail) throw new Error('connection refused');
        return DEPTHS;
      },
    });
    await metrics.render();
    fail = true;
    const text = await metrics.render();
    expect(text).toContain('passgate_database_up 0');
    expect(text).not.toMatch(/^passgate_outbox_jobs\{/m);
    expect(text).not.toMatch(/^passgate_mail_queue_mails\{/m);
  });

  it('has no queue gauges at all without a way to read the queues', async () => {
    const text = await createPortalMetrics().render();
    expect(text).not.toContain('passgate_outbox_jobs');
    expect(text).not.toContain('passgate_database_up');
  });

  it('counts Graph job outcomes by code, tenant pauses in seconds, and mails by outcome', async () => {
    const metrics = createPortalMetrics();
    metrics.jobSettled({ jobId: 'a', status: 'done' });
    metrics.jobSettled({ jobId: 'b', status: 'retrying', code: 'THROTTLED', nextAttemptAt: 1 });
    metrics.jobSettled({
      jobId: 'c',
      status: 'failed',
      code: 'PASSWORD_REJECTED',
      refusal: 'PASSWORD_REJECTED_BY_MICROSOFT',
    });
    metrics.tenantPaused('contoso', 'THROTTLED', 7.5);
    metrics.tenantPaused('contoso', 'THROTTLED', 2.5);
    metrics.mailSettled('reset', 'sent');
    metrics.mailSettled('activation', 'failed');
    const text = await metrics.render();
    expect(text).toContain('passgate_graph_job_outcomes_total{outcome="done",code=""} 1');
    expect(text).toContain('passgate_graph_job_outcomes_total{outcome="retrying",code="THROTTLED"} 1');
    expect(text).toContain('passgate_graph_job_outcomes_total{outcome="failed",code="PASSWORD_REJECTED"} 1');
    expect(text).not.toContain('jobId');
    expect(text).toContain('passgate_graph_paused_seconds_total{tenant="contoso",code="THROTTLED"} 10');
    expect(text).toContain('passgate_mails_total{kind="reset",outcome="sent"} 1');
    expect(text).toContain('passgate_mails_total{kind="activation",outcome="failed"} 1');
  });

  it("reports when each tenant's certificate expires, in Unix seconds", async () => {
    const metrics = createPortalMetrics({
      certificates: [
        { tenant: 'contoso', notAfter: new Date('2031-06-09T09:00:00Z') },
        { tenant: 'fabrikam', notAfter: new Date('2032-01-01T00:00:00.500Z') },
      ],
    });
    const text = await metrics.render();
    expect(text).toContain('# TYPE passgate_graph_certificate_expiry_timestamp_seconds gauge');
    expect(text).toContain(
      'passgate_graph_certificate_expiry_timestamp_seconds{tenant="contoso"} 1938762000',
    );
    expect(text).toContain(
      'passgate_graph_certificate_expiry_timestamp_seconds{tenant="fabrikam"} 1956528000.5',
    );
    // No certificate (client secrets only): no series, rather than a 0 that reads as long expired.
    expect(await createPortalMetrics().render()).not.toMatch(
      /^passgate_graph_certificate_expiry_timestamp_seconds\{/m,
    );
  });

  it('adds the process metrics only when asked', async () => {
    expect(await createPortalMetrics().render()).not.toContain('process_cpu_seconds_total');
    expect(await createPortalMetrics({ processMetrics: true }).render()).toContain(
      'process_cpu_seconds_total',
    );
  });
});
