/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { describedBy, FieldErrors, hintIdFor } from './field-message.js';
import { useMessages } from './page-language.js';

export interface PasswordInputProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors: readonly string[];
  autocomplete: 'current-password' | 'new-password';
  /** Ids of further elements that describe the input (e.g. the requirement list). */
  describedByExtra?: readonly string[];
  /** Set once the island runs: shows the show/hide button (useless without script). */
  enhanced: boolean;
  shown: boolean;
  onToggle?: () => void;
  onInput?: (value: string) => void;
}

/** A labelled password input. It never carries a value: a password is never echoed into HTML. */
export function PasswordInput(props: PasswordInputProps): VNode {
  const { t } = useMessages();
  const { id, errors, hint } = props;
  return (
    <div class={errors.length > 0 ? 'field field--error' : 'field'}>
      <label class="field__label" for={id}>
        {props.label}
      </label>
      {hint !== undefined && (
        <p id={hintIdFor(id)} class="field__hint">
          {hint}
        </p>
      )}
      <FieldErrors fieldId={id} errors={errors} />
      <div class="password-input">
        <input
          class="field__input password-input__input"
          id={id}
          name={props.name}
          {...(props.shown ? { type: 'text' as const } : { type: 'password' as const })}
          autocomplete={props.autocomplete}
          autocapitalize="none"
          spellcheck={false}
          required
          aria-invalid={errors.length > 0 ? 'true' : undefined}
          aria-describedby={describedBy(id, { hint: hint !== undefined, errors }, props.describedByExtra)}
          onInput={props.onInput && ((event) => props.onInput?.(event.currentTarget.value))}
        />
        {props.enhanced && (
          <button
            type="button"
            class="password-input__toggle"
            aria-controls={id}
            aria-pressed={props.shown ? 'true' : 'false'}
            onClick={props.onToggle}
          >
            {t('field.show')}
            <span class="visually-hidden"> {props.label.toLowerCase()}</span>
          </button>
        )}
      </div>
    </div>
  );
}
