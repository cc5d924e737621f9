import type { RecoveryKind } from '../config/recovery-config-schema.js';

/** How a person proved who they were on the way back in: a recovery method, or a link to the work mailbox. */
export type ProofKind = RecoveryKind | 'work_mailbox';

/**
 * How a new password came about. Not told: a first password set from a welcome link (nothing was
 * changed, the account was only set up) and one given by `passgate users add` (a new account).
 */
export type PasswordWay =
  /** At /change, by someone who typed the current password. */
  | { kind: 'change' }
  /** After /signin with an expired password (the old one was typed). */
  | { kind: 'expired' }
  /** At /reset, by proving these (or a link mailed to the work address). */
  | { kind: 'reset'; proofs: readonly ProofKind[] };

/** A lock an unlock ended: the account's (wrong passwords) or security info's (wrong second factors). */
export type UnlockedLock = 'password' | 'second_factor';

/**
 * What a security notice tells a person (issue 13, "Notifications"): something happened to their account
 * that they should recognise, or act on at once if it was not them. It says what, when and how, and how
 * to reach support; it never carries a password, a code or a link that lets anyone in.
 */
export type SecurityNotice =
  | { kind: 'password_changed'; way: PasswordWay }
  /** A password_changed notice went out, then Microsoft 365 refused that password: it was not changed. */
  | { kind: 'password_change_undone' }
  /** An admin gave up on a password change Microsoft 365 had not taken yet (the console's sync queue). */
  | { kind: 'password_change_given_up' }
  /** replaced: a method of that kind was there and the new one took its place (the old one stopped working). */
  | { kind: 'method_changed'; change: 'added' | 'removed' | 'replaced'; method: RecoveryKind }
  /** IT support removed all of them (`passgate users clear-recovery`). */
  | { kind: 'methods_cleared'; methods: readonly RecoveryKind[] }
  | {
      kind: 'account_unlocked';
      by: { kind: 'self'; proofs: readonly ProofKind[] } | { kind: 'admin' };
      /** Which locks were on (default: the password one). */
      locks?: readonly UnlockedLock[];
    }
  /** Security info's sign-in locked after this many wrong second factors in a row (after a right password). */
  | { kind: 'second_factor_locked'; failures: number }
  /**
   * /reset's authenticator app rests for a day for every browser without standing: this many wrong codes
   * for the account were typed there in a day, from anywhere (the strangers' ceiling, reset-limits.ts).
   */
  | { kind: 'reset_guessing_stopped'; failures: number }
  /**
   * /reset mails no more codes for the account at the request of browsers without standing, for up to
   * `minutes` from the first: this many were asked for there in that time, from anywhere (the strangers'
   * ceiling on codes mailed, reset-limits.ts).
   */
  | { kind: 'reset_codes_stopped'; codes: number; minutes: number }
  /**
   * /reset neither mails nor takes codes to the personal address for up to a day for browsers without
   * standing: this many wrong ones for the account were typed there in a day, from anywhere (the
   * strangers' ceiling on the mailed codes' locks, reset-limits.ts).
   */
  | { kind: 'reset_mailed_guessing_stopped'; failures: number }
  /**
   * /reset mails no more codes for the account at the request of browsers with a device cookie for it,
   * for up to `minutes` from the first: this many were asked for there in that time (the devices'
   * ceiling, STANDING_CODES_CEILING in reset-limits.ts). Only someone who signed in with the password
   * has such a browser: if it was not the person, someone else knows their password.
   */
  | { kind: 'reset_device_codes_stopped'; codes: number; minutes: number };
