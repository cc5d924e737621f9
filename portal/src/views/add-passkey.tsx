/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { PASSKEY_NAME_MAX } from '../recovery/passkey-name.js';
import { useMessages } from './page-language.js';
import { PASSKEY_OPTIONS_PATH, PASSKEY_RESPONSE_FIELD } from './passkey-props.js';
import { PasskeyStatus } from './passkey-status.js';

/** The input the new passkey's name is typed in. */
export const NEW_PASSKEY_NAME_FIELD = 'passkey-name';

/**
 * "Add a passkey" in security info: a name (optional) and a button the island turns into the browser's
 * passkey prompt. Without JavaScript the form stays hidden and a note says why.
 */
export function AddPasskey(props: { csrfToken: string; islandSrc: string }): VNode {
  const { t } = useMessages();
  return (
    <>
      <div data-passkey-section hidden>
        <form
          class="form"
          method="post"
          action="/account/passkeys"
          data-passkey="register"
          data-passkey-options={PASSKEY_OPTIONS_PATH}
          data-passkey-purpose="register"
        >
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name={PASSKEY_RESPONSE_FIELD} value="" />
          <div class="field">
            <label class="field__label" for={NEW_PASSKEY_NAME_FIELD}>
              {t('passkey.nameLabel')}
            </label>
            <p id={`${NEW_PASSKEY_NAME_FIELD}-hint`} class="field__hint">
              {t('passkey.nameHint')}
            </p>
            <input
              class="field__input"
              id={NEW_PASSKEY_NAME_FIELD}
              name="name"
              type="text"
              autocomplete="off"
              maxLength={PASSKEY_NAME_MAX}
              aria-describedby={`${NEW_PASSKEY_NAME_FIELD}-hint`}
            />
          </div>
          <button type="submit" class="button">
            {t('passkey.add')}
          </button>
          <PasskeyStatus />
        </form>
        <script type="module" src={props.islandSrc} />
      </div>
      <noscript>
        <p class="field__hint">{t('passkey.needsScript')}</p>
      </noscript>
    </>
  );
}
