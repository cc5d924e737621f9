import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The databases a store test runs on: SQLite always, PostgreSQL when the run has a cluster. */
export type TestDialect = 'sqlite' | 'postgres';

export function testDialects(): TestDialect[] {
  return inject('postgresBaseUrl') === '' ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** A new, empty database in the run's PostgreSQL cluster; its URL. */
export async function createPostgresDatabase(label: string): Promise<string> {
  const base = inject('postgresBaseUrl');
  if (base === '') throw new Error('no PostgreSQL cluster in this test run');
  const name = `${label
    .replaceAll(/[^a-z0-9]/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

/** Runs SQL as the cluster's superuser in `database` (roles, grants: what an admin would set up). */
export async function asSuperuser(database: string, statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: `${inject('postgresBaseUrl')}/${database}` });
  await admin.connect();
  try {
    for (const statement of statements) await admin.query(statement);
  } finally {
    await admin.end();
  }
}
