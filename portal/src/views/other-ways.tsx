/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';

export type Door = 'change' | 'signin' | 'reset' | 'account';

const DOORS: Record<Door, { href: `/${string}`; text: string }> = {
  change: { href: '/change', text: 'Know your password? Change it' },
  signin: { href: '/signin', text: 'Password expired? Sign in to choose a new one' },
  reset: { href: '/reset', text: 'Forgot your password?' },
  account: { href: '/account', text: 'Your security info: ways to get back in' },
};

/** Links to the portal's other doors, so a person on the wrong page finds the right one. */
export function OtherWays({ current }: { current: Door }): VNode {
  const others = (Object.keys(DOORS) as Door[]).filter((door) => door !== current);
  return (
    <nav class="other-ways" aria-label="Other ways to get into your account">
      <ul>
        {others.map((door) => (
          <li key={door}>
            <a href={DOORS[door].href}>{DOORS[door].text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
