/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

export interface NextStepsProps {
  /** The person's Microsoft 365 sign-in page, or null where Microsoft 365 has nothing of theirs. */
  signInUrl: string | null;
  /** A Microsoft address they came from (microsoft-return.ts checked it), or null. */
  back: string | null;
}

/** Where to go once a password was accepted: Microsoft 365's sign-in first, then back where they were. */
export function NextSteps({ signInUrl, back }: NextStepsProps): VNode | null {
  const { t } = useMessages();
  if (signInUrl === null && back === null) return null;
  return (
    <p class="next-steps">
      {signInUrl !== null && (
        <a class="button" href={signInUrl}>
          {t('journey.signInMicrosoft')}
        </a>
      )}{' '}
      {back !== null && (
        <a class="button button--secondary" href={back}>
          {t('journey.back')}
        </a>
      )}
    </p>
  );
}
