import { describe, expect, it } from 'vitest';
import { createWakeablePause } from './wakeable-pause.js';

describe('createWakeablePause()', () => {
  it('ends a sleep as soon as it is woken', async () => {
    const pause = createWakeablePause();
    let ended = false;
    const sleeping = pause.sleep(60_000).then(() => {
      ended = true;
    });
    await Promise.resolve();
    expect(ended).toBe(false);
    pause.wake();
    await sleeping;
    expect(ended).toBe(true);
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    const pause = createWakeablePause();
    pause.wake();
    await pause.sleep(60_000); // returns at once, or the test times out
    let second = false;
    void pause.sleep(60_000).then(() => {
      second = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second).toBe(false);
    pause.wake();
  });

  it('sleeps for the time asked when nobody wakes it', async () => {
    const pause = createWakeablePause();
    await expect(pause.sleep(5)).resolves.toBeUndefined();
  });

  it('ends a sleep sooner when asked to wake within less than it has left, never later', async () => {
    const pause = createWakeablePause();
    const sleeping = pause.sleep(60_000);
    pause.wakeWithin(5);
    await sleeping; // within 5 ms, or the test times out
    const short = pause.sleep(5);
    pause.wakeWithin(60_000);
    await short;
  });
});
