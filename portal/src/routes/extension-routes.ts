import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { adminBearerAuth } from '../extension-kit/admin-bearer-auth.js';
import { artefactUrls } from '../extension-kit/artefact-urls.js';
import type { ExtensionKitConfig } from '../extension-kit/extension-kit-config.js';
import { ExtensionKitError } from '../extension-kit/extension-kit-error.js';
import { firefoxUpdatesJson } from '../extension-kit/firefox-updates-json.js';
import { generatePolicy } from '../extension-kit/generate-policy.js';
import { checkManagedSettings } from '../extension-kit/managed-values.js';
import { resolvePolicyTarget } from '../extension-kit/policy-target.js';
import { ARTEFACT_FILES, readReleaseRecord } from '../extension-kit/release-record.js';
import { updatesXml } from '../extension-kit/updates-xml.js';

export interface ExtensionRoutesOptions {
  /** The portal's public URL (config.publicUrl): the update manifest's codebase and the policies' URLs. */
  publicUrl: string;
  /** config.extension: artefactsDir, adminToken, managed, disableIncognito. */
  kit: Pick<ExtensionKitConfig, 'artefactsDir' | 'adminToken' | 'managed' | 'disableIncognito'>;
  organisationName?: string;
  /** The e-mail domains of the portal's tenants: the extension's tenantDomains unless managed says otherwise. */
  tenantDomains?: readonly string[];
  /** Where a damaged release record is reported when the routes run without requestLogger. */
  logger: Logger;
}

// A damaged release record is the server's state, not the caller's mistake: 503 until the next pack.
const STATUS = { NOT_PACKED: 404, RELEASE_DAMAGED: 503 } as const;

async function artefact(dir: string, name: string): Promise<Buffer | null> {
  return readFile(join(dir, name)).catch(() => null);
}

/**
 * The organisation's own extension hosting: the gupdate manifest and CRX Chrome/Edge poll, the
 * Firefox XPI once signed and its updates.json, and (behind the admin token) the policy files. Reads the artefacts
 * directory on each request, so a new `pack` is served without a restart. Throws an
 * ExtensionKitError at once when `kit.managed` holds an unknown key or an invalid value.
 */
export function extensionRoutes(options: ExtensionRoutesOptions): Hono {
  const { kit } = options;
  // A typo in config.extension.managed fails the start, not the first admin download.
  checkManagedSettings(kit.managed);
  const urls = artefactUrls(options.publicUrl);
  const routes = new Hono();

  function refusal(c: Context, error: unknown): Response {
    if (!(error instanceof ExtensionKitError)) throw error;
    if (error.code === 'RELEASE_DAMAGED') {
      // The answer names no path (anyone may ask); the admin who reads the log needs it.
      (c.var.log ?? options.logger).error(
        { code: error.code, file: join(kit.artefactsDir, ARTEFACT_FILES.release), err: error.cause },
        'extension release record is damaged: serving no update until the next pack',
      );
    }
    const status = error.code in STATUS ? STATUS[error.code as keyof typeof STATUS] : 400;
    return c.json({ code: error.code, message: error.message }, status, { 'Cache-Control': 'no-store' });
  }

  routes.get('/extension/updates.xml', async (c) => {
    try {
      const release = await readReleaseRecord(kit.artefactsDir);
      const xml = updatesXml({ ...release, codebase: urls.crx });
      return c.body(xml, 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
    } catch (error) {
      return refusal(c, error);
    }
  });

  routes.get('/extension/updates.json', async (c) => {
    try {
      const release = await readReleaseRecord(kit.artefactsDir);
      const xpi = await artefact(kit.artefactsDir, ARTEFACT_FILES.xpi);
      if (xpi === null || release.geckoId === null || release.firefoxVersion === null) {
        return c.json({ code: 'NOT_PACKED', message: 'no signed Firefox add-on has been published' }, 404);
      }
      const json = firefoxUpdatesJson({
        geckoId: release.geckoId,
        version: release.firefoxVersion,
        updateLink: urls.xpi,
        sha256: createHash('sha256').update(xpi).digest('hex'),
      });
      return c.body(json, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
    } catch (error) {
      return refusal(c, error);
    }
  });

  const files = [
    [ARTEFACT_FILES.crx, 'application/x-chrome-extension'],
    [ARTEFACT_FILES.xpi, 'application/x-xpinstall'],
  ] as const;
  for (const [name, type] of files) {
    routes.get(`/extension/${name}`, async (c) => {
      const body = await artefact(kit.artefactsDir, name);
      if (body === null)
        return c.json({ code: 'NOT_PACKED', message: `${name} has not been published` }, 404);
      return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
    });
  }

  if (kit.adminToken !== null) {
    routes.get('/admin/extension/policy', adminBearerAuth(kit.adminToken), async (c) => {
      try {
        const target = resolvePolicyTarget(
          c.req.query('browser'),
          c.req.query('platform'),
          c.req.query('format'),
        );
        const release = await readReleaseRecord(kit.artefactsDir);
        const incognito = c.req.query('disableIncognito');
        const policy = generatePolicy({
          target,
          extensionId: release.extensionId,
          geckoId: release.geckoId,
          publicUrl: options.publicUrl,
          settings: kit.managed,
          ...(options.tenantDomains === undefined ? {} : { tenantDomains: options.tenantDomains }),
          disableIncognito:
            incognito === undefined ? kit.disableIncognito : incognito === 'true' || incognito === '1',
          ...(options.organisationName === undefined ? {} : { organisationName: options.organisationName }),
        });
        return c.body(new Uint8Array(policy.body), 200, {
          'Content-Type': policy.contentType,
          'Content-Disposition': `attachment; filename="${policy.fileName}"`,
          'Cache-Control': 'no-store',
        });
      } catch (error) {
        return refusal(c, error);
      }
    });
  }
  return routes;
}
