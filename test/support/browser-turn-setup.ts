import { afterAll, beforeAll, expect, inject } from 'vitest';
import { runsABrowser, takeBrowserTurn } from './browser-turn.js';

// A browser test file waits for its turn before its own hooks start anything, and gives it back after
// its own hooks have closed the browser and removed any policy file (vitest runs afterAll hooks in
// reverse order, so this one runs last). Files without a browser keep running beside it meanwhile.
let giveBack: (() => Promise<void>) | undefined;
beforeAll(async () => {
  if (runsABrowser(expect.getState().testPath ?? ''))
    giveBack = await takeBrowserTurn(inject('browserTurnDir'));
}, 180_000);
afterAll(async () => {
  await giveBack?.();
});
