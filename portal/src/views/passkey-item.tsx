/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { RecoveryMethodView } from '../recovery/list-methods.js';
import { PASSKEY_NAME_MAX } from '../recovery/passkey-name.js';
import { type AccountProblem, errorsFor } from './account-problems.js';
import { describedBy, FieldErrors } from './field-message.js';
import { formatDay } from './format-day.js';
import { useMessages } from './page-language.js';
import { UsableFromNote } from './usable-from-note.js';

/** The input a passkey's new name is typed in (one per passkey). */
export function passkeyNameField(methodId: string): string {
  return `passkey-name-${methodId}`;
}

/**
 * One passkey in security info's list: its name (a person may have several, so the name is what tells
 * them apart, down to the buttons' accessible names), when it was added and last used, renaming (in a
 * disclosure that works without script) and removing.
 */
export function PasskeyItem(props: {
  csrfToken: string;
  method: RecoveryMethodView;
  problems: readonly AccountProblem[];
}): VNode {
  const messages = useMessages();
  const { t } = messages;
  const { method, csrfToken } = props;
  const fieldId = passkeyNameField(method.id);
  const errors = errorsFor(props.problems, fieldId);
  return (
    <li class="method">
      <h3 class="method__name">{method.label}</h3>
      <p class="method__detail">{t('kind.passkey')}</p>
      <p class="method__meta">
        {t('method.added', {
          added: formatDay(messages, method.createdAt),
          lastUsed:
            method.lastUsedAt === null ? t('method.neverUsed') : formatDay(messages, method.lastUsedAt),
        })}
      </p>
      <UsableFromNote usableFrom={method.usableFrom} />
      <details class="rename" open={errors.length > 0}>
        <summary>
          {t('passkey.rename')}
          <span class="visually-hidden"> {method.label}</span>
        </summary>
        <form class="form" method="post" action="/account/passkeys/rename" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="method" value={method.id} />
          <div class={errors.length > 0 ? 'field field--error' : 'field'}>
            <label class="field__label" for={fieldId}>
              {t('passkey.newName', { name: method.label })}
            </label>
            <FieldErrors fieldId={fieldId} errors={errors} />
            <input
              class="field__input"
              id={fieldId}
              name="name"
              type="text"
              autocomplete="off"
              maxLength={PASSKEY_NAME_MAX}
              value={method.label}
              aria-invalid={errors.length > 0 ? 'true' : undefined}
              aria-describedby={describedBy(fieldId, { hint: false, errors })}
            />
          </div>
          <button type="submit" class="button button--secondary">
            {t('passkey.saveName')}
          </button>
        </form>
      </details>
      <form method="post" action="/account/remove">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <input type="hidden" name="method" value={method.id} />
        <button type="submit" class="button button--secondary">
          {t('common.remove')}
          <span class="visually-hidden"> {method.label}</span>
        </button>
      </form>
    </li>
  );
}
