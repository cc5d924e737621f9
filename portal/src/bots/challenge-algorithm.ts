/**
 * The proof of work a browser does before a guarded form is sent (ALTCHA v2, altcha-lib). Imports
 * nothing: the config schema reads the default from here.
 *
 * PBKDF2 rather than plain SHA-256: a browser can only hash through WebCrypto, one awaited call per
 * try (~0.1 ms of overhead each in Chromium), while a script hashes natively at a microsecond. One
 * PBKDF2 call runs all its rounds natively inside the browser too, so its cost is the same for the
 * person's browser and for a guessing script: the rounds amortise the call, and the work is fair.
 */
export const BOT_CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';

/** PBKDF2 rounds per try: ~0.6 ms per try in Chromium on a 2-core server, ~0.5 ms natively. */
export const BOT_CHALLENGE_COST = 2_000;

/**
 * The default of `bots.difficulty`: the most tries a browser may need (each challenge asks for between
 * half and all of it, at random). Measured with `npm run bench:challenge` (docs/admin.md has the figures).
 */
export const BOT_CHALLENGE_DIFFICULTY = 600;
