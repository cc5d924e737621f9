/** @jsxRuntime automatic @jsxImportSource preact */
import type { Requirement, RequirementState } from '@passgate/core/policy';
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

export const REQUIREMENTS_ID = 'new-password-requirements';
const LIST_ID = 'new-password-requirements-list';

const STATUS_KEYS: Record<RequirementState, 'requirements.met' | 'requirements.unmet' | null> = {
  unknown: null,
  met: 'requirements.met',
  unmet: 'requirements.unmet',
  'on-submit': null,
  'out-of-reach': null,
};

/**
 * The requirements. Without script (and before typing) every one is listed; while the person types
 * the island passes `collapse`, and the list narrows to what is still missing, with a button that
 * shows them all again (phones: the submit button stays near). A maximum length far out of reach is
 * left out of the live list: the server still enforces it.
 */
export function RequirementList(props: {
  requirements: readonly Requirement[];
  states: readonly RequirementState[];
  /** Null without script or before typing: nothing to collapse. */
  collapse: { expanded: boolean; onToggle: () => void } | null;
}): VNode {
  const { t } = useMessages();
  const listed = props.requirements
    .map((requirement, index) => ({ requirement, state: props.states[index] ?? 'unknown' }))
    .filter(({ state }) => state !== 'out-of-reach');
  const collapsed = props.collapse !== null && !props.collapse.expanded;
  const shown = collapsed ? listed.filter(({ state }) => state === 'unmet') : listed;
  // What only the server judges is grouped under its own heading rather than tagged one by one:
  // the same words, in a few lines less on a phone.
  const here = shown.filter(({ state }) => state !== 'on-submit');
  const onSubmit = shown.filter(({ state }) => state === 'on-submit');
  return (
    <div class="requirements" id={REQUIREMENTS_ID}>
      <p class="requirements__title">{t('requirements.title')}</p>
      <div id={LIST_ID}>
        <ul class="requirements__list">
          {here.map(({ requirement, state }) => (
            <RequirementItem key={requirement.code} requirement={requirement} state={state} />
          ))}
          {shown.length === 0 && (
            <li class="requirement requirement--none">{t('requirements.noneMissing')}</li>
          )}
        </ul>
        {onSubmit.length > 0 && (
          <>
            <p class="requirements__subtitle">{t('requirements.onSubmitTitle')}</p>
            <ul class="requirements__list">
              {onSubmit.map(({ requirement, state }) => (
                <RequirementItem key={requirement.code} requirement={requirement} state={state} />
              ))}
            </ul>
          </>
        )}
      </div>
      {props.collapse !== null && (
        <button
          type="button"
          class="requirements__toggle"
          aria-controls={LIST_ID}
          aria-expanded={props.collapse.expanded ? 'true' : 'false'}
          onClick={props.collapse.onToggle}
        >
          {props.collapse.expanded
            ? t('requirements.showUnmet')
            : t('requirements.showAll', { count: listed.length })}
        </button>
      )}
    </div>
  );
}

function RequirementItem(props: { requirement: Requirement; state: RequirementState }): VNode {
  const { t } = useMessages();
  const { requirement, state } = props;
  const status = STATUS_KEYS[state];
  return (
    <li class={`requirement requirement--${state}`}>
      <span class="requirement__mark" aria-hidden="true" />
      <span class="requirement__text">
        {status !== null && <span class="visually-hidden">{t(status)}</span>}
        {t(requirement.message.key, requirement.message.values)}
        {requirement.imposedByMicrosoft && (
          <Tag text={t('requirements.microsoftRule')} modifier="microsoft" />
        )}
        {state === 'on-submit' && <span class="visually-hidden">, {t('requirements.checkedOnSubmit')}</span>}
      </span>
    </li>
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
