/** @jsxRuntime automatic @jsxImportSource preact */
import type { Messages } from '@passgate/core/i18n/browser';
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import { NextSteps, type NextStepsProps } from './next-steps.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';

export type AcceptedOutcome = { status: 'applied'; microsoft365: boolean } | { status: 'queued' };

/**
 * Whose words: `change` (the old password was given), `recovery` (expired sign-in or reset: they had a
 * password and can sign in again), `activation` (their first password: nothing to sign in "again" to).
 */
export type OutcomeKind = 'change' | 'recovery' | 'activation';

/** The words for an accepted change, by outcome. */
export function outcomeWords(
  outcome: AcceptedOutcome,
  { t }: Messages,
): { title: string; paragraphs: string[] } {
  if (outcome.status === 'queued') {
    return {
      title: t('outcome.queued.title'),
      paragraphs: [t('outcome.queued.text1'), t('outcome.queued.text2')],
    };
  }
  if (outcome.microsoft365) {
    return {
      title: t('outcome.applied.title'),
      paragraphs: [t('outcome.applied.text1'), t('outcome.applied.text2')],
    };
  }
  return {
    title: t('outcome.applied.title'),
    paragraphs: [t('outcome.local.text')],
  };
}

/** The words after a password was set without the old one (expired sign-in, reset or activation link). */
export function recoveryOutcomeWords(
  outcome: AcceptedOutcome,
  { t }: Messages,
): { title: string; paragraphs: string[] } {
  if (outcome.status === 'queued') {
    return {
      title: t('outcome.queued.title'),
      paragraphs: [t('recovery.queued.text1'), t('recovery.queued.text2')],
    };
  }
  if (outcome.microsoft365) {
    return {
      title: t('recovery.set.title'),
      paragraphs: [t('recovery.applied.text1'), t('recovery.applied.text2')],
    };
  }
  return {
    title: t('recovery.set.title'),
    paragraphs: [t('recovery.local.text')],
  };
}

/** The words after someone's first password was set from a welcome link: nothing says "again". */
export function activationOutcomeWords(
  outcome: AcceptedOutcome,
  { t }: Messages,
): { title: string; paragraphs: string[] } {
  const title = t('activation.done.title');
  if (outcome.status === 'queued') return { title, paragraphs: [t('activation.done.queued')] };
  if (outcome.microsoft365) return { title, paragraphs: [t('activation.done.applied')] };
  return { title, paragraphs: [t('activation.done.local')] };
}

/** The words for `kind`. */
export function wordsFor(
  kind: OutcomeKind,
  outcome: AcceptedOutcome,
  messages: Messages,
): { title: string; paragraphs: string[] } {
  if (kind === 'activation') return activationOutcomeWords(outcome, messages);
  if (kind === 'recovery') return recoveryOutcomeWords(outcome, messages);
  return outcomeWords(outcome, messages);
}

/** Microsoft 365's sign-in is a next step only when Microsoft 365 has (or is about to have) the password. */
export function signInStep(outcome: AcceptedOutcome, signInUrl: string): string | null {
  return outcome.status === 'applied' && !outcome.microsoft365 ? null : signInUrl;
}

/** The page after a change was accepted (applied or queued), with the way on. */
export function OutcomePage({
  frame,
  outcome,
  kind = 'change',
  next = { signInUrl: null, back: null },
}: {
  frame: PageFrame;
  outcome: AcceptedOutcome;
  kind?: OutcomeKind;
  next?: NextStepsProps;
}): VNode {
  const messages = useMessages();
  const words = wordsFor(kind, outcome, messages);
  return (
    <MessagePage
      frame={frame}
      title={words.title}
      paragraphs={words.paragraphs}
      role="status"
      after={<NextSteps {...next} />}
    />
  );
}
