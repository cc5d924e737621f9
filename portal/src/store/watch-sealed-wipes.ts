import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** The column that holds sealed content in every table that has any (outbox_jobs, mail_queue). */
const SEALED_COLUMN = 'payload';

function isSealedColumn(node: OperationNode): boolean {
  const column = node as { kind: string; column?: { name?: unknown } };
  return column.kind === 'ColumnNode' && column.column?.name === SEALED_COLUMN;
}

function writesSealedColumn(node: RootOperationNode): boolean {
  return node.kind === 'UpdateQueryNode' && (node.updates ?? []).some((u) => isSealedColumn(u.column));
}

/**
 * A Kysely plugin that calls `onWipe` after an UPDATE that wrote the sealed `payload` column of at
 * least one row (every wipe sets it to NULL). Watching here, in the store, catches every wipe (the
 * worker's, the mail sender's, a change superseding a queued one) without each caller remembering to
 * report it; the WAL scrubber then knows old page images holding the sealed bytes are in the WAL.
 * Noted after the statement ran, so a checkpoint started later always comes after the wipe.
 */
export function watchSealedWipes(onWipe: () => void): KyselyPlugin {
  const wipes = new WeakSet<QueryId>();
  return {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      if (writesSealedColumn(node)) wipes.add(queryId);
      return node;
    },
    async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      // An UPDATE … RETURNING reports its rows instead of a count.
      const changed = result.numAffectedRows ?? BigInt(result.rows.length);
      if (wipes.has(queryId) && changed > 0n) onWipe();
      return result;
    },
  };
}
