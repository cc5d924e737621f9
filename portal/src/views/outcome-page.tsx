/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { MessagePage } from './message-page.js';
import type { PageFrame } from './page-frame.js';

export type AcceptedOutcome = { status: 'applied'; microsoft365: boolean } | { status: 'queued' };

/** The words for an accepted change, by outcome. */
export function outcomeWords(outcome: AcceptedOutcome): { title: string; paragraphs: string[] } {
  if (outcome.status === 'queued') {
    return {
      title: 'Your new password is saved',
      paragraphs: [
        'Saved; Microsoft 365 will take it within minutes. Until then, Microsoft 365 still accepts your old password.',
        'You do not need to do anything else. If Microsoft 365 refuses it, nothing changes: your old password keeps working everywhere.',
      ],
    };
  }
  if (outcome.microsoft365) {
    return {
      title: 'Your password has been changed',
      paragraphs: [
        'Microsoft 365 now uses your new password; you may be signed out of open Microsoft sessions.',
        'Sign in again with your new password where you are asked to.',
      ],
    };
  }
  return {
    title: 'Your password has been changed',
    paragraphs: [
      'Your portal password has changed. Your account is not connected to Microsoft 365, so nothing changed there.',
    ],
  };
}

/** The page after a change was accepted (applied or queued). */
export function OutcomePage({ frame, outcome }: { frame: PageFrame; outcome: AcceptedOutcome }): VNode {
  const words = outcomeWords(outcome);
  return <MessagePage frame={frame} title={words.title} paragraphs={words.paragraphs} role="status" />;
}
