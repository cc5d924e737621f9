import { type M365Client, type M365DirectoryAudit, M365Error } from '@passgate/core/graph';
import { describe, expect, it } from 'vitest';
import { readAuditTraces, traceOf } from './read-audit-traces.js';

const OURS = '11111111-2222-4333-8444-555555555555';
const ADELE = 'aaaaaaaa-0000-4000-8000-000000000001';

function record(overrides: Partial<M365DirectoryAudit> & { at: string }): M365DirectoryAudit {
  const { at, ...rest } = overrides;
  return {
    id: `r-${at}`,
    activityDateTime: at,
    activityDisplayName: 'Reset password',
    loggedByService: 'Core Directory',
    result: 'success',
    initiatedBy: { app: { appId: OURS, displayName: 'Passgate' }, user: null },
    targetUsers: [{ id: ADELE, userPrincipalName: 'adele@contoso.example' }],
    ...rest,
  };
}

function clientOf(records: M365DirectoryAudit[] | Error): M365Client {
  return {
    async *listDirectoryAudits() {
      if (records instanceof Error) throw records;
      yield* records;
    },
  } as unknown as M365Client;
}

const helpdesk = { app: null, user: { id: 'u-1', userPrincipalName: 'helpdesk@contoso.example' } };

describe('readAuditTraces()', () => {
  it("keeps, per user, the portal app's latest record and the latest by anyone else", async () => {
    const read = await readAuditTraces(
      clientOf([
        record({ at: '2026-03-02T09:00:05.400Z' }),
        // The admin center writes two records of one reset: the self-service service's says more.
        record({ at: '2026-03-02T09:00:05.450Z', initiatedBy: helpdesk }),
        record({
          at: '2026-03-02T09:00:05.450Z',
          initiatedBy: helpdesk,
          activityDisplayName: 'Reset password (by admin)',
          loggedByService: 'Self-service Password Management',
        }),
        record({ at: '2026-03-02T08:00:00.000Z' }),
        record({ at: '2026-03-02T09:30:00.000Z', initiatedBy: helpdesk, result: 'failure' }),
        record({
          at: '2026-03-02T09:40:00.000Z',
          initiatedBy: helpdesk,
          activityDisplayName: 'Set force change user password',
        }),
      ]),
      OURS.toUpperCase(),
      new Date(0),
    );
    if (read.kind !== 'read') throw new Error('expected a read');
    expect(traceOf(read.traces, ADELE.toUpperCase())).toEqual({
      ownLatestAt: Date.parse('2026-03-02T09:00:05.400Z'),
      foreign: {
        at: Date.parse('2026-03-02T09:00:05.450Z'),
        activity: 'Reset password (by admin)',
        actor: 'helpdesk@contoso.example',
        actorKind: 'user',
        service: 'Self-service Password Management',
      },
    });
    expect(traceOf(read.traces, 'someone-else')).toBeNull();
  });

  it("names an app by its name and id, and keeps a name's control characters out of logs and mails", async () => {
    const read = await readAuditTraces(
      clientOf([
        record({
          at: '2026-03-02T09:00:00.000Z',
          initiatedBy: { app: { appId: 'f00d', displayName: 'HR\nsync\u001b[31m' }, user: null },
        }),
      ]),
      OURS,
      new Date(0),
    );
    if (read.kind !== 'read') throw new Error('expected a read');
    expect(traceOf(read.traces, ADELE)?.foreign?.actor).toBe('HR sync [31m (app f00d)');
  });

  it('says denied when the app may not read the log, and lets any other failure through', async () => {
    const denied = new M365Error('AUDIT_LOG_DENIED', 'no', { status: 403 });
    expect(await readAuditTraces(clientOf(denied), OURS, new Date(0))).toEqual({ kind: 'denied' });
    const down = new M365Error('UNAVAILABLE', 'down');
    await expect(readAuditTraces(clientOf(down), OURS, new Date(0))).rejects.toBe(down);
  });
});
