/** @jsxRuntime automatic @jsxImportSource preact */
import type { ComponentChildren, VNode } from 'preact';
import type { PageFrame } from '../../views/page-frame.js';
import { PageLayout } from '../../views/page-layout.js';
import type { AdminActor } from '../admin-actor.js';

export type ConsoleSection = 'overview' | 'users' | 'sync' | 'audit' | 'extension';

export interface ConsoleView {
  frame: PageFrame;
  admin: AdminActor;
  csrfToken: string;
}

const SECTIONS: readonly { id: ConsoleSection; href: `/admin${string}`; text: string; adminOnly?: true }[] = [
  { id: 'overview', href: '/admin', text: 'Overview' },
  { id: 'users', href: '/admin/users', text: 'Users' },
  { id: 'sync', href: '/admin/sync', text: 'Sync queue' },
  { id: 'audit', href: '/admin/audit', text: 'Audit log' },
  { id: 'extension', href: '/admin/extension', text: 'Extension', adminOnly: true },
];

/** Every console page: the portal's layout, the console's navigation, who is signed in and a way out. */
export function ConsoleFrame(props: {
  view: ConsoleView;
  title: string;
  section: ConsoleSection;
  children: ComponentChildren;
}): VNode {
  const { view } = props;
  return (
    <PageLayout frame={view.frame} title={`${props.title} – Passgate console`}>
      <div class="console">
        <nav class="console-nav" aria-label="Console">
          <ul>
            {SECTIONS.filter((s) => s.adminOnly !== true || view.admin.role === 'admin').map((s) => (
              <li key={s.id}>
                <a href={s.href} aria-current={s.id === props.section ? 'page' : undefined}>
                  {s.text}
                </a>
              </li>
            ))}
          </ul>
          <form method="post" action="/admin/signout" class="console-nav__who">
            <span>
              Signed in as {view.admin.name || view.admin.email}, role {view.admin.role}
            </span>
            <input type="hidden" name="_csrf" value={view.csrfToken} />
            <button type="submit" class="button button--secondary">
              Sign out
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
