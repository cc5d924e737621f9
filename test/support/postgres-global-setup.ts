import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://postgres:PASSWORD@127.0.0.1:PORT of the run's throwaway cluster, or '' when PostgreSQL is missing. */
    postgresBaseUrl: string;
  }
}

/**
 * One PostgreSQL cluster for the whole test run (starting one takes seconds); each test file makes its
 * own database in it. Without Debian's postgresql package the PostgreSQL tests are skipped locally with
 * a message, and fail under CI (where .ci/run installs it).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPostgresBin();
  if (bin === null) {
    if (process.env.CI)
      throw new Error('PostgreSQL is not installed (apt-get install postgresql): CI must run its tests');
    console.warn('PostgreSQL is not installed (apt-get install postgresql): its tests are skipped');
    project.provide('postgresBaseUrl', '');
    return () => undefined;
  }
  const cluster = await startPostgresCluster(bin);
  project.provide('postgresBaseUrl', cluster.baseUrl);
  return () => cluster.stop();
}
