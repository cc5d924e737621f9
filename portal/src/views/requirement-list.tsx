/** @jsxRuntime automatic @jsxImportSource preact */
import type { Requirement, ViolationCode } from '@passgate/core/policy';
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

/** What is known about one requirement while the user types; `unknown` before any typing or without script. */
export type RequirementState = 'unknown' | 'met' | 'unmet' | 'on-submit';

export const REQUIREMENTS_ID = 'new-password-requirements';

/**
 * The state of each requirement for what the browser could check. `failed` holds the codes the
 * browser's evaluation found; a requirement only the server can check stays `on-submit` unless the
 * browser already caught it (a custom banned term, say).
 */
export function requirementStates(
  requirements: readonly Requirement[],
  failed: ReadonlySet<ViolationCode> | null,
): RequirementState[] {
  return requirements.map((requirement) => {
    if (failed === null) return requirement.checkedOnSubmit ? 'on-submit' : 'unknown';
    if (failed.has(requirement.code)) return 'unmet';
    return requirement.checkedOnSubmit ? 'on-submit' : 'met';
  });
}

const STATUS_KEYS: Record<RequirementState, 'requirements.met' | 'requirements.unmet' | null> = {
  unknown: null,
  met: 'requirements.met',
  unmet: 'requirements.unmet',
  'on-submit': null,
};

/** The requirements, listed before typing; ticked live once the island runs. */
export function RequirementList(props: {
  requirements: readonly Requirement[];
  states: readonly RequirementState[];
}): VNode {
  const { t } = useMessages();
  return (
    <div class="requirements" id={REQUIREMENTS_ID}>
      <p class="requirements__title">{t('requirements.title')}</p>
      <ul class="requirements__list">
        {props.requirements.map((requirement, index) => {
          const state = props.states[index] ?? 'unknown';
          const status = STATUS_KEYS[state];
          return (
            <li key={requirement.code} class={`requirement requirement--${state}`}>
              <span class="requirement__mark" aria-hidden="true" />
              <span class="requirement__text">
                {status !== null && <span class="visually-hidden">{t(status)}</span>}
                {t(requirement.message.key, requirement.message.values)}
                {requirement.imposedByMicrosoft && (
                  <Tag text={t('requirements.microsoftRule')} modifier="microsoft" />
                )}
                {requirement.checkedOnSubmit && <Tag text={t('requirements.checkedOnSubmit')} />}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Tag({ text, modifier }: { text: string; modifier?: string }): VNode {
  // The hidden comma keeps a screen reader from running the rule and its tag into one word.
  return (
    <>
      <span class="visually-hidden">, </span>
      <span class={modifier === undefined ? 'tag' : `tag tag--${modifier}`}>{text}</span>
    </>
  );
}
