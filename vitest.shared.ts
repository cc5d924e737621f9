import { defaultServerConditions } from 'vite';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

// Workspace packages export their TypeScript sources under this condition, so tests run
// against src/ without a build; plain Node (and `npm start`) uses the built dist/.
export const sourceConditions = ['@passgate/source', ...defaultServerConditions];

export function passgateProject(name: string, test: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['@passgate/source', 'module', 'browser', 'development|production'] },
    ssr: { resolve: { conditions: sourceConditions, externalConditions: ['@passgate/source'] } },
    // 30 s, not vitest's 5: a test that migrates a database or hashes passwords can wait that long for a
    // core on a busy 2-core machine; a hang still fails.
    test: { name, include: ['src/**/*.test.{ts,tsx}'], testTimeout: 30_000, ...test },
  });
}

/**
 * Test files that replace a module with vi.mock. The unit projects share one module graph per worker
 * (`isolate: false`: each file would otherwise import the portal anew, about half of their run), and a
 * mock cannot take hold of a module an earlier file already loaded; these files run isolated instead,
 * in a project of their own (`<name>-isolated`, from vitest.isolated.config.ts beside the project's).
 */
export const MOCKING_FILES: Readonly<Record<string, readonly string[]>> = {
  portal: ['src/cli/run-cli.test.ts', 'src/accounts/refusal-work.test.ts'],
  extension: ['src/options/field-errors.test.ts'],
};

/** A package's unit tests: one module graph per worker, but for the files that mock modules. */
export function unitProject(name: string): UserWorkspaceConfig {
  return passgateProject(name, { isolate: false, exclude: [...(MOCKING_FILES[name] ?? [])] });
}

/** The package's files that mock modules, each in a fresh module graph as vitest does by default. */
export function isolatedUnitProject(name: string): UserWorkspaceConfig {
  return passgateProject(`${name}-isolated`, { include: [...(MOCKING_FILES[name] ?? [])] });
}
