/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { CameFrom } from './came-from.js';
import { type ErrorItem, ErrorSummary } from './error-summary.js';
import { describedBy, FieldErrors } from './field-message.js';
import { JsonDataBlock } from './json-data-block.js';
import { OtherWays } from './other-ways.js';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';
import { PasswordFields } from './password-fields.js';
import { ISLAND_PROPS_ID, ISLAND_ROOT_ID, type PasswordFieldsProps } from './password-fields-props.js';
import { SupportNotice } from './support-notice.js';

export interface ChangePageProps {
  frame: PageFrame;
  csrfToken: string;
  /** The Microsoft page the user came from: displayed (escaped by Preact), never linked or followed. */
  from: string | null;
  /** The e-mail as typed, shown again after a refusal. Passwords are never shown again. */
  email: string;
  errors: readonly ErrorItem[];
  /** A refusal only support can help with (a suspended account): show how to reach them. */
  contactSupport: boolean;
  emailErrors: readonly string[];
  passwordFields: PasswordFieldsProps;
  /** The island's script URL, or null when it was not built. */
  islandSrc: string | null;
}

const { email } = CHANGE_FIELDS;

/** GET /change and a refused POST /change: the change-password form. */
export function ChangePage(props: ChangePageProps): VNode {
  const title = props.errors.length > 0 ? 'Error: Change your password' : 'Change your password';
  return (
    <PageLayout
      frame={props.frame}
      title={title}
      scripts={
        props.islandSrc !== null && (
          <>
            <JsonDataBlock id={ISLAND_PROPS_ID} data={props.passwordFields} />
            <script type="module" src={props.islandSrc} />
          </>
        )
      }
    >
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>Change your password</h1>
      <p class="lead">
        {props.frame.organisationName} manages your Microsoft 365 password here. Change it on this page and
        Microsoft 365 will use the new password too.
      </p>
      {props.from !== null && <CameFrom from={props.from} kind="change" />}
      <form class="form" method="post" action="/change" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.from !== null && <input type="hidden" name="from" value={props.from} />}
        <div class={props.emailErrors.length > 0 ? 'field field--error' : 'field'}>
          <label class="field__label" for={email.id}>
            {email.label}
          </label>
          <p id={`${email.id}-hint`} class="field__hint">
            The address you use to sign in to Microsoft 365.
          </p>
          <FieldErrors fieldId={email.id} errors={props.emailErrors} />
          <input
            class="field__input"
            id={email.id}
            name={email.name}
            type="email"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={props.email}
            aria-invalid={props.emailErrors.length > 0 ? 'true' : undefined}
            aria-describedby={describedBy(email.id, { hint: true, errors: props.emailErrors })}
          />
        </div>
        <div id={ISLAND_ROOT_ID}>
          <PasswordFields {...props.passwordFields} />
        </div>
        <button type="submit" class="button">
          Change password
        </button>
      </form>
      <OtherWays current="change" />
    </PageLayout>
  );
}
