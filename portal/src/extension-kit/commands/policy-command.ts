import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExtensionKitError } from '../extension-kit-error.js';
import { type GeneratedPolicy, generatePolicy } from '../generate-policy.js';
import { parseManagedAssignments } from '../managed-values.js';
import { resolvePolicyTarget } from '../policy-target.js';
import { readReleaseRecord } from '../release-record.js';
import { loadSigningKey } from '../signing-key.js';
import { windowsSignInPolicy } from '../windows-sign-in-policy.js';
import type { CommandContext } from './command-context.js';

async function extensionIds(
  values: { 'extension-id'?: string; 'gecko-id'?: string; key?: string; 'artefacts-dir'?: string },
  ctx: CommandContext,
): Promise<{ extensionId: string; geckoId: string | null }> {
  const release = await readReleaseRecord(values['artefacts-dir'] ?? ctx.kit.artefactsDir).catch(() => null);
  let extensionId = values['extension-id'] ?? release?.extensionId;
  if (extensionId === undefined)
    extensionId = (await loadSigningKey(values.key ?? ctx.kit.keyPath)).extensionId;
  return { extensionId, geckoId: values['gecko-id'] ?? release?.geckoId ?? null };
}

/** `passgate extension policy --browser B --platform P [...]`: one validated policy file. */
export async function policyCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      browser: { type: 'string' },
      platform: { type: 'string' },
      format: { type: 'string' },
      'portal-url': { type: 'string' },
      'public-url': { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      'disable-incognito': { type: 'boolean' },
      'extension-id': { type: 'string' },
      'gecko-id': { type: 'string' },
      key: { type: 'string' },
      'artefacts-dir': { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'windows-sign-in': { type: 'boolean' },
    },
  });
  if (values['windows-sign-in']) return writePolicy(windowsSignInPolicy(values.format), values.out, ctx);
  const target = resolvePolicyTarget(values.browser, values.platform, values.format);
  const publicUrl = values['public-url'] ?? ctx.publicUrl ?? values['portal-url'];
  if (publicUrl === undefined) {
    throw new ExtensionKitError(
      'MISSING_PORTAL_URL',
      'expected --portal-url URL (or --config with publicUrl)',
    );
  }
  const settings = { ...ctx.kit.managed, ...parseManagedAssignments(values.set) };
  if (values['portal-url'] !== undefined) settings.portalUrl = values['portal-url'];
  const policy = generatePolicy({
    target,
    ...(await extensionIds(values, ctx)),
    publicUrl,
    settings,
    tenantDomains: ctx.tenantDomains,
    disableIncognito: values['disable-incognito'] ?? ctx.kit.disableIncognito,
    ...(ctx.organisationName === undefined ? {} : { organisationName: ctx.organisationName }),
  });
  return writePolicy(policy, values.out, ctx);
}

/** Prints the policy, or writes its bytes to `out`, and says how to install it. */
async function writePolicy(
  policy: GeneratedPolicy,
  out: string | undefined,
  ctx: CommandContext,
): Promise<number> {
  if (out === undefined || out === '-') {
    ctx.io.out(policy.text.replace(/\r\n/g, '\n').trimEnd());
    if (policy.fileName.endsWith('.reg'))
      ctx.io.err('For regedit, write the file with --out FILE: it must be UTF-16, not this text.');
  } else {
    await writeFile(out, policy.body);
    ctx.io.err(`Wrote ${resolve(out)}`);
  }
  ctx.io.err(`Install: ${policy.installLocation}`);
  return 0;
}
