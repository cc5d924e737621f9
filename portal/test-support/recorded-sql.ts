import type { Kysely, KyselyPlugin } from 'kysely';
import type { Database } from '../src/store/database-schema.js';

/**
 * A db that records every statement run through it, as SQL text (values left out: they differ by design),
 * for tests that show a step does the same work whether or not the address typed has an account.
 */
export function recordedSql(db: Kysely<Database>): { db: Kysely<Database>; sql: string[] } {
  const sql: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      sql.push(db.getExecutor().compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return { db: db.withPlugin(plugin), sql };
}
