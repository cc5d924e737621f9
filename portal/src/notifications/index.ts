/**
 * Security notices (issue 13, "Notifications"): telling a person, at their work address and every
 * confirmed personal address, that their password was changed, a way back in was added or removed, or
 * their account was unlocked. Through the mail queue, in the transaction that made the change.
 */
export { composeNotice, type NoticeContext, noticeTime } from './compose-notice.js';
export {
  type NoticeDeps,
  type NoticeOptions,
  type NoticeRecipient,
  noticeRecipient,
  queueSecurityNotice,
} from './queue-security-notice.js';
export type { PasswordWay, ProofKind, SecurityNotice } from './security-notice.js';
export { undoPasswordNotice } from './undo-password-notice.js';
