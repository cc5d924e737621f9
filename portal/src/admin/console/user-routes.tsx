/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { UserNotFoundError, UserStateError } from '../../accounts/admin-actions.js';
import { tenantForEmail } from '../../accounts/tenant-for-email.js';
import { renderPage } from '../../http/render-page.js';
import { requireAdmin } from '../guard.js';
import { actorOf, type ConsoleBack, consoleView, refuse } from './console-context.js';
import type { ConsoleDeps } from './console-deps.js';
import { STATUS_KEYS } from './console-format.js';
import { readUserDetail } from './read-user-detail.js';
import { searchUsers } from './search-users.js';
import { runNeverExpires, runUserAction, USER_ACTION_DONE, type UserAction } from './user-actions.js';
import { userFiltersSchema } from './user-filters.js';
import { ConfirmPage, UserPage } from './user-page.js';
import { UsersPage } from './users-page.js';

const idSchema = z.uuid();
const doneSchema = z.enum(USER_ACTION_DONE).optional().catch(undefined);
const neverExpiresSchema = z.object({ on: z.enum(['on', 'off']) });

/** Actions that block someone ask first (a GET shows what it will do, the POST does it). */
const CONFIRMED: Record<
  'expire' | 'suspend' | 'unsuspend',
  { title: MessageKey; button: MessageKey; words: MessageKey }
> = {
  expire: {
    title: 'console.confirm.expire.title',
    button: 'console.confirm.expire.button',
    words: 'console.confirm.expire.text',
  },
  suspend: {
    title: 'console.confirm.suspend.title',
    button: 'console.confirm.suspend.button',
    words: 'console.confirm.suspend.text',
  },
  unsuspend: {
    title: 'console.confirm.unsuspend.title',
    button: 'console.confirm.unsuspend.button',
    words: 'console.confirm.unsuspend.text',
  },
};

/** /admin/users: search, a person's page, and the actions of the admin's role on them. */
export function userRoutes(deps: ConsoleDeps): Hono {
  const { db, config, frame } = deps;
  const routes = new Hono();
  const back: ConsoleBack = { href: '/admin/users', key: 'console.backTo.users' };

  async function load(c: Context): Promise<{ id: string; email: string } | null> {
    const id = idSchema.safeParse(c.req.param('id'));
    if (!id.success) return null;
    const row = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', id.data)
      .executeTakeFirst();
    return row ?? null;
  }

  routes.get('/users', requireAdmin('helpdesk'), async (c) => {
    const parsed = userFiltersSchema.safeParse(c.req.query());
    if (!parsed.success) return refuse(c, frame, 'BAD_QUERY', 'users', back);
    const page = await searchUsers(db, config, parsed.data, deps.now().getTime());
    return renderPage(
      c,
      <UsersPage
        view={consoleView(c, frame)}
        filters={parsed.data}
        tenants={config.tenants.map((t) => t.name)}
        page={page}
      />,
    );
  });

  routes.get('/users/:id', requireAdmin('helpdesk'), async (c) => {
    const user = await load(c);
    const detail = user && (await readUserDetail(db, config, user.email));
    if (!detail) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
    const done = doneSchema.parse(c.req.query('done')) ?? null;
    return renderPage(
      c,
      <UserPage view={consoleView(c, frame)} detail={detail} now={deps.now().getTime()} done={done} />,
    );
  });

  function act(action: UserAction) {
    return async (c: Context): Promise<Response> => {
      const user = await load(c);
      if (user === null) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
      try {
        const done = await runUserAction(deps, action, user.email, actorOf(c));
        deps.wake?.();
        // Post/Redirect/Get: a reload does not act twice, and the timeline shows the action at once.
        return c.redirect(`/admin/users/${user.id}?done=${done}`, 303);
      } catch (error) {
        if (error instanceof UserStateError) {
          // The service's own message is English for the CLI: the console says the state in words.
          const { t } = c.var.messages;
          const current = await db
            .selectFrom('users')
            .select('status')
            .where('id', '=', user.id)
            .executeTakeFirst();
          return refuse(
            c,
            frame,
            'USER_STATE',
            'users',
            { href: `/admin/users/${user.id}`, key: 'console.back' },
            current === undefined
              ? undefined
              : t('console.refusal.USER_STATE.now', { state: t(STATUS_KEYS[current.status]) }),
          );
        }
        if (error instanceof UserNotFoundError) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
        throw error;
      }
    };
  }

  function confirm(action: keyof typeof CONFIRMED) {
    return async (c: Context): Promise<Response> => {
      const user = await load(c);
      if (user === null) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
      const keys = CONFIRMED[action];
      const { t } = c.var.messages;
      return renderPage(
        c,
        <ConfirmPage
          view={consoleView(c, frame)}
          title={t(keys.title)}
          paragraphs={[user.email, t(keys.words)]}
          action={`/admin/users/${user.id}/${action}`}
          button={t(keys.button)}
          back={`/admin/users/${user.id}`}
          section="users"
        />,
      );
    };
  }

  /**
   * Where the person's tenant suspends on expiry, expiring blocks their Microsoft 365 sign-in as
   * suspending does: the same bar then (admin, recent sign-in). Elsewhere helpdesk may expire.
   */
  function expireBar(): MiddlewareHandler {
    const recentAdmin = requireAdmin('admin', { recentAuth: true });
    return async (c, next) => {
      const user = await load(c);
      if (user === null) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
      if (tenantForEmail(config.tenants, user.email)?.onExpiry !== 'suspend') return next();
      if (c.var.admin.role !== 'admin')
        return refuse(c, frame, 'EXPIRE_BLOCKS_SIGNIN', 'users', {
          href: `/admin/users/${user.id}`,
          key: 'console.back',
        });
      return recentAdmin(c, next);
    };
  }

  routes.post('/users/:id/unlock', requireAdmin('helpdesk'), act('unlock'));
  routes.post('/users/:id/reset-link', requireAdmin('helpdesk'), act('reset-link'));
  routes.post('/users/:id/activation-link', requireAdmin('helpdesk'), act('activation-link'));
  routes.get('/users/:id/expire', requireAdmin('helpdesk'), expireBar(), confirm('expire'));
  routes.post('/users/:id/expire', requireAdmin('helpdesk'), expireBar(), act('expire'));
  // Suspending blocks a person everywhere: the admin proves, recently, that they are at the keyboard.
  routes.get('/users/:id/suspend', requireAdmin('admin', { recentAuth: true }), confirm('suspend'));
  routes.post('/users/:id/suspend', requireAdmin('admin', { recentAuth: true }), act('suspend'));
  routes.get('/users/:id/unsuspend', requireAdmin('admin', { recentAuth: true }), confirm('unsuspend'));
  routes.post('/users/:id/unsuspend', requireAdmin('admin', { recentAuth: true }), act('unsuspend'));
  routes.post('/users/:id/never-expires', requireAdmin('admin'), async (c) => {
    const user = await load(c);
    if (user === null) return refuse(c, frame, 'USER_NOT_FOUND', 'users', back);
    const form = neverExpiresSchema.safeParse(await c.req.parseBody());
    if (!form.success)
      return refuse(c, frame, 'BAD_QUERY', 'users', { href: `/admin/users/${user.id}`, key: 'console.back' });
    const done = await runNeverExpires(deps, user.email, form.data.on === 'on', actorOf(c));
    return c.redirect(`/admin/users/${user.id}?done=${done}`, 303);
  });
  return routes;
}
