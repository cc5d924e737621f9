import type { M365Emulator } from '@passgate/test/m365-emulator';
import type { Prng } from './prng.js';

/** Faults sent to the emulator, by kind (each counts the Microsoft requests it was set to hit). */
export type FaultCounts = Map<string, number>;

export interface FaultWeather {
  counts: FaultCounts;
  /** Stops injecting and clears what still waits: Microsoft 365 is healthy again. */
  stop(): void;
}

/**
 * Bad weather at Microsoft 365 while the soak runs, in spells at random moments from `prng`: calm, or a
 * burst of 5xx (503 with and without Retry-After), slow answers (some past the portal's Graph timeout),
 * dropped connections, or throttling (429 with Retry-After from the emulator's write bucket). Each spell
 * clears what the last one left unused: the emulator's faults wait for requests, and a backlog would
 * make the weather permanently bad while the portal is down.
 */
export function startFaultWeather(emulator: M365Emulator, prng: Prng, graphTimeoutMs: number): FaultWeather {
  const counts: FaultCounts = new Map();
  const add = (kind: string, n: number): void => {
    counts.set(kind, (counts.get(kind) ?? 0) + n);
  };
  let timer: NodeJS.Timeout | undefined;

  const spell = (): void => {
    emulator.clearFaults();
    emulator.setThrottle(null);
    const kind = prng.weighted({ calm: 30, unavailable: 20, error: 8, slow: 15, drop: 10, throttle: 17 });
    const count = prng.int(1, 3);
    if (kind === 'unavailable') {
      const retryAfterSeconds = prng.chance(0.5) ? prng.int(1, 2) : undefined;
      emulator.injectFaults({
        kind: 'status',
        status: 503,
        count,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      add(retryAfterSeconds === undefined ? '503' : '503 + Retry-After', count);
    } else if (kind === 'error') {
      const status = prng.pick([500, 502, 504] as const);
      emulator.injectFaults({ kind: 'status', status, count });
      add(String(status), count);
    } else if (kind === 'slow') {
      const ms = prng.int(200, graphTimeoutMs * 2);
      emulator.injectFaults({ kind: 'delay', ms, count });
      add(ms > graphTimeoutMs ? 'timeout (delay past the Graph timeout)' : 'delay', count);
    } else if (kind === 'drop') {
      emulator.injectFaults({ kind: 'drop', count });
      add('dropped connection', count);
    } else if (kind === 'throttle') {
      // One write per few seconds: the next write in the spell gets 429 with Retry-After.
      emulator.setThrottle({ writes: 1, perMs: prng.int(2_000, 5_000) });
      add('throttling spell (429 + Retry-After)', 1);
    }
    timer = setTimeout(spell, prng.int(500, 3_000));
  };
  timer = setTimeout(spell, prng.int(500, 2_500));

  return {
    counts,
    stop(): void {
      clearTimeout(timer);
      emulator.clearFaults();
      emulator.setThrottle(null);
    },
  };
}
