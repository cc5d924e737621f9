import { MANAGED_SETTING_KEYS } from '@passgate/core/m365';
import { artefactUrls } from './artefact-urls.js';
import { checkPublicUrl } from './check-public-url.js';
import { chromiumPolicies, INCOGNITO_REASON, orderedSettings } from './chromium-policies.js';
import { ExtensionKitError } from './extension-kit-error.js';
import { validateManagedSettings } from './managed-values.js';
import { mobileconfig } from './mobileconfig.js';
import { policyComments } from './policy-comments.js';
import { installLocation, type PolicyTarget, policyFileName } from './policy-target.js';
import { regFile, regFileBytes } from './reg-file.js';
import { POLICY_ROOTS, policyRegistryValues } from './registry-values.js';

export interface PolicyRequest {
  target: PolicyTarget;
  /** Chrome/Edge id of the organisation's key (from pack's release record or the key). */
  extensionId: string;
  /** Firefox add-on id (from the Firefox build). */
  geckoId: string | null;
  /** The portal that serves updates.xml, the CRX and the XPI. */
  publicUrl: string;
  /** The extension's managed values before validation; portalUrl defaults to publicUrl. */
  settings: Record<string, unknown>;
  /** The e-mail domains of the portal's tenants: the default for tenantDomains. */
  tenantDomains?: readonly string[];
  disableIncognito: boolean;
  /** Shown as the macOS profile's organisation. */
  organisationName?: string;
}

export interface GeneratedPolicy {
  fileName: string;
  contentType: string;
  /** The file's bytes (a .reg is UTF-16LE with a byte-order mark). */
  body: Buffer;
  /** The same content as text. */
  text: string;
  installLocation: string;
}

const MAC_DOMAINS = { chrome: 'com.google.Chrome', edge: 'com.microsoft.Edge' } as const;

/**
 * Writes one policy file for one browser and platform, after validating every managed value
 * against core's schema (unknown key, wrong type, bad URL: refused, nothing generated).
 */
export function generatePolicy(request: PolicyRequest): GeneratedPolicy {
  const { target } = request;
  const publicUrl = checkPublicUrl(request.publicUrl);
  if (!/^[a-p]{32}$/.test(request.extensionId)) {
    throw new ExtensionKitError(
      'INVALID_EXTENSION_ID',
      `"${request.extensionId}" is not an extension id (32 letters a-p)`,
    );
  }
  const tenantDomains = request.tenantDomains ?? [];
  const validated = validateManagedSettings({
    portalUrl: publicUrl,
    ...(tenantDomains.length > 0 ? { tenantDomains: [...tenantDomains] } : {}),
    ...request.settings,
  });
  const settings = orderedSettings(validated, MANAGED_SETTING_KEYS);
  const urls = artefactUrls(publicUrl);
  const what = `${target.browser} on ${target.platform}. Deploy: ${installLocation(target)}`;
  const comments = policyComments({ what, settings, disableIncognito: request.disableIncognito });
  const done = (
    text: string,
    contentType: string,
    body: Buffer = Buffer.from(text, 'utf8'),
  ): GeneratedPolicy => ({
    fileName: policyFileName(target),
    contentType,
    body,
    text,
    installLocation: installLocation(target),
  });

  if (target.browser === 'firefox') {
    if (request.geckoId === null) {
      throw new ExtensionKitError(
        'NOT_PACKED',
        'no Firefox build was packed, so its add-on id is unknown; build and pack first',
      );
    }
    const policies: Record<string, unknown> = {
      ExtensionSettings: {
        // private_browsing (Firefox 136+): the add-on runs in private windows too, where a person
        // could otherwise reach Microsoft's pages unredirected.
        [request.geckoId]: {
          installation_mode: 'force_installed',
          install_url: urls.xpi,
          private_browsing: true,
        },
      },
      '3rdparty': { Extensions: { [request.geckoId]: settings } },
    };
    // PrivateBrowsingModeAvailability (Firefox 130, ESR 128.3) supersedes DisablePrivateBrowsing;
    // 1 = private windows unavailable.
    if (request.disableIncognito) policies.PrivateBrowsingModeAvailability = 1;
    return done(`${JSON.stringify({ policies }, null, 2)}\n`, 'application/json');
  }

  const browserPolicies = chromiumPolicies({
    browser: target.browser,
    extensionId: request.extensionId,
    updateUrl: urls.updatesXml,
    disableIncognito: request.disableIncognito,
  });
  if (target.format === 'json') {
    const policy = { ...browserPolicies, '3rdparty': { extensions: { [request.extensionId]: settings } } };
    return done(`${JSON.stringify(policy, null, 2)}\n`, 'application/json');
  }
  const browser = target.browser === 'edge' ? 'edge' : 'chrome';
  if (target.format === 'mobileconfig') {
    const text = mobileconfig({
      browserDomain: MAC_DOMAINS[browser],
      extensionId: request.extensionId,
      browserPolicies,
      settings,
      organisationName: request.organisationName ?? 'Passgate',
      comments,
    });
    return done(text, 'application/x-apple-aspen-config');
  }
  const values = policyRegistryValues({
    root: POLICY_ROOTS[browser],
    policies: browserPolicies,
    extensionId: request.extensionId,
    settings,
  });
  if (target.format === 'intune') {
    const document = {
      displayName: `Passgate extension (${target.browser}, Windows)`,
      description: comments,
      ...(request.disableIncognito ? { privateWindowsDisabledBecause: INCOGNITO_REASON } : {}),
      registry: values,
    };
    return done(`${JSON.stringify(document, null, 2)}\n`, 'application/json');
  }
  const text = regFile(values, [
    ...comments,
    'ExtensionSettings below is one JSON value: if you already set ExtensionSettings, merge this entry into yours instead.',
    'ExtensionInstallForcelist\\1: if value 1 is taken by another forced extension, use the next free number.',
  ]);
  return done(text, 'text/plain; charset=utf-16le', regFileBytes(text));
}
