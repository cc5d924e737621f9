import { type DialectAdapter, PostgresAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * Which database a Kysely instance (or a transaction of it) talks to. The store port asks this where
 * the two must say a thing differently (row locks, SKIP LOCKED); everywhere else one statement serves both.
 */
export function dialectOf(db: { getExecutor(): { readonly adapter: DialectAdapter } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
