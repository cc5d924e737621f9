import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The preload that counts the portal process's SQL statements (see count-statements.mjs). */
export const COUNT_STATEMENTS_PRELOAD = fileURLToPath(new URL('./count-statements.mjs', import.meta.url));

/** Per statement shape: how often it ran, and the microseconds its runs took (SQLite; 0 on PostgreSQL). */
export type StatementCounts = Map<string, { n: number; us: number }>;

interface Snapshot {
  seq: number;
  counts: Record<string, number>;
  micros: Record<string, number>;
}

async function readSnapshot(file: string): Promise<Snapshot | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  try {
    return JSON.parse(text) as Snapshot;
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
    if (snapshot !== null && snapshot.seq > before)
      return new Map(
        Object.entries(snapshot.counts).map(([shape, n]) => [shape, { n, us: snapshot.micros[shape] ?? 0 }]),
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What was counted between two snapshots, per statement shape. */
export function countsBetween(before: StatementCounts, after: StatementCounts): StatementCounts {
  const delta: StatementCounts = new Map();
  for (const [shape, { n, us }] of after) {
    const d = n - (before.get(shape)?.n ?? 0);
    if (d > 0) delta.set(shape, { n: d, us: us - (before.get(shape)?.us ?? 0) });
  }
  return delta;
}

/** Lines for the report: statements and commits per change, and the commonest shapes. */
export function describeStatements(delta: StatementCounts, changes: number, top = 60): string[] {
  const rows = [...delta];
  const total = rows.reduce((sum, [, { n }]) => sum + n, 0);
  const micros = rows.reduce((sum, [, { us }]) => sum + us, 0);
  const commits = rows.filter(([shape]) => /^commit\b/i.test(shape)).reduce((sum, [, { n }]) => sum + n, 0);
  const lines = [
    `SQL per change:     ${(total / changes).toFixed(1)} statements, ${(commits / changes).toFixed(2)} commits, ${(micros / changes / 1000).toFixed(2)} ms inside SQLite (${total} statements over ${changes} changes, background polling included)`,
    '  runs/change  ms/change  statement',
  ];
  for (const [shape, { n, us }] of rows.sort((a, b) => b[1].us - a[1].us || b[1].n - a[1].n).slice(0, top))
    lines.push(
      `  ${(n / changes).toFixed(2).padStart(6)}  ${(us / changes / 1000).toFixed(3).padStart(9)}  ${shape}`,
    );
  return lines;
}
