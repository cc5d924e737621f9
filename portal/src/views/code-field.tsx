/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { describedBy, FieldErrors, hintIdFor } from './field-message.js';

export interface CodeFieldProps {
  id: string;
  name: string;
  label: string;
  hint: string;
  errors: readonly string[];
  /** Digits only (authenticator and e-mail codes): a numeric keypad on phones. */
  numeric: boolean;
}

/** A labelled input for a one-time code. It never carries a value: a code is not echoed into HTML. */
export function CodeField(props: CodeFieldProps): VNode {
  const { id, errors } = props;
  return (
    <div class={errors.length > 0 ? 'field field--error' : 'field'}>
      <label class="field__label" for={id}>
        {props.label}
      </label>
      <p id={hintIdFor(id)} class="field__hint">
        {props.hint}
      </p>
      <FieldErrors fieldId={id} errors={errors} />
      <input
        class={props.numeric ? 'field__input field__input--code' : 'field__input'}
        id={id}
        name={props.name}
        type="text"
        autocomplete="one-time-code"
        autocapitalize="none"
        spellcheck={false}
        inputmode={props.numeric ? 'numeric' : 'text'}
        required
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(id, { hint: true, errors })}
      />
    </div>
  );
}
