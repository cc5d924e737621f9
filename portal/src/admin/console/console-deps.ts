import type { Kysely } from 'kysely';
import type { AccountAdminDeps } from '../../accounts/admin-actions.js';
import type { PortalConfig } from '../../config/portal-config.js';
import type { Database } from '../../store/database-schema.js';
import type { PageFrame } from '../../views/page-frame.js';

/** What the console needs from the portal's runtime (runtime.ts has every part). */
export interface ConsoleDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  /** What the CLI's `passgate users …` actions take: the console calls the same functions. */
  adminDeps: AccountAdminDeps;
  frame: PageFrame;
  now: () => Date;
  /** Called after an action queued work (a Graph job, a mail): the worker and mail sender look at once. */
  wake?: () => void;
}
