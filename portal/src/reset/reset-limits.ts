import { addressBucket } from '../accounts/address-bucket.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { LockoutRule, Window } from '../store/port/counters.js';

/** A flow lasts this long from the address being typed, whatever is proven in it. */
export const FLOW_MINUTES = 20;
/** Wrong codes in one flow before it ends: a new one means typing the address and a new proof of work. */
export const FLOW_MAX_FAILURES = 10;
/** Codes one flow may ask for (each replaces the last). */
export const FLOW_MAX_SENDS = 3;

/**
 * Wrong authenticator codes for one address typed, counted on one of three locks (totpLockKey), before
 * that way rests for the browsers counted there (RESET_LOCKED). Six digits with ±1 step are three
 * guesses in a million per try: this, not the proof of work, keeps a distributed guesser out. Only the authenticator app
 * has it: a mailed code has 5 tries per code sent to a mailbox the guesser cannot read, a recovery code
 * has 60 random bits (a passkey has a key): no limit per account is needed to stop guessing them, so none
 * can be used to stop their owner.
 */
export const TOTP_LOCKOUT: LockoutRule = { maxAttempts: 10, durationSeconds: 900, resetCounterMinutes: 15 };

/** Codes mailed per address typed within 15 minutes (as for security info's codes). */
const SEND_WINDOW: Window = { max: 5, windowSeconds: 900 };

/**
 * Where a browser's attempts count. `device` is a device id the web layer verified for the address typed
 * (a device cookie: this browser proved the account's password, or finished a reset, before);
 * `provenInFlow` is true once the flow itself proved a method. Neither lock can be filled by strangers
 * guessing elsewhere, so their failures never stop the person (the idea of http/device-cookie.ts,
 * carried to /reset).
 */
interface Standing {
  email: string;
  device: string | undefined;
  provenInFlow: boolean;
}

/**
 * The lock an authenticator code counts against. A flow that proved a method already counts against a
 * lock of its own for the address: strangers cannot fill it (they prove nothing), yet someone holding one
 * factor (a personal mailbox, the work mailbox) cannot guess the second without limit by starting flows.
 */
export function totpLockKey(standing: Standing): string {
  if (standing.provenInFlow) return `reset-proven-lock:${standing.email}`;
  if (standing.device !== undefined) return `reset-device-lock:${standing.email}#${standing.device}`;
  return `reset-lock:${standing.email}`;
}

/** Every factor attempt from one client address (IPv6 by /64), whichever address it typed. */
export function factorWindow(config: PortalConfig, clientIp: string): { key: string; window: Window } {
  return { key: `reset-factor-addr:${addressBucket(clientIp)}`, window: config.rateLimits.perAddress };
}

/** The windows a code sent takes from: per client address, and per address typed (or the browser's own). */
export function sendWindows(
  config: PortalConfig,
  standing: Omit<Standing, 'provenInFlow'> & { clientIp: string },
): { key: string; window: Window }[] {
  const typed =
    standing.device === undefined
      ? `reset-code-acct:${standing.email}`
      : `reset-code-device:${standing.email}#${standing.device}`;
  return [
    { key: `reset-code-addr:${addressBucket(standing.clientIp)}`, window: config.rateLimits.resetPerAddress },
    { key: typed, window: SEND_WINDOW },
  ];
}

/** Flows started per client address (IPv6 by /64): each is one address typed. */
export function startWindow(config: PortalConfig, clientIp: string): { key: string; window: Window } {
  return { key: `reset-start-addr:${addressBucket(clientIp)}`, window: config.rateLimits.resetPerAddress };
}
