import { randomUUID } from 'node:crypto';

/** Entra ID Free keeps the directory audit log for 7 days (P1/P2: 30). The emulator is a Free tenant. */
export const AUDIT_RETENTION_MS = 7 * 86_400_000;

/** An app or a user, as microsoft.graph.auditActivityInitiator shows them. */
export type AuditInitiator =
  | { kind: 'app'; appId: string; displayName: string; servicePrincipalId: string }
  | { kind: 'user'; id: string; userPrincipalName: string };

/** microsoft.graph.directoryAudit (v1.0), the properties Microsoft documents. */
export interface DirectoryAuditRecord {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: {
    app: {
      appId: string;
      displayName: string;
      servicePrincipalId: string;
      servicePrincipalName: null;
    } | null;
    user: { id: string; displayName: null; userPrincipalName: string; ipAddress: string } | null;
  };
  targetResources: {
    id: string;
    displayName: string | null;
    type: 'User';
    userPrincipalName: string;
    modifiedProperties: never[];
  }[];
  additionalDetails: never[];
}

export interface NewAuditEntry {
  activity: string;
  service: 'Core Directory' | 'Self-service Password Management';
  initiator: AuditInitiator;
  target: { id: string; userPrincipalName: string; displayName: string | null };
  correlationId?: string;
}

interface Stored {
  /** Arrival order: pages of a listing are cut from the records that existed when it began. */
  seq: number;
  at: number;
  record: DirectoryAuditRecord;
}

/** The directory audit log of every emulated tenant, newest last, pruned to the retention on each use. */
export class DirectoryAuditLog {
  private readonly byTenant = new Map<string, Stored[]>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  append(tenantId: string, entry: NewAuditEntry): DirectoryAuditRecord {
    const at = this.now();
    const { initiator, target } = entry;
    const record: DirectoryAuditRecord = {
      id: randomUUID(),
      category: 'UserManagement',
      correlationId: entry.correlationId ?? randomUUID(),
      result: 'success',
      resultReason: '',
      activityDisplayName: entry.activity,
      activityDateTime: new Date(at).toISOString(),
      loggedByService: entry.service,
      operationType: 'Update',
      initiatedBy:
        initiator.kind === 'app'
          ? {
              app: {
                appId: initiator.appId,
                displayName: initiator.displayName,
                servicePrincipalId: initiator.servicePrincipalId,
                servicePrincipalName: null,
              },
              user: null,
            }
          : {
              app: null,
              user: {
                id: initiator.id,
                displayName: null,
                userPrincipalName: initiator.userPrincipalName,
                ipAddress: '',
              },
            },
      targetResources: [
        {
          id: target.id,
          displayName: target.displayName,
          type: 'User',
          userPrincipalName: target.userPrincipalName,
          modifiedProperties: [],
        },
      ],
      additionalDetails: [],
    };
    const list = this.byTenant.get(tenantId) ?? [];
    list.push({ seq: ++this.seq, at, record });
    this.byTenant.set(tenantId, list);
    return record;
  }

  /** The tenant's records still kept, oldest first, each with its arrival number and time. */
  kept(tenantId: string): readonly { seq: number; at: number; record: DirectoryAuditRecord }[] {
    const list = this.byTenant.get(tenantId) ?? [];
    const oldest = this.now() - AUDIT_RETENTION_MS;
    const firstKept = list.findIndex((entry) => entry.at >= oldest);
    if (firstKept !== 0) list.splice(0, firstKept === -1 ? list.length : firstKept);
    return list;
  }

  /** The last arrival number handed out (a listing's snapshot). */
  lastSeq(): number {
    return this.seq;
  }
}
