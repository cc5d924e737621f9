import { readFileSync } from 'node:fs';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig, type Plugin } from 'vite';
import { manifestFor, type Target } from './scripts/manifest.js';
import { zippedSize } from './scripts/zipped-size.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Ships the committed, generated managed_schema.json (Chrome reads it for policy values). */
function managedSchema(): Plugin {
  return {
    name: 'passgate-managed-schema',
    generateBundle() {
      const source = readFileSync(new URL('./managed_schema.json', import.meta.url), 'utf8');
      this.emitFile({ type: 'asset', fileName: 'managed_schema.json', source });
    },
  };
}

/** Prints how big the built extension is as the zip browsers download (docs/extension.md keeps the figure). */
function reportZippedSize(target: Target): Plugin {
  let outDir = '';
  return {
    name: 'passgate-zipped-size',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const { files, bytes, zipped } = zippedSize(outDir);
      const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
      this.info(`${target}: ${files} files, ${kb(bytes)}, about ${kb(zipped)} zipped`);
    },
  };
}

// `vite build` makes dist/chrome (Chrome and Edge); `vite build --mode firefox` makes dist/firefox.
export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    // Build core from its TypeScript sources, like the tests do: no prior `tsc -b core` needed.
    resolve: { conditions: ['@passgate/source', 'browser', 'module', 'import', 'default'] },
    plugins: [
      crx({
        manifest: manifestFor(target, version),
        browser: target,
        // One self-contained file: it runs on every sign-in page, so no shared chunks (zod) load there.
        contentScripts: { standaloneFiles: ['src/content/expired-password.ts'] },
      }),
      ...(target === 'chrome' ? [managedSchema()] : []),
      reportZippedSize(target),
    ],
    // Minified: the content script loads on every Microsoft sign-in page.
    build: { outDir: `dist/${target}`, emptyOutDir: true, minify: true, sourcemap: false },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});
