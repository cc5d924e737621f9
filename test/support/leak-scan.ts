import { readFile } from 'node:fs/promises';
import type { TestPortal } from './start-portal.js';

/** Where a secret must never be in clear: the log, the audit rows, the SQLite file and its WAL. */
export interface Haystack {
  name: string;
  text: string;
}

/** What a SQLite-backed test portal keeps. No fallback for a file that cannot be read: a scan of nothing must fail. */
export async function portalHaystacks(t: TestPortal): Promise<Haystack[]> {
  const audit = await t.portal.store.db.selectFrom('audit_events').select('body').execute();
  return [
    { name: 'log', text: t.logs.join('\n') },
    { name: 'audit rows', text: audit.map((row) => row.body).join('\n') },
    { name: 'database file', text: (await readFile(t.databasePath)).toString('latin1') },
    { name: 'WAL', text: (await readFile(`${t.databasePath}-wal`)).toString('latin1') },
  ];
}

/**
 * Each secret found, as "what in where", in any letter case. A short secret (a 6-digit mailed code)
 * matches only as a whole token, no letter or digit either side: its digits turn up by chance inside
 * epoch-millisecond timestamps and longer numbers, while `"code":"482913"` or `482913` on its own is a
 * leak. A longer one (an authenticator key, a recovery code) matches anywhere.
 */
export function findLeaks(
  haystacks: readonly Haystack[],
  secrets: Record<string, readonly string[]>,
): string[] {
  const found: string[] = [];
  for (const [what, values] of Object.entries(secrets)) {
    for (const value of values) {
      const escaped = value.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const token =
        value.length <= 8
          ? new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'i')
          : new RegExp(escaped, 'i');
      for (const hay of haystacks)
        if (token.test(hay.text)) found.push(`${what} ${value} in the ${hay.name}`);
    }
  }
  return found;
}
