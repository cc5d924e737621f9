import { parseArgs } from 'node:util';
import { COVERAGE_DAYS, type CoverageReport, coverageReport } from '../extension-coverage/coverage-report.js';
import type { CommandContext } from '../extension-kit/commands/command-context.js';
import { ExtensionKitError } from '../extension-kit/extension-kit-error.js';
import { type ReleaseRecord, readReleaseRecord } from '../extension-kit/release-record.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';

function lines(report: CoverageReport): string[] {
  const per = (seen: CoverageReport['total']): string => COVERAGE_DAYS.map((days) => seen[days]).join(' / ');
  const out = [
    `installs seen in the last 1 / 7 / 30 days: ${per(report.total)}`,
    `policy applied whole: ${report.policyApplied}, not (a value refused or missing): ${report.policyNotApplied}`,
    `newest extension version: ${report.newestVersion ?? 'none seen'}${
      report.newestFirefoxVersion !== report.newestVersion ? ` (Firefox: ${report.newestFirefoxVersion})` : ''
    }`,
  ];
  for (const old of report.oldVersions) out.push(`  on older version ${old.version}: ${old.installs}`);
  out.push('by browser and version (last 1 / 7 / 30 days):');
  for (const line of report.byBrowser)
    out.push(`  ${line.browser} ${line.browserVersion}: ${per(line.seen)}`);
  const { change, reset, expired, extra } = report.redirects;
  out.push(`redirects reported: change ${change}, reset ${reset}, expired ${expired}, extra ${extra}`);
  return out;
}

/**
 * `passgate extension coverage [--json]`: where the extension runs, from the heartbeats installs
 * send (installs heard from in the last 1, 7 and 30 days, by browser and version; whether the
 * policy reached them whole; installs on old versions).
 */
export async function coverageCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, json: { type: 'boolean' } } });
  const config = await loadCliConfig(values.config, ctx.io.env);
  const store = await openCliStore(config, ctx.io, { poolSize: 2 });
  try {
    const report = await coverageReport(store.db, Date.now(), await packedRelease(ctx.kit.artefactsDir));
    for (const line of values.json === true ? [JSON.stringify(report)] : lines(report)) ctx.io.out(line);
    return 0;
  } finally {
    await store.close();
  }
}

/** What the last `pack` made, or null before any (or when its record cannot be read). */
async function packedRelease(artefactsDir: string): Promise<ReleaseRecord | null> {
  try {
    return await readReleaseRecord(artefactsDir);
  } catch (error) {
    if (error instanceof ExtensionKitError) return null;
    throw error;
  }
}
