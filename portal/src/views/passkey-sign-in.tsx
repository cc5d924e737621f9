/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PasskeyPurpose } from '../recovery/passkey-challenges.js';
import { PASSKEY_OPTIONS_PATH, PASSKEY_RESPONSE_FIELD } from './passkey-props.js';
import { PasskeyStatus } from './passkey-status.js';

export interface PasskeySignInProps {
  /** The passkey island's URL; null: passkeys are not offered here, nothing is rendered. */
  islandSrc: string | null | undefined;
  csrfToken: string;
  /** What the passkey is asked for: sent with the options request, and names the section's heading id. */
  purpose: PasskeyPurpose;
  /** Where the island asks for the options (JSON); default /passkeys/options (security info, /signin). */
  optionsPath?: `/${string}`;
  /** Where the answer is sent, as the form's `response` field. */
  action: `/${string}`;
  heading: string;
  intro: string;
  button: string;
  /** The e-mail input whose autofill offers the person's passkeys too (conditional mediation), if any. */
  autofillInputId?: string;
  /** Said without JavaScript, where the passkey is the only way on (a second step offering nothing else). */
  withoutScript?: string;
  /** Where the person came from (read-from-param.ts), carried to the POST as the password form carries it. */
  from?: string | null | undefined;
}

/**
 * "Sign in with a passkey" (or "Use a passkey" wherever a passkey proves the person): a form the island
 * sends with the browser's answer. Hidden until the island finds a browser that can use passkeys, so
 * without JavaScript there is no button that cannot work and the form beside it is all there is.
 */
export function PasskeySignIn(props: PasskeySignInProps): VNode | null {
  if (props.islandSrc == null) return null;
  const headingId = `passkey-${props.purpose}-heading`;
  return (
    <>
      {props.withoutScript !== undefined && (
        <noscript>
          <p class="notice">{props.withoutScript}</p>
        </noscript>
      )}
      <section class="passkey" data-passkey-section hidden aria-labelledby={headingId}>
        <h2 id={headingId}>{props.heading}</h2>
        <p>{props.intro}</p>
        <form
          method="post"
          action={props.action}
          data-passkey="sign-in"
          data-passkey-options={props.optionsPath ?? PASSKEY_OPTIONS_PATH}
          data-passkey-purpose={props.purpose}
          data-passkey-autofill={props.autofillInputId}
        >
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name={PASSKEY_RESPONSE_FIELD} value="" />
          {props.from != null && <input type="hidden" name="from" value={props.from} />}
          <button type="submit" class="button button--secondary">
            {props.button}
          </button>
          <PasskeyStatus />
        </form>
        <script type="module" src={props.islandSrc} />
      </section>
    </>
  );
}
