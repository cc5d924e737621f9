/** @jsxRuntime automatic @jsxImportSource preact */
import type { Messages } from '@passgate/core/i18n/browser';
import { evaluatePassword, type ViolationCode } from '@passgate/core/policy';
import type { VNode } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { useMessages } from './page-language.js';
import type { PasswordFieldsProps } from './password-fields-props.js';
import { PasswordInput } from './password-input.js';
import { REQUIREMENTS_ID, RequirementList, requirementStates } from './requirement-list.js';
import { strengthHint } from './strength-hint.js';

const { currentPassword, newPassword, confirmPassword } = CHANGE_FIELDS;

/**
 * The three password inputs and the requirement list. Rendered on the server as plain HTML (the
 * form works without script) and hydrated in the browser, where it ticks requirements as the user
 * types with the same evaluatePassword() the server runs, and adds show/hide buttons.
 */
export function PasswordFields(props: PasswordFieldsProps): VNode {
  const { t } = useMessages();
  const [enhanced, setEnhanced] = useState(false);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [email, setEmail] = useState('');
  const [shown, setShown] = useState({ current: false, next: false, confirm: false });

  useEffect(() => {
    // Runs only in the browser, after hydration: from here on the page is enhanced.
    setEnhanced(true);
    if (props.emailInputId === null) return;
    const input = document.getElementById(props.emailInputId);
    if (!(input instanceof HTMLInputElement)) return;
    const update = (): void => setEmail(input.value);
    update();
    input.addEventListener('input', update);
    return () => input.removeEventListener('input', update);
  }, [props.emailInputId]);

  useEffect(() => {
    const form = document.getElementById(newPassword.id)?.closest('form');
    if (!form) return;
    // A password shown as text on submit could be kept in the browser's form history: hide them all
    // first (synchronously, since the browser reads the fields right after this event).
    const hideAll = (): void => {
      for (const field of [currentPassword, newPassword, confirmPassword]) {
        const input = document.getElementById(field.id);
        if (input instanceof HTMLInputElement) input.type = 'password';
      }
      setShown({ current: false, next: false, confirm: false });
    };
    form.addEventListener('submit', hideAll);
    return () => form.removeEventListener('submit', hideAll);
  }, []);

  const failed = useMemo((): Set<ViolationCode> | null => {
    if (!enhanced || password === '') return null;
    const evaluation = evaluatePassword(password, props.policy, props.context ?? { email });
    return new Set(evaluation.ok ? [] : evaluation.violations.map((violation) => violation.code));
  }, [enhanced, password, email, props.policy, props.context]);

  const states = requirementStates(props.requirements, failed);
  const checkable = states.filter((state) => state !== 'on-submit').length;
  const met = states.filter((state) => state === 'met').length;
  const strength = strengthHint(password);

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
        errors={props.errors.newPassword}
        describedByExtra={[REQUIREMENTS_ID]}
        enhanced={enhanced}
        shown={shown.next}
        onToggle={() => setShown((was) => ({ ...was, next: !was.next }))}
        onInput={setPassword}
      />
      <RequirementList requirements={props.requirements} states={states} />
      {enhanced && (
        <p class={`strength strength--${strength.level}`} aria-live="polite" aria-atomic="true">
          {password === ''
            ? t(strength.key)
            : t('strength.progress', { strength: t(strength.key), met, total: checkable })}
        </p>
      )}
      <PasswordInput
        id={confirmPassword.id}
        name={confirmPassword.name}
        label={t('field.confirmPassword')}
        autocomplete="new-password"
        errors={props.errors.confirmPassword}
        enhanced={enhanced}
        shown={shown.confirm}
        onToggle={() => setShown((was) => ({ ...was, confirm: !was.confirm }))}
        onInput={setConfirmation}
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

type MatchState = 'empty' | 'yes' | 'no';

function matchState(password: string, confirmation: string): MatchState {
  if (confirmation === '') return 'empty';
  return confirmation === password ? 'yes' : 'no';
}

function matchWords(state: MatchState, t: Messages['t']): string {
  if (state === 'empty') return '';
  return t(state === 'yes' ? 'match.yes' : 'match.no');
}
