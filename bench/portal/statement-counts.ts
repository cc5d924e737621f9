import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The preload that counts the portal process's SQL statements (see count-statements.mjs). */
export const COUNT_STATEMENTS_PRELOAD = fileURLToPath(new URL('./count-statements.mjs', import.meta.url));

export type StatementCounts = Map<string, number>;

async function readSnapshot(file: string): Promise<{ seq: number; counts: Record<string, number> } | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  try {
    return JSON.parse(text) as { seq: number; counts: Record<string, number> };
  } catch {
    return null; // not written yet, or caught mid-write
  }
}

/** Asks the portal process for its counts so far (SIGUSR2) and waits until the new snapshot is on disk. */
export async function snapshotStatements(pid: number, file: string): Promise<StatementCounts> {
  const before = (await readSnapshot(file))?.seq ?? 0;
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    const snapshot = await readSnapshot(file);
    if (snapshot !== null && snapshot.seq > before) return new Map(Object.entries(snapshot.counts));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What was counted between two snapshots, per statement shape. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  const delta: StatementCounts = new Map();
  for (const [shape, n] of after) {
    const d = n - (before.get(shape) ?? 0);
    if (d > 0) delta.set(shape, d);
  }
  return delta;
}

/** Lines for the report: statements and commits per change, and the commonest shapes. */
export function describeStatements(delta: StatementCounts, changes: number, top = 25): string[] {
  const total = [...delta.values()].reduce((sum, n) => sum + n, 0);
  const commits = [...delta].filter(([shape]) => /^commit\b/i.test(shape)).reduce((sum, [, n]) => sum + n, 0);
  const lines = [
    `SQL per change:     ${(total / changes).toFixed(1)} statements, ${(commits / changes).toFixed(2)} commits (${total} statements over ${changes} changes, background polling included)`,
  ];
  for (const [shape, n] of [...delta].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${(n / changes).toFixed(2).padStart(6)}  ${shape}`);
  return lines;
}
