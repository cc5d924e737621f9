import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/database-schema.js';
import { extendTenantPause, readTenantPauses } from '../store/port/tenant-pause.js';

/**
 * The pauses Microsoft asked for, per tenant, as every portal instance sees them. Throttling is per app
 * per tenant (https://learn.microsoft.com/en-us/graph/throttling-limits), and the app is shared by all
 * instances: when one is told 429 with Retry-After, the others would only draw more 429s by calling
 * before the pause ends, so the pause is recorded in the database and read before every claim.
 */
export interface SharedTenantPauses {
  /** Reads the pauses recorded by any instance (one statement); returns the tenants paused at `now`. */
  pausedAt(now: number): Promise<string[]>;
  /**
   * Microsoft asked to leave `tenant` alone until `until`: records it for every instance, and returns
   * how many ms this call added to the shared pause (past its end as recorded by any instance; 0:
   * nothing new). Summed over every instance, each ms a tenant was paused counts once: the second
   * instance told 429 within a pause the first one recorded adds only what reaches past it.
   */
  extend(tenant: string, until: number, at: number): Promise<number>;
  /** How long from `at` until the first known pause ends (the loop wakes then, not at its next poll); null: none. */
  heldBackForMs(at: number): number | null;
}

export function sharedTenantPauses(db: Kysely<Database>, logger: Logger): SharedTenantPauses {
  // The latest end known here, from this instance's own answers and from the last read.
  const known = new Map<string, number>();
  const raise = (tenant: string, until: number): void => {
    if (until > (known.get(tenant) ?? 0)) known.set(tenant, until);
  };
  return {
    async pausedAt(now): Promise<string[]> {
      for (const [tenant, until] of await readTenantPauses(db, now)) raise(tenant, until);
      return [...known].filter(([, until]) => until > now).map(([tenant]) => tenant);
    },
    async extend(tenant, until, at): Promise<number> {
      const before = Math.max(known.get(tenant) ?? 0, at);
      raise(tenant, until);
      try {
        const shared = await extendTenantPause(db, tenant, until, at);
        raise(tenant, shared.end);
        return shared.added;
      } catch (error) {
        // This instance still honours the pause; the others learn of it from their own 429s. Counted
        // past the end known here: the others, not told, count their own.
        logger.warn({ err: error, tenant }, 'could not record the tenant pause for the other instances');
        return Math.max(0, until - before);
      }
    },
    heldBackForMs(at): number | null {
      const ends = [...known.values()].filter((until) => until > at);
      return ends.length === 0 ? null : Math.min(...ends) - at;
    },
  };
}
