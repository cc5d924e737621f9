import type { AuditActor } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { queueActivations } from '../accounts/queue-activation.js';
import { insertNewUsers } from '../accounts/user-directory.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { writeTransaction } from '../store/write-transaction.js';
import { describeOrigin, type ImportCandidate, type ImportEntry } from './import-entry.js';
import { createImportReport, type ImportReport, originFields, type ReportedSkip } from './import-report.js';

export interface ImportDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  mailSealer: Sealer;
  now: () => Date;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Queue a welcome mail for each user created. */
  sendActivation: boolean;
  actor: AuditActor;
  /** Recorded on each created user's audit event, e.g. "tenant contoso" or "csv people.csv". */
  source: string;
  /** Users written per transaction (default 500, at most 1,000): short write locks, bounded memory. */
  batchSize?: number;
}

export interface ImportOutcome {
  report: ImportReport;
  /** What stopped the source part-way (Microsoft 365 unreachable, a refused link); null when it ran to the end. */
  stopped: unknown;
}

type Decision =
  | { kind: 'created'; candidate: ImportCandidate; mailed: boolean }
  | { kind: 'present'; candidate: ImportCandidate }
  | { kind: 'conflict'; candidate: ImportCandidate; detail: string };

const DEFAULT_BATCH = 500;
const MAX_BATCH = 1_000;

/**
 * Creates a pending_activation user for every candidate the source yields whose address no portal user
 * has, in batches of one transaction each; never changes an existing user, so running it again creates
 * nothing new. The source is read as it streams: only a batch and the set of addresses already seen
 * (to catch duplicates) are held. A source that fails part-way stops the import after the entries read
 * so far are settled; a database failure throws.
 */
export async function importUsers(
  deps: ImportDeps,
  source: AsyncIterable<ImportEntry>,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const report = createImportReport(options.dryRun);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  // One multi-row statement per table per batch: keep it under SQLite's and PostgreSQL's bound-parameter limits.
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH)
    throw new RangeError(`batchSize must be a whole number from 1 to ${MAX_BATCH}`);
  // Address → where it was first seen: a second entry for it, in any case, is a conflict.
  const seen = new Map<string, string>();
  let batch: ImportCandidate[] = [];
  let stopped: unknown = null;
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ImportEntry>;
      try {
        next = await iterator.next();
      } catch (error) {
        stopped = error;
        break;
      }
      if (next.done) break;
      const entry = next.value;
      report.read += 1;
      if (entry.kind === 'skip') {
        report.skipped.push(skipOf(entry.address, entry.reason, entry.detail, entry.origin));
        continue;
      }
      const first = seen.get(entry.address);
      if (first !== undefined) {
        report.skipped.push(
          skipOf(entry.address, 'conflict', `the same address as ${first}, ignoring case`, entry.origin),
        );
        continue;
      }
      seen.set(entry.address, `${describeOrigin(entry.origin)} (${entry.given})`);
      batch.push(entry);
      if (batch.length >= batchSize) {
        await settleBatch(deps, batch, options, report);
        batch = [];
      }
    }
    if (batch.length > 0) await settleBatch(deps, batch, options, report);
  } finally {
    if (stopped === null) await iterator.return?.();
  }
  return { report, stopped };
}

function skipOf(
  address: string,
  reason: ReportedSkip['reason'],
  detail: string | null,
  origin: ImportEntry['origin'],
): ReportedSkip {
  return { address, reason, detail, ...originFields(origin) };
}

/** Decides (and, unless a dry run, writes) one batch; the report learns of it only once it is committed. */
async function settleBatch(
  deps: ImportDeps,
  batch: ImportCandidate[],
  options: ImportOptions,
  report: ImportReport,
): Promise<void> {
  const now = deps.now();
  const wanted = [...new Set(batch.flatMap((c) => (c.alias === null ? [c.address] : [c.address, c.alias])))];
  const decide = async (db: Kysely<Database>): Promise<Decision[]> => {
    const held = new Set(
      (await db.selectFrom('users').select('email').where('email', 'in', wanted).execute()).map(
        (r) => r.email,
      ),
    );
    const fresh = batch.filter((c) => !held.has(c.address) && (c.alias === null || !held.has(c.alias)));
    const created = options.dryRun ? null : await create(db, deps, fresh, options, now);
    return batch.map((candidate): Decision => {
      if (held.has(candidate.address)) return { kind: 'present', candidate };
      if (candidate.alias !== null && held.has(candidate.alias))
        return {
          kind: 'conflict',
          candidate,
          detail: `a portal user already has ${candidate.alias}, this person's mail address in Microsoft 365: the same person under another address? Rename one, then import again`,
        };
      if (created === null) return { kind: 'created', candidate, mailed: false };
      // Not inserted: another writer added the address after this batch looked; theirs stands.
      if (!created.has(candidate.address)) return { kind: 'present', candidate };
      return { kind: 'created', candidate, mailed: options.sendActivation };
    });
  };
  const decisions = options.dryRun ? await decide(deps.db) : await writeTransaction(deps.db, decide);
  for (const decision of decisions) {
    const { candidate } = decision;
    const where = originFields(candidate.origin);
    if (decision.kind === 'created') {
      report.created.push({ address: candidate.address, displayName: candidate.displayName, ...where });
      if (decision.mailed) report.activationMailsQueued += 1;
    } else if (decision.kind === 'present') {
      report.alreadyPresent.push({
        address: candidate.address,
        displayName: candidate.displayName,
        ...where,
      });
    } else {
      report.skipped.push(skipOf(candidate.address, 'conflict', decision.detail, candidate.origin));
    }
  }
}

/** Inserts the batch's new users (and queues their welcome mails) in a few statements; e-mail → id of those inserted. */
async function create(
  trx: Kysely<Database>,
  deps: ImportDeps,
  fresh: ImportCandidate[],
  options: ImportOptions,
  now: Date,
): Promise<Map<string, string>> {
  const inputs = fresh.map((c) => ({
    email: c.address,
    displayName: c.displayName,
    password: null,
    passwordHash: '',
  }));
  const created = await insertNewUsers(trx, inputs, now, options.actor, [
    { field: 'importedFrom', to: options.source },
  ]);
  if (options.sendActivation) {
    const users = fresh.flatMap((c) => {
      const id = created.get(c.address);
      return id === undefined ? [] : [{ id, email: c.address, display_name: c.displayName }];
    });
    await queueActivations(trx, deps, users, now, options.actor);
  }
  return created;
}
