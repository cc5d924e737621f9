import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webExt from 'web-ext';

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}
interface LintResult {
  errors: LintMessage[];
  warnings: LintMessage[];
}

// Warnings from bundled libraries that the add-on cannot avoid: Preact's support for
// dangerouslySetInnerHTML (unused here) and zod's optional `new Function` fast path, which it
// probes for and skips where the extension's CSP forbids eval.
const KNOWN_LIBRARY_WARNINGS = ['UNSAFE_VAR_ASSIGNMENT', 'DANGEROUS_EVAL'];

describe('the Firefox build', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'passgate-firefox-'));
  // biome-ignore lint/suspicious/noExplicitAny: a manifest is free-form JSON; the test reads nested keys
  let manifest: Record<string, any>;

  beforeAll(async () => {
    await build({
      root: fileURLToPath(new URL('..', import.meta.url)),
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      mode: 'firefox',
      logLevel: 'silent',
      build: { outDir },
    });
    manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('uses background scripts, a gecko id and data_collection_permissions for Firefox 140+', () => {
    expect(manifest.background.scripts).toHaveLength(1);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.browser_specific_settings.gecko).toMatchObject({
      id: 'extension@passgate.dev',
      data_collection_permissions: { required: ['none'] },
    });
    expect(
      Number.parseFloat(manifest.browser_specific_settings.gecko.strict_min_version),
    ).toBeGreaterThanOrEqual(140);
    expect(manifest.key).toBeUndefined();
  });

  it('carries the texts of all ten languages, English the default', () => {
    expect(manifest.default_locale).toBe('en');
    expect(readdirSync(join(outDir, '_locales')).sort()).toEqual(
      ['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'nl', 'pl', 'pt_BR'].sort(),
    );
    const german = JSON.parse(readFileSync(join(outDir, '_locales/de/messages.json'), 'utf8'));
    expect(german.noticeTitle.message).toBe('Ihr Kennwort ist abgelaufen');
  });

  it('loads only a small, minified script on every Microsoft sign-in page (no polyfill)', () => {
    const [script] = manifest.content_scripts[0].js as string[];
    const path = join(outDir, script ?? '');
    expect(statSync(path).size).toBeLessThan(4096);
    expect(readFileSync(path, 'utf8')).not.toContain('polyfill');
  });

  it('passes web-ext lint with no errors and no unexpected warnings', async () => {
    const result = (await webExt.cmd.lint(
      { sourceDir: outDir, output: 'json', selfHosted: true, boring: true },
      { shouldExitProgram: false },
    )) as LintResult;
    expect(result.errors).toEqual([]);
    const unexpected = result.warnings.filter((warning) => !KNOWN_LIBRARY_WARNINGS.includes(warning.code));
    expect(unexpected).toEqual([]);
  }, 60_000);
});
