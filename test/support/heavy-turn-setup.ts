import { afterAll, beforeAll, expect, inject } from 'vitest';
import { needsTheHeavyTurn, TURN_WAIT_MS, takeHeavyTurn } from './heavy-turn.js';

// A heavy test file (heavy-turn.ts) waits for its turn before its own hooks start anything, and gives
// it back after its own hooks have stopped its processes or browser and removed any policy file (vitest
// runs afterAll hooks in reverse order, so this one runs last). Light files keep running beside it.
let giveBack: (() => Promise<void>) | undefined;
beforeAll(async () => {
  if (needsTheHeavyTurn(expect.getState().testPath ?? ''))
    giveBack = await takeHeavyTurn(inject('heavyTurnDir'));
}, TURN_WAIT_MS + 10_000);
afterAll(async () => {
  await giveBack?.();
});
