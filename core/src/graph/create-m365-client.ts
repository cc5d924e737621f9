import { M365_CLOUDS } from './clouds.js';
import { parseM365ClientConfig } from './config-schema.js';
import { createGraphRequester } from './graph-request.js';
import { type GraphUser, toUser, USER_FIELDS } from './graph-user.js';
import { listAllUsers } from './list-all-users.js';
import { listDirectoryAudits } from './list-directory-audits.js';
import { listPasswordChangeTimes } from './list-password-change-times.js';
import { M365Error } from './m365-error.js';
import { createTenantOperations } from './tenant-operations.js';
import { createTokenProvider } from './token-provider.js';
import { createTransport } from './transport.js';
import type { CallOptions, CreateM365ClientOptions, M365Client, M365User } from './types.js';
import { userPath } from './user-path.js';

const PAGE_SIZE = 100;

/**
 * A Graph client for one tenant. Parses `config` with m365ClientConfigSchema and throws an Error
 * naming the bad field; every operation throws M365Error.
 */
export function createM365Client(config: unknown, options: CreateM365ClientOptions = {}): M365Client {
  const parsed = parseM365ClientConfig(config);
  const cloud = typeof parsed.cloud === 'string' ? M365_CLOUDS[parsed.cloud] : parsed.cloud;
  const now = options.now ?? Date.now;
  const transport = createTransport({
    timeoutMs: parsed.timeoutMs,
    ...(parsed.proxyUrl ? { proxyUrl: parsed.proxyUrl } : {}),
    ...(parsed.caCertificates ? { caCertificates: parsed.caCertificates } : {}),
  });
  const tokens = createTokenProvider(parsed, cloud, transport, options.logger);
  const graph = createGraphRequester({
    transport,
    tokens,
    graphBaseUrl: cloud.graphBaseUrl,
    logger: options.logger,
    now,
  });

  async function getUser(idOrUpn: string, callOptions?: CallOptions): Promise<M365User | null> {
    try {
      const response = await graph({
        operation: 'getUser',
        method: 'GET',
        path: `${userPath(idOrUpn)}?$select=${USER_FIELDS}`,
        ...(callOptions ? { options: callOptions } : {}),
      });
      return toUser(JSON.parse(response.body) as GraphUser);
    } catch (error) {
      if (error instanceof M365Error && error.code === 'USER_NOT_FOUND') return null;
      throw error;
    }
  }

  /**
   * Graph answers a refused password and a write to a synced or federated user with the same
   * 400 Request_BadRequest; the user's own properties tell them apart without reading the message.
   */
  async function explainRefusal(
    idOrUpn: string,
    error: M365Error,
    callOptions?: CallOptions,
  ): Promise<M365Error> {
    let source: { onPremisesSyncEnabled?: boolean | null; onPremisesImmutableId?: string | null };
    try {
      const response = await graph({
        operation: 'getUser',
        method: 'GET',
        path: `${userPath(idOrUpn)}?$select=id,onPremisesSyncEnabled,onPremisesImmutableId`,
        ...(callOptions ? { options: callOptions } : {}),
      });
      source = JSON.parse(response.body) as typeof source;
    } catch {
      return error;
    }
    // Federated sign-in requires an immutable id; a synced user has onPremisesSyncEnabled.
    if (source.onPremisesSyncEnabled !== true && !source.onPremisesImmutableId) return error;
    return new M365Error(
      'FEDERATED_OR_SYNCED',
      "the user's password and sign-in are managed outside Microsoft 365 (synced from on-premises or a federated domain)",
      {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.graphCode ? { graphCode: error.graphCode } : {}),
        ...(error.requestId ? { requestId: error.requestId } : {}),
        ...(error.clientRequestId ? { clientRequestId: error.clientRequestId } : {}),
      },
    );
  }

  return {
    getUser,

    async setPassword(idOrUpn, password, callOptions): Promise<void> {
      const { enableAccount, ...rest } = callOptions ?? {};
      const body = {
        // Both flags explicitly false: the portal owns the password, Microsoft must not ask for another.
        passwordProfile: {
          password,
          forceChangePasswordNextSignIn: false,
          forceChangePasswordNextSignInWithMfa: false,
        },
        ...(enableAccount ? { accountEnabled: true } : {}),
      };
      try {
        await graph({
          operation: 'setPassword',
          method: 'PATCH',
          path: userPath(idOrUpn),
          body,
          secret: password,
          options: rest,
        });
      } catch (error) {
        if (error instanceof M365Error && error.code === 'PASSWORD_REJECTED')
          throw await explainRefusal(idOrUpn, error, rest);
        throw error;
      }
    },

    async setAccountEnabled(idOrUpn, enabled, callOptions): Promise<void> {
      try {
        await graph({
          operation: 'setAccountEnabled',
          method: 'PATCH',
          path: userPath(idOrUpn),
          body: { accountEnabled: enabled },
          ...(callOptions ? { options: callOptions } : {}),
        });
      } catch (error) {
        // A synced user's sign-in state is mastered on-premises: Graph refuses with a plain 400.
        if (error instanceof M365Error && error.status === 400 && error.graphCode === 'Request_BadRequest') {
          throw await explainRefusal(idOrUpn, error, callOptions);
        }
        throw error;
      }
    },

    async revokeSessions(idOrUpn, callOptions): Promise<void> {
      await graph({
        operation: 'revokeSessions',
        method: 'POST',
        path: `${userPath(idOrUpn)}/revokeSignInSessions`,
        ...(callOptions ? { options: callOptions } : {}),
      });
    },

    async *listUsers(query, callOptions): AsyncIterable<M365User> {
      const domain = query.domain.toLowerCase().replace(/'/g, "''");
      // endswith() on userPrincipalName is an advanced query: Graph requires ConsistencyLevel and $count.
      const filter = encodeURIComponent(`endswith(userPrincipalName,'@${domain}')`);
      let next: string | undefined =
        `/users?$filter=${filter}&$count=true&$top=${PAGE_SIZE}&$select=${USER_FIELDS}`;
      while (next) {
        const response = await graph({
          operation: 'listUsers',
          method: 'GET',
          path: next,
          headers: { ConsistencyLevel: 'eventual' },
          ...(callOptions ? { options: callOptions } : {}),
        });
        const page = JSON.parse(response.body) as { value: GraphUser[]; '@odata.nextLink'?: string };
        for (const raw of page.value) yield toUser(raw);
        next = page['@odata.nextLink'];
      }
    },

    listAllUsers: (callOptions) => listAllUsers(graph, callOptions),
    listPasswordChangeTimes: (callOptions) => listPasswordChangeTimes(graph, callOptions),

    listDirectoryAudits: (query, callOptions) => listDirectoryAudits(graph, query, callOptions),

    async checkAccess(callOptions): Promise<{ tenantId: string; usersReadable: true }> {
      await graph({
        operation: 'checkAccess',
        method: 'GET',
        path: '/users?$top=1&$select=id',
        ...(callOptions ? { options: callOptions } : {}),
      });
      return { tenantId: parsed.tenantId, usersReadable: true };
    },

    ...createTenantOperations({ graph, tokens, now }),

    async close(): Promise<void> {
      await transport.close();
    },
  };
}
