/** @jsxRuntime automatic @jsxImportSource preact */
import { Hono } from 'hono';
import { ExtensionKitError } from '../../extension-kit/extension-kit-error.js';
import { generatePolicy } from '../../extension-kit/generate-policy.js';
import { resolvePolicyTarget } from '../../extension-kit/policy-target.js';
import { readReleaseRecord } from '../../extension-kit/release-record.js';
import { renderPage } from '../../http/render-page.js';
import { requireAdmin } from '../guard.js';
import { type ConsoleBack, consoleView, refuse } from './console-context.js';
import type { ConsoleDeps } from './console-deps.js';
import { ExtensionPage } from './extension-page.js';

/** /admin/extension (admin only): the packed extension and its policy files, as `passgate extension policy` writes them. */
export function extensionConsoleRoutes(deps: ConsoleDeps): Hono {
  const { config, frame } = deps;
  const kit = config.extension;
  const routes = new Hono();
  const back: ConsoleBack = { href: '/admin/extension', key: 'console.backTo.extension' };

  routes.get('/extension', requireAdmin('admin'), async (c) => {
    const release = await readReleaseRecord(kit.artefactsDir).catch((error: unknown) => {
      if (error instanceof ExtensionKitError && error.code === 'NOT_PACKED') return null;
      throw error;
    });
    return renderPage(c, <ExtensionPage view={consoleView(c, frame)} release={release} />);
  });

  routes.get('/extension/download', requireAdmin('admin'), async (c) => {
    try {
      const target = resolvePolicyTarget(
        c.req.query('browser'),
        c.req.query('platform'),
        c.req.query('format'),
      );
      const release = await readReleaseRecord(kit.artefactsDir);
      const policy = generatePolicy({
        target,
        extensionId: release.extensionId,
        geckoId: release.geckoId,
        publicUrl: config.publicUrl,
        settings: kit.managed,
        tenantDomains: config.tenants.flatMap((tenant) => tenant.domains),
        disableIncognito: kit.disableIncognito,
        organisationName: config.organisation.name,
      });
      return c.body(new Uint8Array(policy.body), 200, {
        'Content-Type': policy.contentType,
        'Content-Disposition': `attachment; filename="${policy.fileName}"`,
        'Cache-Control': 'no-store',
      });
    } catch (error) {
      if (!(error instanceof ExtensionKitError)) throw error;
      if (error.code === 'NOT_PACKED') return refuse(c, frame, 'EXTENSION_NOT_PACKED', 'extension', back);
      // The kit's own message is English for the CLI; the refusal's words say it in the admin's language.
      return refuse(c, frame, 'UNSUPPORTED_TARGET', 'extension', back);
    }
  });
  return routes;
}
