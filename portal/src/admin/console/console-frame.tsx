/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import type { ComponentChildren, VNode } from 'preact';
import type { PageFrame } from '../../views/page-frame.js';
import { useMessages } from '../../views/page-language.js';
import { PageLayout } from '../../views/page-layout.js';
import type { AdminActor } from '../admin-actor.js';

export type ConsoleSection = 'overview' | 'users' | 'sync' | 'audit' | 'extension';

export interface ConsoleView {
  frame: PageFrame;
  admin: AdminActor;
  csrfToken: string;
}

const SECTIONS: readonly {
  id: ConsoleSection;
  href: `/admin${string}`;
  key: MessageKey;
  adminOnly?: true;
}[] = [
  { id: 'overview', href: '/admin', key: 'console.nav.overview' },
  { id: 'users', href: '/admin/users', key: 'console.nav.users' },
  { id: 'sync', href: '/admin/sync', key: 'console.nav.sync' },
  { id: 'audit', href: '/admin/audit', key: 'console.nav.audit' },
  { id: 'extension', href: '/admin/extension', key: 'console.nav.extension', adminOnly: true },
];

const ROLE_KEYS = {
  admin: 'console.role.admin',
  helpdesk: 'console.role.helpdesk',
} as const satisfies Record<AdminActor['role'], MessageKey>;

/**
 * Every console page: the portal's layout (with its language switcher, `lang` and `dir`), the console's
 * navigation, who is signed in and a way out.
 */
export function ConsoleFrame(props: {
  view: ConsoleView;
  title: string;
  section: ConsoleSection;
  children: ComponentChildren;
}): VNode {
  const { view } = props;
  const { t } = useMessages();
  return (
    <PageLayout frame={view.frame} title={t('console.title', { title: props.title })}>
      <div class="console">
        <nav class="console-nav" aria-label={t('console.nav.label')}>
          <ul>
            {SECTIONS.filter((s) => s.adminOnly !== true || view.admin.role === 'admin').map((s) => (
              <li key={s.id}>
                <a href={s.href} aria-current={s.id === props.section ? 'page' : undefined}>
                  {t(s.key)}
                </a>
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/signout" class="console-nav__who">
            <span>
              {t('console.signedInAs', {
                name: view.admin.name || view.admin.email || '',
                role: t(ROLE_KEYS[view.admin.role]),
              })}
            </span>
            <input type="hidden" name="_csrf" value={view.csrfToken} />
            <button type="submit" class="button button--secondary">
              {t('console.signOut')}
            </button>
          </form>
        </nav>
        <h1>{props.title}</h1>
        {props.children}
      </div>
    </PageLayout>
  );
}

/** A POST form with the CSRF token and one button: every console action is one. */
export function ActionForm(props: {
  action: string;
  label: string;
  csrfToken: string;
  secondary?: boolean;
  fields?: Record<string, string>;
}): VNode {
  return (
    <form method="post" action={props.action} class="console-action">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.secondary ? 'button button--secondary' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}
