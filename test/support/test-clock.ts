/** A clock the test moves by hand: the portal, scheduler and mail sender all read it. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
  set(at: Date): void;
}

export function createTestClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    advance(ms: number): void {
      at += ms;
    },
    set(date: Date): void {
      at = date.getTime();
    },
  };
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
