/** @jsxRuntime automatic @jsxImportSource preact */
import type { Messages } from '@passgate/core/i18n/browser';
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';

export type AcceptedOutcome = { status: 'applied'; microsoft365: boolean } | { status: 'queued' };

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

/** The page after a change was accepted (applied or queued); `recovery` when no old password was given. */
export function OutcomePage({
  frame,
  outcome,
  recovery = false,
}: {
  frame: PageFrame;
  outcome: AcceptedOutcome;
  recovery?: boolean;
}): VNode {
  const messages = useMessages();
  const words = recovery ? recoveryOutcomeWords(outcome, messages) : outcomeWords(outcome, messages);
  return <MessagePage frame={frame} title={words.title} paragraphs={words.paragraphs} role="status" />;
}
