import type { FuzzOutcome } from './send-in-process.js';

/** Counts answers by status code (or by why there was none), per way of sending. */
export class StatusTally {
  readonly #counts = new Map<string, Map<string, number>>();

  add(via: string, outcome: FuzzOutcome): void {
    const counts = this.#counts.get(via) ?? new Map<string, number>();
    const key = String(outcome.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    this.#counts.set(via, counts);
  }

  total(via: string): number {
    return [...(this.#counts.get(via)?.values() ?? [])].reduce((sum, n) => sum + n, 0);
  }

  /** One line per way of sending: `app  2000 requests  200×312  403×1204 …`. */
  report(): string {
    return [...this.#counts]
      .map(([via, counts]) => {
        const cells = [...counts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, n]) => `${status}×${n}`)
          .join('  ');
        return `${via.padEnd(7)}${String(this.total(via)).padStart(7)} requests  ${cells}`;
      })
      .join('\n');
  }
}
