/** @jsxRuntime automatic @jsxImportSource preact */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { renderPage } from '../../http/render-page.js';
import { requireAdmin } from '../guard.js';
import { actorOf, type ConsoleBack, consoleView, refuse } from './console-context.js';
import type { ConsoleDeps } from './console-deps.js';
import { giveUpJob, retryJob } from './job-actions.js';
import { readSyncQueue } from './read-sync-queue.js';
import { SyncPage } from './sync-page.js';
import { ConfirmPage } from './user-page.js';

const idSchema = z.uuid();
const doneSchema = z.enum(['retry', 'give-up']).optional().catch(undefined);

/** /admin/sync: jobs that failed or keep retrying; retry now (helpdesk), give up (admin). */
export function syncRoutes(deps: ConsoleDeps): Hono {
  const { db, frame } = deps;
  const routes = new Hono();
  const back: ConsoleBack = { href: '/admin/sync', key: 'console.backTo.sync' };

  /** After an action: back to the user's page when it came from there, else to the queue. */
  function returnTo(c: Context, done: string): Response {
    const referer = c.req.header('referer');
    // A Referer is whatever the browser (or anyone) sends: one URL cannot parse is no way back, not a 500.
    const path =
      referer !== undefined && URL.canParse(referer, 'http://x') ? new URL(referer, 'http://x').pathname : '';
    const userPage = /^\/admin\/users\/[0-9a-f-]{36}$/.exec(path);
    return c.redirect(userPage ? `${userPage[0]}?done=${done}` : `/admin/sync?done=${done}`, 303);
  }

  routes.get('/sync', requireAdmin('helpdesk'), async (c) => {
    const queue = await readSyncQueue(db);
    const done = doneSchema.parse(c.req.query('done')) ?? null;
    return renderPage(
      c,
      <SyncPage view={consoleView(c, frame)} {...queue} now={deps.now().getTime()} done={done} />,
    );
  });

  routes.post('/sync/:id/retry', requireAdmin('helpdesk'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return refuse(c, frame, 'JOB_NOT_RETRYABLE', 'sync', back);
    const outcome = await retryJob(db, id.data, deps.now(), actorOf(c));
    if (outcome !== 'done') return refuse(c, frame, outcome, 'sync', back);
    deps.wake?.();
    return returnTo(c, 'retry');
  });

  routes.get('/sync/:id/give-up', requireAdmin('admin'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    const job =
      id.success &&
      (await db.selectFrom('outbox_jobs').select(['id', 'upn']).where('id', '=', id.data).executeTakeFirst());
    if (!job) return refuse(c, frame, 'JOB_NOT_RETRYABLE', 'sync', back);
    const { t } = c.var.messages;
    return renderPage(
      c,
      <ConfirmPage
        view={consoleView(c, frame)}
        title={t('console.confirm.giveUp.title')}
        paragraphs={[job.upn, t('console.confirm.giveUp.text')]}
        action={`/admin/sync/${job.id}/give-up`}
        button={t('console.confirm.giveUp.button')}
        back="/admin/sync"
        section="sync"
      />,
    );
  });

  routes.post('/sync/:id/give-up', requireAdmin('admin'), async (c) => {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return refuse(c, frame, 'JOB_NOT_RETRYABLE', 'sync', back);
    const outcome = await giveUpJob(db, id.data, deps.now(), actorOf(c), deps.adminDeps);
    deps.wake?.();
    if (outcome !== 'done') return refuse(c, frame, outcome, 'sync', back);
    return c.redirect('/admin/sync?done=give-up', 303);
  });
  return routes;
}
