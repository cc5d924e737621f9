import type { GraphRequester } from './graph-request.js';
import type { CallOptions, DirectoryAuditQuery, M365DirectoryAudit } from './types.js';

const PAGE_SIZE = 999;
// Only what Passgate reads: a page of full records is several times larger (Microsoft's own tip).
const FIELDS = 'id,activityDateTime,activityDisplayName,loggedByService,result,initiatedBy,targetResources';

interface RawAudit {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  loggedByService?: string | null;
  result?: string | null;
  initiatedBy?: {
    app?: { appId?: string | null; displayName?: string | null } | null;
    user?: { id?: string | null; userPrincipalName?: string | null } | null;
  } | null;
  targetResources?: { id?: string | null; type?: string | null; userPrincipalName?: string | null }[] | null;
}

/** An OData string literal: quotes doubled. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The $filter Microsoft documents for directoryAudits: `activityDateTime ge` (a bare DateTimeOffset)
 * and `activityDisplayName eq`, several joined by `or` (learn.microsoft.com/graph/api/directoryaudit-list).
 */
export function directoryAuditFilter(query: DirectoryAuditQuery): string {
  const since = `activityDateTime ge ${query.since.toISOString()}`;
  const names = query.activities ?? [];
  if (names.length === 0) return since;
  return `${since} and (${names.map((name) => `activityDisplayName eq ${literal(name)}`).join(' or ')})`;
}

function toAudit(raw: RawAudit): M365DirectoryAudit {
  const app = raw.initiatedBy?.app;
  const user = raw.initiatedBy?.user;
  return {
    id: raw.id,
    activityDateTime: raw.activityDateTime,
    activityDisplayName: raw.activityDisplayName,
    loggedByService: raw.loggedByService ?? null,
    result: raw.result ?? null,
    initiatedBy: {
      app: app ? { appId: app.appId ?? null, displayName: app.displayName ?? null } : null,
      user: user ? { id: user.id ?? null, userPrincipalName: user.userPrincipalName ?? null } : null,
    },
    // Microsoft's own examples spell the property `type` and `Type`: read either.
    targetUsers: (raw.targetResources ?? [])
      .filter((t) => {
        const type = t.type ?? (t as { Type?: string | null }).Type;
        return typeof t.id === 'string' && type?.toLowerCase() === 'user';
      })
      .map((t) => ({ id: t.id as string, userPrincipalName: t.userPrincipalName ?? null })),
  };
}

/**
 * Streams directory audit records since a time, filtered by activity, following @odata.nextLink (only
 * under the Graph root: the requester refuses anything else). A 403 becomes M365Error AUDIT_LOG_DENIED.
 */
export async function* listDirectoryAudits(
  graph: GraphRequester,
  query: DirectoryAuditQuery,
  callOptions?: CallOptions,
): AsyncIterable<M365DirectoryAudit> {
  let next: string | undefined =
    `/auditLogs/directoryAudits?$filter=${encodeURIComponent(directoryAuditFilter(query))}&$select=${FIELDS}&$top=${PAGE_SIZE}`;
  while (next) {
    const response = await graph({
      operation: 'listDirectoryAudits',
      method: 'GET',
      path: next,
      ...(callOptions ? { options: callOptions } : {}),
    });
    const page = JSON.parse(response.body) as { value: RawAudit[]; '@odata.nextLink'?: string };
    for (const raw of page.value) yield toAudit(raw);
    next = page['@odata.nextLink'];
  }
}
