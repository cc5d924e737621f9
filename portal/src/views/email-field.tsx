/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { describedBy, FieldErrors } from './field-message.js';
import { useMessages } from './page-language.js';

const { email } = CHANGE_FIELDS;

/** The labelled e-mail input every form starts with; the value is shown again after a refusal. */
export function EmailField({ value, errors }: { value: string; errors: readonly string[] }): VNode {
  const { t } = useMessages();
  return (
    <div class={errors.length > 0 ? 'field field--error' : 'field'}>
      <label class="field__label" for={email.id}>
        {t('field.email')}
      </label>
      <p id={`${email.id}-hint`} class="field__hint">
        {t('field.emailHint')}
      </p>
      <FieldErrors fieldId={email.id} errors={errors} />
      <input
        class="field__input"
        id={email.id}
        name={email.name}
        type="email"
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
        required
        value={value}
        aria-invalid={errors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(email.id, { hint: true, errors })}
      />
    </div>
  );
}
