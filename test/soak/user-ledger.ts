/** How a new password was asked for: the change form, a reset link, or the forced change after an expired sign-in. */
export type AttemptVia = 'change' | 'reset' | 'expired';

/**
 * What the person knows came of it: the portal said yes (200 applied, 202 queued), said no (any 4xx),
 * or the answer never came (the process died mid-request, or a 5xx): then the portal may or may not
 * have accepted it, and the checker must accept either.
 */
export type AttemptOutcome = 'pending' | 'accepted' | 'refused' | 'unknown';

export interface Attempt {
  password: string;
  via: AttemptVia;
  outcome: AttemptOutcome;
}

/**
 * One person's side of the story: every password they asked for, in order, and which of them may be
 * the last one the portal accepted. Only the person's own answers feed it, never the portal's database.
 */
export interface UserLedger {
  email: string;
  initial: string;
  attempts: Attempt[];
  /** Passwords that may be the last one accepted, oldest first (more than one only after unknown answers). */
  possible: string[];
  /** Set when the portal refused every password this person may have: an accepted change went missing. */
  lostAt: string | null;
}

export function openLedger(email: string, initial: string): UserLedger {
  return { email, initial, attempts: [], possible: [initial], lostAt: null };
}

export function propose(ledger: UserLedger, password: string, via: AttemptVia): Attempt {
  const attempt: Attempt = { password, via, outcome: 'pending' };
  ledger.attempts.push(attempt);
  return attempt;
}

/** The form never opened (a dead link, an ended session): the attempt never left the browser. */
export function withdraw(ledger: UserLedger, attempt: Attempt): void {
  ledger.attempts = ledger.attempts.filter((a) => a !== attempt);
}

export function settle(
  ledger: UserLedger,
  attempt: Attempt,
  outcome: Exclude<AttemptOutcome, 'pending'>,
): void {
  attempt.outcome = outcome;
  if (outcome === 'accepted') ledger.possible = [attempt.password];
  if (outcome === 'unknown') ledger.possible = [...ledger.possible, attempt.password];
}

/** The portal said INVALID_CREDENTIALS for `password`: it is neither its current nor its pending one. */
export function ruleOut(ledger: UserLedger, password: string, when: string): void {
  ledger.possible = ledger.possible.filter((p) => p !== password);
  if (ledger.possible.length === 0 && ledger.lostAt === null) ledger.lostAt = when;
}

/** The password to type as the current one: the newest that may be it and was not tried in this round. */
export function nextCandidate(ledger: UserLedger, tried: ReadonlySet<string>): string | null {
  for (let i = ledger.possible.length - 1; i >= 0; i -= 1) {
    const password = ledger.possible[i];
    if (password !== undefined && !tried.has(password)) return password;
  }
  return null;
}
