import { queueSecurityNotice } from '../notifications/index.js';
import { takeFromWindows } from '../store/port/counters.js';
import type { FlowRow } from './flow-rows.js';
import type { ResetDeps } from './reset-deps.js';
import { ceilingNoticeWindow, TOTP_CEILING } from './reset-limits.js';

/**
 * The strangers' ceiling engaged for the address typed: the person is told, at their work address and
 * every personal one, at most once a day (one slot a day, taken atomically: of parallel refusals on any
 * number of instances exactly one queues it). The ceiling can be filled from one IPv6 /56, so this is how
 * a person learns why their app rests, and what still works, before they need it. The slot is taken for
 * an address with no account too: the request runs the same statements whether or not it exists.
 */
export async function ceilingNotice(deps: ResetDeps, flow: FlowRow, at: number): Promise<void> {
  if (!(await takeFromWindows(deps.db, [ceilingNoticeWindow(flow.email)], at))) return;
  const { user } = flow;
  if (user === null) return;
  // Queued off the request: the answer, and how long it takes, stay the same whether or not the address
  // has an account (the reset link's request keeps its timing the same way).
  void queueNotice(deps, user, at).catch((error: unknown) =>
    deps.logger.error({ err: error }, 'could not queue the notice of guessing at /reset'),
  );
}

async function queueNotice(deps: ResetDeps, user: NonNullable<FlowRow['user']>, at: number): Promise<void> {
  await deps.db
    .transaction()
    .execute((trx) =>
      queueSecurityNotice(
        trx,
        deps,
        user,
        { kind: 'reset_guessing_stopped', failures: TOTP_CEILING.maxAttempts },
        { at },
      ),
    );
  deps.mailSender?.wake();
}
