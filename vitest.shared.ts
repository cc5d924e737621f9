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
