import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'lightningcss';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const STYLESHEET = fileURLToPath(new URL('public/passgate.css', import.meta.url));

/**
 * Writes dist/public/passgate.css: public/passgate.css minified by Lightning CSS (vite's own CSS
 * minifier), which the portal serves when it is there. Its comments explain the source; browsers
 * need none of them (a third of what /change downloads for style, gzipped).
 */
function minifiedStylesheet(): Plugin {
  return {
    name: 'passgate-minified-stylesheet',
    generateBundle() {
      const { code } = transform({ filename: STYLESHEET, code: readFileSync(STYLESHEET), minify: true });
      this.emitFile({ type: 'asset', fileName: 'passgate.css', source: code });
    },
  };
}

// Bundles the browser islands into dist/public, one ES module each, served at fixed URLs (and the
// stylesheet, minified: see minifiedStylesheet):
// change-password-island.js (Preact and the browser-safe part of @passgate/core/policy inside),
// challenge-island.js (altcha-lib's solver with its WebCrypto PBKDF2, nothing else) and
// passkey-island.js (@simplewebauthn/browser and the passkey forms' few lines).
export default defineConfig({
  plugins: [minifiedStylesheet()],
  resolve: {
    conditions: ['@passgate/source', ...defaultClientConditions],
    // The island formats messages the server parsed (views/password-island-scripts.tsx): FormatJS's
    // parser-free build keeps ~9 KB of ICU parser out of the browser.
    alias: [
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
      },
    ],
  },
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
      // Library mode keeps an ES bundle's whitespace and comments (for whoever bundles it again); these
      // files go to browsers as they are, so minify them whole.
      output: { minify: true },
    },
    lib: {
      entry: {
        'change-password-island': fileURLToPath(
          new URL('src/client/change-password-island.tsx', import.meta.url),
        ),
        'challenge-island': fileURLToPath(new URL('src/client/challenge-island.ts', import.meta.url)),
        'passkey-island': fileURLToPath(new URL('src/client/passkey-island.ts', import.meta.url)),
      },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
  },
});
