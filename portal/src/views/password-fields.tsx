/** @jsxRuntime automatic @jsxImportSource preact */
import type { Messages } from '@passgate/core/i18n/browser';
import {
  type LiveCheck,
  liveProgress,
  liveRequirementStates,
  type Requirement,
  strengthHint,
} from '@passgate/core/policy';
import type { VNode } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { useMessages } from './page-language.js';
import type { PasswordFieldsProps } from './password-fields-props.js';
import { PasswordInput } from './password-input.js';
import { REQUIREMENTS_ID, RequirementList } from './requirement-list.js';
import { type SubmitProblem, submitProblem } from './submit-problem.js';

const { currentPassword, newPassword, confirmPassword } = CHANGE_FIELDS;

/** The requirements this person is shown: history rules mean nothing before a first password. */
function shownRequirements(props: PasswordFieldsProps): Requirement[] {
  if (props.firstPassword !== true) return props.requirements;
  return props.requirements.filter((r) => r.code !== 'REUSED' && r.code !== 'TOO_SOON');
}

/**
 * The three password inputs and the requirement list. Rendered on the server as plain HTML (the
 * form works without script) and hydrated in the browser, where it ticks requirements as the user
 * types with the same evaluatePassword() the server runs, narrows the list to what is missing, adds
 * show/hide buttons, and holds back a submit the browser already knows would be refused.
 */
export function PasswordFields(props: PasswordFieldsProps): VNode {
  const { t } = useMessages();
  const [enhanced, setEnhanced] = useState(false);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [email, setEmail] = useState('');
  const [shown, setShown] = useState({ current: false, next: false, confirm: false });
  const [expanded, setExpanded] = useState(false);
  const [problem, setProblem] = useState<SubmitProblem | null>(null);
  const requirements = useMemo(() => shownRequirements(props), [props]);

  useEffect(() => {
    // Runs only in the browser, after hydration: from here on the page is enhanced.
    setEnhanced(true);
    // What was typed before the island woke (its wording is fetched first) is judged at once.
    setPassword(fieldValue(newPassword.id));
    setConfirmation(fieldValue(confirmPassword.id));
    if (props.emailInputId === null) return;
    const input = document.getElementById(props.emailInputId);
    if (!(input instanceof HTMLInputElement)) return;
    const update = (): void => setEmail(input.value);
    update();
    input.addEventListener('input', update);
    return () => input.removeEventListener('input', update);
  }, [props.emailInputId]);

  const check = (next: string): LiveCheck | null =>
    next === ''
      ? null
      : {
          password: next,
          policy: props.policy,
          // The change page does not know the person's name before they prove who they are.
          context: props.context ?? { email },
          nameKnown: props.context !== null,
        };
  const latest = useRef({ requirements, check });
  latest.current = { requirements, check };

  useEffect(() => {
    const form = document.getElementById(newPassword.id)?.closest('form');
    if (!form) return;
    const onSubmit = (event: SubmitEvent): void => {
      // A new password the browser can already see is wrong is held back: no round trip, so the
      // current password the person typed stays in its field (it is never written into the HTML).
      const found = submitProblem(fieldValue(newPassword.id), fieldValue(confirmPassword.id), latest.current);
      setProblem(found);
      if (found !== null) {
        event.preventDefault();
        // Nothing else should act on a submit that is not happening (the proof-of-work island would
        // otherwise send the form by itself once its work is done).
        event.stopImmediatePropagation();
        setExpanded(false);
        document.getElementById(found.field === 'newPassword' ? newPassword.id : confirmPassword.id)?.focus();
        return;
      }
      // A password shown as text on submit could be kept in the browser's form history: hide them all
      // first (synchronously, since the browser reads the fields right after this event).
      for (const field of [currentPassword, newPassword, confirmPassword]) {
        const input = document.getElementById(field.id);
        if (input instanceof HTMLInputElement) input.type = 'password';
      }
      setShown({ current: false, next: false, confirm: false });
    };
    form.addEventListener('submit', onSubmit);
    return () => form.removeEventListener('submit', onSubmit);
  }, []);

  const states = liveRequirementStates(requirements, enhanced ? check(password) : null);
  const progress = liveProgress(states);
  const strength = strengthHint(password, progress.checked - progress.met);
  const typing = enhanced && password !== '';
  const problemWords = problem && t(problem.key, problem.values);

  return (
    <>
      {props.askCurrent && (
        <PasswordInput
          id={currentPassword.id}
          name={currentPassword.name}
          label={t('field.currentPassword')}
          autocomplete="current-password"
          errors={props.errors.currentPassword}
          enhanced={enhanced}
          shown={shown.current}
          onToggle={() => setShown((was) => ({ ...was, current: !was.current }))}
        />
      )}
      <PasswordInput
        id={newPassword.id}
        name={newPassword.name}
        label={t('field.newPassword')}
        hint={t('field.newPasswordHint')}
        autocomplete="new-password"
        errors={problem?.field === 'newPassword' && problemWords ? [problemWords] : props.errors.newPassword}
        describedByExtra={[REQUIREMENTS_ID]}
        enhanced={enhanced}
        shown={shown.next}
        onToggle={() => setShown((was) => ({ ...was, next: !was.next }))}
        onInput={(value) => {
          setPassword(value);
          setProblem(null);
        }}
      />
      <RequirementList
        requirements={requirements}
        states={states}
        collapse={typing ? { expanded, onToggle: () => setExpanded((was) => !was) } : null}
      />
      {enhanced && (
        <p class={`strength strength--${strength.level}`} aria-live="polite" aria-atomic="true">
          {password === '' ? (
            // Nothing to hint yet: said to a screen reader, no line of its own on the screen.
            <span class="visually-hidden">{t(strength.key)}</span>
          ) : (
            t('strength.progress', {
              strength: t(strength.key),
              met: progress.met,
              checked: progress.checked,
              pending: progress.pending,
            })
          )}
        </p>
      )}
      <PasswordInput
        id={confirmPassword.id}
        name={confirmPassword.name}
        label={t('field.confirmPassword')}
        autocomplete="new-password"
        errors={
          problem?.field === 'confirmPassword' && problemWords ? [problemWords] : props.errors.confirmPassword
        }
        enhanced={enhanced}
        shown={shown.confirm}
        onToggle={() => setShown((was) => ({ ...was, confirm: !was.confirm }))}
        onInput={(value) => {
          setConfirmation(value);
          setProblem(null);
        }}
      />
      {enhanced && (
        // Always present once enhanced: a live region must exist before its text changes to be announced.
        <p class={`match match--${matchState(password, confirmation)}`} aria-live="polite">
          {matchWords(matchState(password, confirmation), t)}
        </p>
      )}
    </>
  );
}

function fieldValue(id: string): string {
  const input = document.getElementById(id);
  return input instanceof HTMLInputElement ? input.value : '';
}

type MatchState = 'empty' | 'yes' | 'no';

function matchState(password: string, confirmation: string): MatchState {
  if (confirmation === '') return 'empty';
  return confirmation === password ? 'yes' : 'no';
}

function matchWords(state: MatchState, t: Messages['t']): string {
  if (state === 'empty') return '';
  return t(state === 'yes' ? 'match.yes' : 'match.no');
}
