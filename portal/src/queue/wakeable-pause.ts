/**
 * The pause between rounds of a background loop (the sync worker, the mail sender), which an event
 * can cut short: a new job wakes the loop at once instead of waiting out the poll interval.
 */
export interface WakeablePause {
  /** Resolves after `ms`, or sooner on `wake()`. */
  sleep(ms: number): Promise<void>;
  /** Ends the current sleep; with none under way, the next sleep returns at once. */
  wake(): void;
}

export function createWakeablePause(): WakeablePause {
  let cutShort: (() => void) | null = null;
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
        const finish = (): void => {
          clearTimeout(timer);
          cutShort = null;
          resolve();
        };
        const timer = setTimeout(finish, ms);
        cutShort = finish;
      });
    },
    wake(): void {
      if (cutShort) cutShort();
      else wokenWhileBusy = true;
    },
  };
}
