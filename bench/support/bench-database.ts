import { join } from 'node:path';
import pg from 'pg';
import {
  findPostgresBin,
  type PostgresCluster,
  startPostgresCluster,
} from '../../test/support/postgres-cluster.js';

export type BenchDialect = 'sqlite' | 'postgres';

/** The `--database sqlite|postgres` argument of a bench (sqlite when absent). */
export function benchDialect(args: readonly string[]): BenchDialect {
  const value = args.includes('--database') ? args[args.indexOf('--database') + 1] : 'sqlite';
  if (value === 'sqlite' || value === 'postgres') return value;
  throw new Error(`--database: expected sqlite or postgres, not ${value}`);
}

/**
 * The database a bench runs on: a SQLite file in `dir`, or a new database in a throwaway PostgreSQL
 * cluster with the server's durable defaults (fsync and synchronous_commit on, as in production).
 */
export async function createBenchDatabase(
  dialect: BenchDialect,
  dir: string,
): Promise<{ database: string; cluster: PostgresCluster | null }> {
  if (dialect === 'sqlite') return { database: join(dir, 'passgate.sqlite'), cluster: null };
  const bin = findPostgresBin();
  if (bin === null) throw new Error('--database postgres: Debian’s postgresql package is not installed');
  const cluster = await startPostgresCluster(bin, { durable: true });
  const admin = new pg.Client({ connectionString: `${cluster.baseUrl}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  await admin.end();
  return { database: `${cluster.baseUrl}/bench`, cluster };
}
