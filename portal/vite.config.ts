import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

// Bundles the change-password island into dist/public/change-password-island.js: one ES module with
// Preact and the browser-safe part of @passgate/core/policy inside, served at a fixed URL.
export default defineConfig({
  resolve: { conditions: ['@passgate/source', ...defaultClientConditions] },
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('dist/public', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    rolldownOptions: {
      // core's policy modules are pure (their index re-exports the zod schema, which builds objects at
      // load time): declaring them side-effect free lets the bundle drop zod, which the island never uses.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]core[\\/]src[\\/]/.test(id) },
    },
    lib: {
      entry: fileURLToPath(new URL('src/client/change-password-island.tsx', import.meta.url)),
      formats: ['es'],
      fileName: () => 'change-password-island.js',
    },
  },
});
