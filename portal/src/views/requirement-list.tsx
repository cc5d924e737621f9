/** @jsxRuntime automatic @jsxImportSource preact */
import type { Requirement, ViolationCode } from '@passgate/core/policy';
import type { VNode } from 'preact';

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

const STATUS_WORDS: Record<RequirementState, string> = {
  unknown: '',
  met: 'Done: ',
  unmet: 'Not yet: ',
  'on-submit': '',
};

/** The requirements, listed before typing; ticked live once the island runs. */
export function RequirementList(props: {
  requirements: readonly Requirement[];
  states: readonly RequirementState[];
}): VNode {
  return (
    <div class="requirements" id={REQUIREMENTS_ID}>
      <p class="requirements__title">Your new password needs:</p>
      <ul class="requirements__list">
        {props.requirements.map((requirement, index) => {
          const state = props.states[index] ?? 'unknown';
          return (
            <li key={requirement.code} class={`requirement requirement--${state}`}>
              <span class="requirement__mark" aria-hidden="true" />
              <span class="requirement__text">
                {STATUS_WORDS[state] !== '' && <span class="visually-hidden">{STATUS_WORDS[state]}</span>}
                {requirement.text}
                {requirement.imposedByMicrosoft && <Tag text="Microsoft 365 rule" modifier="microsoft" />}
                {requirement.checkedOnSubmit && <Tag text="checked when you submit" />}
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
