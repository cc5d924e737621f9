import { addressBucket } from '../accounts/address-bucket.js';
import type { ReasonedWindow } from '../accounts/limit-end.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { LockoutRule, Window } from '../store/port/counters.js';

/** A flow lasts this long from the address being typed, whatever is proven in it. */
export const FLOW_MINUTES = 20;
/** Wrong codes in one flow before it ends: a new one means typing the address and a new proof of work. */
export const FLOW_MAX_FAILURES = 10;
/** Codes one flow may ask for (each replaces the last). */
export const FLOW_MAX_SENDS = 3;

/**
 * The kinds of method whose codes are short enough to guess: six digits from the authenticator app (three
 * valid codes in a million per try, ±1 step) or mailed to the personal address (one in a million). Wrong
 * codes of each are counted per address typed, on the locks of guessLocks(), before that way rests for the
 * browsers counted there (RESET_LOCKED): these locks, not the proof of work, keep a guesser out. A mailed
 * code's own 5 tries and a flow's 10 wrong codes do not: a stranger starts flow after flow, asking a code
 * in each (20 codes an hour, CODES_CEILING, 100 guesses an hour, every hour). A recovery code has 60
 * random bits and a passkey a key: no limit per account is needed to stop guessing them, so none can be
 * used to stop their owner.
 */
export type GuessedKind = 'totp' | 'personal_email';

/** Whether a kind's codes are counted per address typed (guessLocks). */
export function isGuessed(kind: RecoveryKind): kind is GuessedKind {
  return kind === 'totp' || kind === 'personal_email';
}

/**
 * Each guessed kind counts on locks of its own (its tag in every key), so a guesser who rests one kind
 * rests only that one: the person can still use their other methods, and once one is proven, this one
 * again (on the proven flows' locks). The authenticator's keys are those it had before mailed codes were
 * counted, so counts taken before hold.
 */
const GUESS_TAG: Readonly<Record<GuessedKind, string>> = { totp: '', personal_email: 'mailed-' };

/**
 * The strangers' ceiling whose engaging tells the person, per guessed kind (ceilingNotice). Each has words
 * of its own: the app's notice says to prove with a mailed code first, and the codes-sent notice speaks of
 * codes asked for; neither is true when wrong mailed codes filled the ceiling.
 */
const GUESS_NOTICE: Readonly<Record<GuessedKind, StrangersCeiling>> = {
  totp: 'totp',
  personal_email: 'mailed_guessing',
};

/** The short rest of one lock, of either guessed kind (a person mistyping waits 15 minutes, as before). */
export const TOTP_LOCKOUT: LockoutRule = { maxAttempts: 10, durationSeconds: 900, resetCounterMinutes: 15 };

/**
 * A browser with no standing counts per client address (IPv6 by /64): a guesser at one address stops
 * only itself. This caps one address at 20 wrong codes a day for one account, well below the ceiling.
 */
export const TOTP_CLIENT_DAY: LockoutRule = {
  maxAttempts: 20,
  durationSeconds: 86_400,
  resetCounterMinutes: 1_440,
};

/**
 * And every browser with no standing, from anywhere, counts on one ceiling per address typed and guessed
 * kind: the bound on guessing. At most 100 wrong codes a day (NIST SP 800-63B §5.2.2: no more than 100
 * failed attempts) is at most 3 × 10^-4 chance a day of hitting one of the app's three valid codes in 10^6
 * (1 in 3,333; about 10% over a year of guessing without pause from at least five client addresses every
 * day), and 10^-4 of hitting a mailed code (about 3.6% over such a year, against about 58% at the 2,400 a
 * day its tries alone allowed). One guesser at one address reaches 20 of it, never the ceiling, so cannot
 * block the person on a new browser; a guesser spread over five or more addresses can, for a day
 * (docs/admin.md says what the person does then). A success never clears it: it counts the guessers'
 * failures, not the person's.
 */
export const TOTP_CEILING: LockoutRule = {
  maxAttempts: 100,
  durationSeconds: 86_400,
  resetCounterMinutes: 1_440,
};

/**
 * Browsers with standing count on day ceilings of their own per address typed, 100 wrong codes a day
 * each (the same bound as TOTP_CEILING): one for every flow that proved a method already, one for every
 * browser with a device cookie. Their short locks alone rest 15 minutes and start again, about 960
 * guesses a day: someone holding one factor (a personal mailbox) would prove it in flow after flow and
 * guess the second, and each password sign-in from a fresh browser hands out a new device id with a
 * lock of its own. Strangers (who prove nothing and hold no device cookie) never count here, so they
 * cannot fill these ceilings, nor those who hold one factor the strangers' ceiling.
 */
export const TOTP_STANDING_CEILING: LockoutRule = {
  maxAttempts: 100,
  durationSeconds: 86_400,
  resetCounterMinutes: 1_440,
};

/**
 * Whether a right code clears a lock's count. The day ceilings keep it: they count guessers' failures,
 * and one person's success says nothing about the others'. The locks of one browser or one client
 * address are cleared, so a person who mistyped starts afresh there.
 */
export function clearedBySuccess(lock: GuessLock): boolean {
  return lock.rule !== TOTP_CEILING && lock.rule !== TOTP_STANDING_CEILING;
}

/**
 * The strangers' ceilings whose engaging tells the person: wrong authenticator codes (TOTP_CEILING on the
 * app's locks), codes mailed (CODES_CEILING), and wrong mailed codes (TOTP_CEILING on the mailed codes'
 * locks).
 */
export type StrangersCeiling = 'totp' | 'mailed_codes' | 'mailed_guessing';

/**
 * Every ceiling whose engaging tells the person: the strangers', and the devices' hourly ceiling on codes
 * mailed (STANDING_CODES_CEILING), which only someone holding the password can fill.
 */
export type NoticedCeiling = StrangersCeiling | 'device_codes';

/**
 * Each ceiling's daily notice slot. The authenticator's key is the one it had before the others had a
 * notice: a slot taken that day holds.
 */
const NOTICE_SLOT: Readonly<Record<NoticedCeiling, string>> = {
  totp: 'notice',
  mailed_codes: 'code-notice',
  mailed_guessing: 'mailed-notice',
  device_codes: 'device-code-notice',
};

/**
 * When a ceiling engages the person is told, at most once a day for each ceiling: one slot a day on this
 * key (under DAY_LOCK_PREFIX, so the pruner keeps it for the day it counts). Each has a slot of its own,
 * not one shared: each notice says what rests and what still works, and one's advice is another's dead
 * end (the app's notice says to prove with a mailed code first; the mailed codes' say to use the app;
 * the devices' says to change the password), so a person told of one must still hear of the others. At
 * most four such notices a day, each a different fact. A day, not the devices' hour: whoever holds the
 * password could otherwise fill that hour again and again to mail the person 24 notices a day; one tells
 * them what to do (change the password), which also ends those browsers' standing.
 */
export function ceilingNoticeWindow(ceiling: NoticedCeiling, email: string): { key: string; window: Window } {
  return {
    key: `${DAY_LOCK_PREFIX}${NOTICE_SLOT[ceiling]}:${email}`,
    window: { max: 1, windowSeconds: 86_400 },
  };
}

/** Codes mailed per address typed within 15 minutes to a browser with a device cookie (as for security info's codes). */
const SEND_WINDOW: Window = { max: 5, windowSeconds: 900 };

/**
 * Codes mailed within an hour for one address typed from one client address (IPv6 by /64), for browsers
 * with no standing: a stranger at one address reaches a quarter of the ceiling below, never all of it.
 */
export const CODES_PER_CLIENT: Window = { max: 5, windowSeconds: 3_600 };

/**
 * Codes mailed within an hour for one address typed, to browsers with no standing from anywhere: the
 * bound on the mails strangers can have sent to a person's personal address (what the one window for
 * the address typed allowed before). It was also a way to keep the person from getting a code: a
 * flow's code is the flow's and no use to them, so one stranger sending 5 every 15 minutes refused them
 * every code. Now it takes strangers at four client addresses, mailing the person 20 codes every hour
 * for as long as they keep it up; its refusing a code tells the person (ceilingNotice, once a day).
 */
export const CODES_CEILING: Window = { max: 20, windowSeconds: 3_600 };

/**
 * Codes mailed within an hour for one address typed, to every browser with a device cookie for it: the
 * bound on what standing buys. A device's own SEND_WINDOW bounds nothing for the address: each password
 * sign-in from a fresh browser hands out a new device id (up to `perAccount`'s 40 an hour, each good for
 * 180 days or until another password is accepted), each mailing 20 codes an hour from a client address
 * of its own, so whoever holds the password could have thousands of codes an hour mailed to the
 * person's personal address: a flood, and cover for asking them to read one out. Strangers never count
 * here (they hold no device cookie for the address), so they cannot starve the owner's devices through
 * it; only someone holding the current password can fill it, who could change the password anyway. It
 * is its own key, and twice CODES_CEILING: one client address may ask for `resetPerAddress` (20 an hour
 * by default), so the owner at one place, with however many of their devices, never reaches it. The
 * personal address gets at most 60 codes an hour from /reset, whoever asks. Its refusing a code tells the
 * person (ceilingNotice, once a day): someone who holds their password is almost certainly asking.
 */
export const STANDING_CODES_CEILING: Window = { max: 40, windowSeconds: 3_600 };

/** Prefix of /reset's own counters (day-long locks, the codes' hourly windows): pruneStaleRows keeps their rows a day, not the rate limits' longest window. */
export const DAY_LOCK_PREFIX = 'reset-24h:';

/**
 * Where a browser's attempts count. `device` is a device id the web layer verified for the address typed
 * (a device cookie: this browser proved the account's password, or finished a reset, before);
 * `provenInFlow` is true once the flow itself proved a method; `clientIp` is where the request came from.
 * Neither of the first two locks can be filled by strangers guessing elsewhere, so their failures never
 * stop the person (the idea of http/device-cookie.ts, carried to /reset).
 */
interface Standing {
  email: string;
  device: string | undefined;
  provenInFlow: boolean;
  clientIp: string;
}

/** One lock a guessed code counts against, its rule, and the notice its refusing gives (if any). */
export interface GuessLock {
  key: string;
  rule: LockoutRule;
  notice?: StrangersCeiling;
}

/**
 * The locks a code of a guessed kind counts against, in the order they are reserved: the short lock
 * first, so a refused attempt never takes from a day ceiling. A flow that proved a method already counts
 * against a lock of its own for the address, then that standing's day ceiling: strangers cannot fill them
 * (they prove nothing), yet someone holding one factor (a personal mailbox, the work mailbox, the app)
 * cannot guess the second without limit by starting flows. A browser with a device cookie counts on its
 * own lock, then on one day ceiling for all the address's devices (a new device id per sign-in buys no new
 * guesses). A browser with no standing counts per client address first, then on the strangers' ceiling.
 */
export function guessLocks(kind: GuessedKind, standing: Standing): GuessLock[] {
  const { email } = standing;
  const tag = GUESS_TAG[kind];
  if (standing.provenInFlow)
    return [
      { key: `reset-${tag}proven-lock:${email}`, rule: TOTP_LOCKOUT },
      { key: `${DAY_LOCK_PREFIX}${tag}proven:${email}`, rule: TOTP_STANDING_CEILING },
    ];
  if (standing.device !== undefined)
    return [
      { key: `reset-${tag}device-lock:${email}#${standing.device}`, rule: TOTP_LOCKOUT },
      { key: `${DAY_LOCK_PREFIX}${tag}devices:${email}`, rule: TOTP_STANDING_CEILING },
    ];
  const client = addressBucket(standing.clientIp);
  return [
    { key: `reset-${tag}lock:${email}#${client}`, rule: TOTP_LOCKOUT },
    { key: `${DAY_LOCK_PREFIX}${tag}client:${email}#${client}`, rule: TOTP_CLIENT_DAY },
    { key: `${DAY_LOCK_PREFIX}${tag}all:${email}`, rule: TOTP_CEILING, notice: GUESS_NOTICE[kind] },
  ];
}

/** Every factor attempt from one client address (IPv6 by /64), whichever address it typed. */
export function factorWindow(config: PortalConfig, clientIp: string): ReasonedWindow {
  return {
    key: `reset-factor-addr:${addressBucket(clientIp)}`,
    window: config.rateLimits.perAddress,
    reason: 'codes_typed',
  };
}

/**
 * The windows a code sent takes from: per client address; then, for the address typed, the browser's own
 * window and the hourly ceiling of all browsers with standing (a device cookie), or for a browser with no
 * standing its client address's window and the strangers' hourly ceiling. Strangers at one client address
 * cannot keep codes from the person elsewhere, and strangers anywhere cannot from the person's devices.
 */
export function sendWindows(
  config: PortalConfig,
  standing: Omit<Standing, 'provenInFlow'> & { clientIp: string },
): ReasonedWindow[] {
  const { email } = standing;
  const client = addressBucket(standing.clientIp);
  const perClient: ReasonedWindow = {
    key: `reset-code-addr:${client}`,
    window: config.rateLimits.resetPerAddress,
    reason: 'codes_sent',
  };
  // Under DAY_LOCK_PREFIX: kept a day by the pruner, whatever the configured windows' longest.
  const typed = { reason: 'codes_sent', keyedOnTypedAddress: true } as const;
  if (standing.device !== undefined)
    return [
      perClient,
      { key: `reset-code-device:${email}#${standing.device}`, window: SEND_WINDOW, reason: 'codes_sent' },
      // After the device's own window: a device refused there never takes from the others' hour.
      { key: `${DAY_LOCK_PREFIX}code-devices:${email}`, window: STANDING_CODES_CEILING, ...typed },
    ];
  return [
    perClient,
    { key: `${DAY_LOCK_PREFIX}code-client:${email}#${client}`, window: CODES_PER_CLIENT, ...typed },
    { key: `${DAY_LOCK_PREFIX}code-all:${email}`, window: CODES_CEILING, ...typed },
  ];
}

/** Flows started per client address (IPv6 by /64): each is one address typed. */
export function startWindow(config: PortalConfig, clientIp: string): ReasonedWindow {
  return {
    key: `reset-start-addr:${addressBucket(clientIp)}`,
    window: config.rateLimits.resetPerAddress,
    reason: 'reset_address',
  };
}
