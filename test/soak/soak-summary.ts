import { killCount, type SoakReport } from './run-soak.js';

const list = (map: ReadonlyMap<string | number, number>): string =>
  [...map]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([key, n]) => `${key} ×${n}`)
    .join(', ') || 'none';

const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;

/** The soak's figures and verdict as lines for a terminal and for docs/admin.md. */
export function soakSummary(report: SoakReport): string[] {
  const { options, lives, counts, tally, figures } = report;
  const starts = [...lives.startMs].sort((a, b) => a - b);
  const outcome = (via: keyof typeof counts.outcomes): string => {
    const o = counts.outcomes[via];
    return `${o.accepted} accepted, ${o.refused} refused, ${o.unknown} unknown`;
  };
  const total = (['change', 'reset', 'expired'] as const).reduce(
    (sum, via) => ({
      accepted: sum.accepted + counts.outcomes[via].accepted,
      refused: sum.refused + counts.outcomes[via].refused,
      unknown: sum.unknown + counts.outcomes[via].unknown,
    }),
    { accepted: 0, refused: 0, unknown: 0 },
  );
  const fiveXx = tally.serverErrors.length;
  return [
    `seed ${options.seed}: ${options.users} people, ${options.clients} at once, ${report.seconds} s in all`,
    `kills (SIGKILL): ${killCount(lives)} (${list(lives.kills)}); restarts: ${lives.lives.length - 1}`,
    `start to healthy: median ${starts[Math.floor(starts.length / 2)] ?? 0} ms, max ${starts.at(-1) ?? 0} ms`,
    `actions: ${list(counts.actions)}`,
    `new passwords: ${total.accepted} accepted, ${total.refused} refused, ${total.unknown} unknown (cut mid-flight)`,
    `  change: ${outcome('change')}; reset link: ${outcome('reset')}; expired sign-in: ${outcome('expired')}`,
    `  refusals by HTTP status: ${list(counts.refusals)}`,
    `resets: ${counts.resets.requested} requested, ${counts.resets.answered} answered, ${counts.resets.mailed} mails used, ${counts.resets.noLink} without a link (suspended), ${counts.resets.late} waited out`,
    `service desk (passgate CLI): ${list(report.desk)}`,
    `faults injected: ${list(report.faults)}`,
    `Graph answers seen by the emulator: ${list(figures.graphStatuses)}`,
    `HTTP: ${tally.requests} requests (${tally.posts} POSTs), ${tally.down} refused while down, ${tally.cut} cut, ${fiveXx} 5xx, ${tally.hung} hung`,
    `password writes to Microsoft 365: ${figures.passwordWrites} (${figures.repeated} the same password again, harmless)`,
    `lost ${figures.lost}, duplicated ${figures.duplicated}, reordered ${figures.reordered}, phantom ${figures.phantom}, 5xx ${fiveXx}`,
    `portal RSS (final life): ${mib(report.rss.start)} after warm-up, ${mib(report.rss.end)} at the end (max ${mib(report.rss.max)}); killed lives: max ${mib(Math.max(0, ...lives.rssAtKill))}`,
    `portal error lines: ${report.portalErrors.size === 0 ? 'none' : ''}`,
    ...[...report.portalErrors].map(([line, n]) => `  ${n} × ${line}`),
    report.failures.length === 0 ? 'PASS: every invariant held' : `FAIL: ${report.failures.length} problems`,
    ...report.failures.map((failure) => `  - ${failure}`),
  ];
}
