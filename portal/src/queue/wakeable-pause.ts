/**
 * The pause between rounds of a background loop (the sync worker, the mail sender), which an event
 * can cut short: a new job wakes the loop at once instead of waiting out the poll interval.
 */
export interface WakeablePause {
  /** Resolves after `ms`, or sooner on `wake()` or `wakeWithin()`. */
  sleep(ms: number): Promise<void>;
  /** Ends the current sleep; with none under way, the next sleep returns at once. */
  wake(): void;
  /**
   * Ends the current sleep within `ms` when it would last longer (a job just learnt that it may run
   * again sooner than the loop planned to look). With none under way, nothing: the loop is in a round,
   * and chooses its next sleep when the round ends.
   */
  wakeWithin(ms: number): void;
}

interface Sleeping {
  finish: () => void;
  /** performance.now() at which the timer ends the sleep. */
  endsAt: number;
  timer: NodeJS.Timeout;
}

export function createWakeablePause(): WakeablePause {
  let current: Sleeping | null = null;
  // A wake that arrives while the loop is busy must not be lost, or the work it announces would
  // wait a whole poll interval.
  let wokenWhileBusy = false;
  return {
    sleep(ms: number): Promise<void> {
      if (wokenWhileBusy) {
        wokenWhileBusy = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const sleeping: Sleeping = {
          finish: () => {
            clearTimeout(sleeping.timer);
            if (current === sleeping) current = null;
            resolve();
          },
          endsAt: performance.now() + ms,
          timer: setTimeout(() => sleeping.finish(), ms),
        };
        current = sleeping;
      });
    },
    wake(): void {
      if (current !== null) current.finish();
      else wokenWhileBusy = true;
    },
    wakeWithin(ms: number): void {
      if (current === null || current.endsAt <= performance.now() + ms) return;
      clearTimeout(current.timer);
      current.endsAt = performance.now() + ms;
      current.timer = setTimeout(current.finish, ms);
    },
  };
}
