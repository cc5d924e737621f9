/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { RecoveryOverview } from '../recovery/list-methods.js';
import { AddPasskey } from './add-passkey.js';
import { useMessages } from './page-language.js';

export interface AddMethodsProps {
  csrfToken: string;
  allowed: readonly RecoveryKind[];
  overview: RecoveryOverview;
  /** The passkey island's URL when passkeys can be added here, else null (none offered). */
  passkeyIslandSrc?: string | null;
}

function PostButton(props: { csrfToken: string; action: `/${string}`; text: string }): VNode {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <button type="submit" class="button">
        {props.text}
      </button>
    </form>
  );
}

/**
 * The ways to add (or replace) a method, as buttons and links that work without JavaScript (a passkey,
 * made by the browser, needs it). Only the kinds the organisation allows are offered.
 */
export function AddMethods({ csrfToken, allowed, overview, passkeyIslandSrc }: AddMethodsProps): VNode {
  const { t } = useMessages();
  const has = (kind: RecoveryKind): boolean => overview.methods.some((method) => method.kind === kind);
  const items: VNode[] = [];
  if (allowed.includes('personal_email'))
    items.push(
      <li key="email" class="add-methods__item">
        <a class="button" href="/account/email">
          {t(has('personal_email') ? 'addMethods.changeEmail' : 'addMethods.addEmail')}
        </a>
      </li>,
    );
  if (allowed.includes('totp'))
    items.push(
      <li key="totp" class="add-methods__item">
        <PostButton
          csrfToken={csrfToken}
          action="/account/authenticator"
          text={t(has('totp') ? 'addMethods.replaceTotp' : 'addMethods.addTotp')}
        />
      </li>,
    );
  if (allowed.includes('passkey') && passkeyIslandSrc != null)
    items.push(
      <li key="passkey" class="add-methods__item">
        <AddPasskey csrfToken={csrfToken} islandSrc={passkeyIslandSrc} />
      </li>,
    );
  if (allowed.includes('recovery_codes'))
    items.push(
      <li key="codes" class="add-methods__item">
        <PostButton
          csrfToken={csrfToken}
          action="/account/recovery-codes"
          text={t(overview.recoveryCodes === null ? 'addMethods.createCodes' : 'addMethods.createNewCodes')}
        />
        {overview.recoveryCodes !== null && <p class="field__hint">{t('addMethods.newCodesReplace')}</p>}
      </li>,
    );
  return <ul class="add-methods">{items}</ul>;
}
