/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

export type Door = 'change' | 'signin' | 'reset' | 'account';

const DOORS: Record<Door, `/${string}`> = {
  change: '/change',
  signin: '/signin',
  reset: '/reset',
  account: '/account',
};

/** Links to the portal's other doors, so a person on the wrong page finds the right one. */
export function OtherWays({ current }: { current: Door }): VNode {
  const { t } = useMessages();
  const others = (Object.keys(DOORS) as Door[]).filter((door) => door !== current);
  return (
    <nav class="other-ways" aria-label={t('otherWays.label')}>
      <ul>
        {others.map((door) => (
          <li key={door}>
            <a href={DOORS[door]}>{t(`otherWays.${door}`)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
