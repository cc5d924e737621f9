import { SKIP_REASON_TEXT, SKIP_REASONS } from './import-entry.js';
import { type ImportReport, type ReportedAddress, type ReportedSkip, skipCounts } from './import-report.js';

const number = new Intl.NumberFormat('en-GB');

function where(entry: ReportedAddress | ReportedSkip): string {
  if (entry.line !== undefined) return `line ${entry.line}`;
  return entry.id ?? '';
}

/**
 * The report as text: one tab-separated line per address (so it can be filtered with grep or cut), then
 * the totals, each skip reason with what it means.
 */
export function renderImportReport(report: ImportReport, heading: string): string[] {
  const createdWord = report.dryRun ? 'would create' : 'created';
  const lines: string[] = [];
  for (const entry of report.created)
    lines.push([createdWord, entry.address, entry.displayName ?? '', where(entry)].join('\t'));
  for (const entry of report.alreadyPresent) lines.push(['present', entry.address, where(entry)].join('\t'));
  for (const entry of report.skipped)
    lines.push(['skipped', entry.reason, entry.address, entry.detail ?? '', where(entry)].join('\t'));
  const pad = (n: number): string => number.format(n).padStart(7);
  const counts = skipCounts(report);
  const mails = report.dryRun
    ? ''
    : report.activationMailsQueued > 0
      ? `, welcome mails queued: ${number.format(report.activationMailsQueued)}`
      : report.created.length > 0
        ? ' (no welcome mail sent: passgate users send-activation EMAIL sends one)'
        : '';
  lines.push(
    '',
    ...(report.dryRun ? ['Dry run: nothing was written.'] : []),
    `${heading}: ${number.format(report.read)} read`,
    `  ${report.dryRun ? 'would create   ' : 'created        '}${pad(report.created.length)}  as pending_activation${mails}`,
    `  already present${pad(report.alreadyPresent.length)}  left as they are`,
    `  skipped        ${pad(report.skipped.length)}`,
  );
  for (const reason of SKIP_REASONS)
    if (counts[reason] > 0)
      lines.push(`    ${reason.padEnd(24)}${pad(counts[reason])}  ${SKIP_REASON_TEXT[reason]}`);
  return lines;
}
