import { type EntryOrigin, SKIP_REASONS, type SkipReason } from './import-entry.js';

/** One address in the report, with where it came from (a CSV line or a Microsoft 365 object id). */
export interface ReportedAddress {
  address: string;
  displayName: string | null;
  line?: number;
  id?: string;
}

export interface ReportedSkip {
  address: string;
  reason: SkipReason;
  detail: string | null;
  line?: number;
  id?: string;
}

/** What an import did (or, dry run, would do), in the order the source gave the addresses. */
export interface ImportReport {
  dryRun: boolean;
  /** Entries read from the source (Microsoft 365 users, or CSV rows). */
  read: number;
  /** Created as pending_activation (dry run: would be). */
  created: ReportedAddress[];
  /** A portal user with this address exists: left exactly as it is. */
  alreadyPresent: ReportedAddress[];
  skipped: ReportedSkip[];
  /** Welcome mails queued (--send-activation; never in a dry run). */
  activationMailsQueued: number;
}

export function createImportReport(dryRun: boolean): ImportReport {
  return { dryRun, read: 0, created: [], alreadyPresent: [], skipped: [], activationMailsQueued: 0 };
}

export function originFields(origin: EntryOrigin): { line: number } | { id: string } {
  return 'line' in origin ? { line: origin.line } : { id: origin.id };
}

/** How many were skipped for each reason (every reason listed, 0 included). */
export function skipCounts(report: ImportReport): Record<SkipReason, number> {
  const counts = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  for (const skip of report.skipped) counts[skip.reason] += 1;
  return counts;
}

export interface ImportReportJson {
  dryRun: boolean;
  complete: boolean;
  error: { code: string; message: string } | null;
  counts: {
    read: number;
    created: number;
    alreadyPresent: number;
    skipped: number;
    skippedByReason: Record<SkipReason, number>;
    activationMailsQueued: number;
  };
  created: ReportedAddress[];
  alreadyPresent: ReportedAddress[];
  skipped: ReportedSkip[];
}

/** The report as `--json` prints it; `error` when the source failed part-way (what was done stays done). */
export function importReportJson(
  report: ImportReport,
  error: { code: string; message: string } | null,
): ImportReportJson {
  return {
    dryRun: report.dryRun,
    complete: error === null,
    error,
    counts: {
      read: report.read,
      created: report.created.length,
      alreadyPresent: report.alreadyPresent.length,
      skipped: report.skipped.length,
      skippedByReason: skipCounts(report),
      activationMailsQueued: report.activationMailsQueued,
    },
    created: report.created,
    alreadyPresent: report.alreadyPresent,
    skipped: report.skipped,
  };
}
