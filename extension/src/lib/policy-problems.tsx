import type { JSX } from 'preact';
import { t } from './i18n.js';
import type { ResolvedSettings } from './resolve-settings.js';

/**
 * The policy values the extension could not use, each with its key and why, so whoever looks
 * (a user reporting a problem, an admin checking a rollout) sees what to fix. Firefox does not
 * check policy against the schema, and Chrome passes values its schema allows but the extension
 * refuses, so this is the only place such mistakes show.
 */
export function PolicyProblems({ resolved }: { resolved: ResolvedSettings }): JSX.Element | null {
  const problems = resolved.invalid.filter((entry) => entry.source === 'policy');
  if (problems.length === 0) return null;
  return (
    <div class="problems" role="alert" data-testid="policy-problems">
      <p>{t('extension.policyProblems')}</p>
      <ul>
        {problems.map((entry) => (
          <li key={entry.key} data-key={entry.key}>
            <code>{entry.key}</code>: {entry.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
