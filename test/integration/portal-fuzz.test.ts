import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitExamples } from '../support/fuzz/body-limit-examples.js';
import { portalFuzzProperty } from '../support/fuzz/fuzz-property.js';
import { type FuzzTarget, startFuzzTarget } from '../support/fuzz/fuzz-target.js';
import { StatusTally } from '../support/fuzz/status-tally.js';

// Every route and method of the portal under generated requests (bodies, encodings, cookies,
// headers, paths, sizes past the body limit), through app.request() and as raw bytes to a listening
// server: never a 5xx or a logged error, the server still answers afterwards, and nothing stored
// changes unless the request carried a valid form (CSRF cookie, token signed for it, own origin).
//
// Rate-limit counters are held to that rule too: a request without a valid form is refused by the
// CSRF check before any handler runs, so it must not count against an account or an address either
// (else a forged cross-site post could spend someone's attempts or lock them out). A valid form may
// count attempts, write audit events and issue links and mail; only one carrying a password, session
// or link may change an account (users, pending passwords, outbox, sessions, password history).
//
// Seeded, so CI runs the same cases every time; a failure prints the seed, the path and the shrunk
// case. More cases: npm run fuzz -- --cases 100000

const SEED = 20_240_915;
const APP_CASES = 1_800;
const SOCKET_CASES = 200;

describe('the portal under HTTP fuzzing', () => {
  let target: FuzzTarget;
  const tally = new StatusTally();

  beforeAll(async () => {
    target = await startFuzzTarget();
  });
  afterAll(async () => {
    console.info(`portal fuzz, answers by status:\n${tally.report()}`);
    await target?.close();
  });

  it(`keeps its properties for ${APP_CASES} cases through app.request()`, async () => {
    await fc.assert(portalFuzzProperty(target, 'app', tally), { seed: SEED, numRuns: APP_CASES });
    expect((await target.app.request(`${target.origin}/change`)).status).toBe(200);
  }, 180_000);

  it(`keeps its properties for ${SOCKET_CASES} cases sent as raw bytes to the listening server`, async () => {
    await fc.assert(portalFuzzProperty(target, 'socket', tally), {
      seed: SEED + 1,
      numRuns: SOCKET_CASES,
      examples: bodyLimitExamples().map((example) => [example]),
    });
    expect((await fetch(`${target.origin}/change`)).status).toBe(200);
  }, 180_000);
});
