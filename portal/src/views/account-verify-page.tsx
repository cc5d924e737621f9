/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import { FactorCodeForm } from './factor-code-form.js';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';
import { PasskeySignIn } from './passkey-sign-in.js';

export interface AccountVerifyPageProps {
  frame: PageFrame;
  csrfToken: string;
  email: string;
  factors: readonly RecoveryKind[];
  personalEmailHint: string | null;
  problems: readonly AccountProblem[];
  /** Good news to announce (a code was sent), or null. */
  status: string | null;
}

/** The input id of each second factor's code, which its refusals link to. */
export const FACTOR_FIELDS = {
  totp: 'totp-code',
  email_code: 'email-code',
  recovery_code: 'recovery-code',
} as const;

function FactorForm(props: {
  csrfToken: string;
  factor: keyof typeof FACTOR_FIELDS;
  label: string;
  hint: string;
  numeric: boolean;
  problems: readonly AccountProblem[];
}): VNode {
  return <FactorCodeForm action="/account/verify" fieldId={FACTOR_FIELDS[props.factor]} {...props} />;
}

/** GET/POST /account/verify: the second step of signing in to security info. */
export function AccountVerifyPage(props: AccountVerifyPageProps): VNode {
  const heading = 'Prove it is you';
  const has = (kind: RecoveryKind): boolean => props.factors.includes(kind);
  const { csrfToken, problems } = props;
  return (
    <PageLayout frame={props.frame} title={problems.length > 0 ? `Error: ${heading}` : heading}>
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.status !== null && (
        <p class="notice" role="status">
          {props.status}
        </p>
      )}
      <p class="lead">
        The password of <strong>{props.email}</strong> is right. Now use one of the ways you added to get back
        in.
      </p>
      {has('passkey') && (
        <PasskeySignIn
          islandSrc={props.frame.passkeyIslandSrc}
          csrfToken={csrfToken}
          purpose="account"
          action="/account/passkey"
          heading="Passkey"
          intro="Use one of the passkeys you added."
          button="Use a passkey"
          withoutScript="A passkey needs JavaScript in your browser: turn it on for this site to use one, or use another way below."
        />
      )}
      {has('totp') && (
        <section class="factor" aria-labelledby="factor-totp">
          <h2 id="factor-totp">Authenticator app</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="totp"
            label="Code from your authenticator app"
            hint="The 6 digits your app shows now."
            numeric
            problems={problems}
          />
        </section>
      )}
      {has('personal_email') && (
        <section class="factor" aria-labelledby="factor-email">
          <h2 id="factor-email">Code by e-mail</h2>
          <form class="form form--inline" method="post" action="/account/verify/send-code" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              Send a code to {props.personalEmailHint ?? 'your personal address'}
            </button>
          </form>
          <FactorForm
            csrfToken={csrfToken}
            factor="email_code"
            label="Code from the e-mail"
            hint="The 6 digits we sent to your personal address. Each code works for 10 minutes."
            numeric
            problems={problems}
          />
        </section>
      )}
      {has('recovery_codes') && (
        <section class="factor" aria-labelledby="factor-recovery">
          <h2 id="factor-recovery">Recovery code</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="recovery_code"
            label="Recovery code"
            hint="One of the codes you saved, like 7K2M-Q9XD-4HRT. Each code works once."
            numeric={false}
            problems={problems}
          />
        </section>
      )}
      <form method="post" action="/account/signout">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          Cancel and sign out
        </button>
      </form>
    </PageLayout>
  );
}
