import type { Kysely } from 'kysely';
import type { ReleaseRecord } from '../extension-kit/release-record.js';
import type { Database } from '../store/database-schema.js';

const DAY_MS = 86_400_000;
/** The windows admins look at: installs heard from within the last 1, 7 and 30 days. */
export const COVERAGE_DAYS = [1, 7, 30] as const;

export interface CoverageLine {
  browser: string;
  browserVersion: string;
  /** Installs of this browser and version heard from within each window. */
  seen: Record<(typeof COVERAGE_DAYS)[number], number>;
}

export interface CoverageReport {
  /** Installs heard from within each window. */
  total: Record<(typeof COVERAGE_DAYS)[number], number>;
  /** Of those heard from in the last 30 days: the policy reached them whole, or not. */
  policyApplied: number;
  policyNotApplied: number;
  /** Of those heard from in the last 30 days: on an extension version older than their browser's newest. */
  oldVersions: { version: string; installs: number }[];
  /**
   * What Chrome, Edge and the other Chromium browsers are judged against: the CRX last packed
   * (release.json); before any pack, the newest any install reported.
   */
  newestVersion: string | null;
  /** What Firefox is judged against: the Firefox build last packed; when that pack had none, newestVersion. */
  newestFirefoxVersion: string | null;
  byBrowser: CoverageLine[];
  /** Redirects reported by the installs heard from in the last 30 days, by kind of page. */
  redirects: { change: number; reset: number; expired: number; extra: number };
}

function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Where the extension runs, from the installs heard from in the last 30 days. `packed` is what `pack`
 * last made: a heartbeat is its sender's claim, and one naming a higher version must not make every real
 * install look out of date. Firefox installs update from updates.json, which offers the Firefox build
 * `pack` made, so they are judged against its version; the others update from updates.xml and are
 * judged against the CRX's. One pass over the rows: each may name a browser version of its own.
 */
export async function coverageReport(
  db: Kysely<Database>,
  now: number,
  packed: Pick<ReleaseRecord, 'version' | 'firefoxVersion'> | null = null,
): Promise<CoverageReport> {
  const rows = await db
    .selectFrom('extension_installs')
    .selectAll()
    .where('last_seen_at', '>=', now - 30 * DAY_MS)
    .execute();
  const zero = (): Record<(typeof COVERAGE_DAYS)[number], number> => ({ 1: 0, 7: 0, 30: 0 });
  const total = zero();
  const lines = new Map<string, CoverageLine>();
  for (const row of rows) {
    const key = `${row.browser} ${row.browser_version}`;
    let line = lines.get(key);
    if (line === undefined) {
      line = { browser: row.browser, browserVersion: row.browser_version, seen: zero() };
      lines.set(key, line);
    }
    for (const days of COVERAGE_DAYS) {
      if (Number(row.last_seen_at) < now - days * DAY_MS) continue;
      total[days] += 1;
      line.seen[days] += 1;
    }
  }
  const newest =
    packed?.version ??
    rows
      .map((row) => row.extension_version)
      .sort(compareVersions)
      .at(-1) ??
    null;
  const newestFirefox = packed?.firefoxVersion ?? newest;
  const old = new Map<string, number>();
  for (const row of rows) {
    const judgedBy = row.browser === 'firefox' ? newestFirefox : newest;
    if (judgedBy !== null && compareVersions(row.extension_version, judgedBy) < 0)
      old.set(row.extension_version, (old.get(row.extension_version) ?? 0) + 1);
  }
  const sum = (pick: (row: (typeof rows)[number]) => number): number =>
    rows.reduce((total, row) => total + Number(pick(row)), 0);
  return {
    total,
    policyApplied: rows.filter((row) => row.policy_applied === 1).length,
    policyNotApplied: rows.filter((row) => row.policy_applied !== 1).length,
    newestVersion: newest,
    newestFirefoxVersion: newestFirefox,
    oldVersions: [...old.entries()]
      .sort(([a], [b]) => compareVersions(b, a))
      .map(([version, installs]) => ({ version, installs })),
    byBrowser: [...lines.values()].sort(
      (a, b) => a.browser.localeCompare(b.browser) || compareVersions(b.browserVersion, a.browserVersion),
    ),
    redirects: {
      change: sum((row) => row.redirects_change),
      reset: sum((row) => row.redirects_reset),
      expired: sum((row) => row.redirects_expired),
      extra: sum((row) => row.redirects_extra),
    },
  };
}
