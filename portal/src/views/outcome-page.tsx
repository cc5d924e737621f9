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

/** The words after a password was set without the old one (expired sign-in, reset or activation link). */
export function recoveryOutcomeWords(outcome: AcceptedOutcome): { title: string; paragraphs: string[] } {
  if (outcome.status === 'queued') {
    return {
      title: 'Your new password is saved',
      paragraphs: [
        'Microsoft 365 will take your new password within minutes; then you can sign in again with it.',
        'You do not need to do anything else. If Microsoft 365 refuses it, you will be able to choose another one here.',
      ],
    };
  }
  if (outcome.microsoft365) {
    return {
      title: 'Your new password is set',
      paragraphs: [
        'Microsoft 365 now uses your new password and you can sign in again.',
        'Use the new password wherever you are asked to sign in.',
      ],
    };
  }
  return {
    title: 'Your new password is set',
    paragraphs: [
      'You can sign in again with your new password. Your account is not connected to Microsoft 365, so nothing changed there.',
    ],
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
  const words = recovery ? recoveryOutcomeWords(outcome) : outcomeWords(outcome);
  return <MessagePage frame={frame} title={words.title} paragraphs={words.paragraphs} role="status" />;
}
