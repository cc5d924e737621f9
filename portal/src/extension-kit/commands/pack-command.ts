import { parseArgs } from 'node:util';
import { checkPublicUrl } from '../check-public-url.js';
import { ExtensionKitError } from '../extension-kit-error.js';
import { DEFAULT_BUILD_DIR, packExtension } from '../pack-extension.js';
import type { CommandContext } from './command-context.js';

/** `passgate extension pack`: CRX3 signed with the org key, unsigned XPI, release.json. */
export async function packCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      'build-dir': { type: 'string' },
      'out-dir': { type: 'string' },
      'public-url': { type: 'string' },
      'gecko-id': { type: 'string' },
      config: { type: 'string' },
    },
  });
  const publicUrl = values['public-url'] ?? ctx.publicUrl;
  if (publicUrl === undefined) {
    throw new ExtensionKitError(
      'INVALID_URL',
      'expected --public-url URL (or --config with publicUrl): the portal that will serve updates',
    );
  }
  const result = await packExtension({
    buildDir: values['build-dir'] ?? ctx.kit.buildDir ?? DEFAULT_BUILD_DIR,
    keyPath: values.key ?? ctx.kit.keyPath,
    outDir: values['out-dir'] ?? ctx.kit.artefactsDir,
    publicUrl: checkPublicUrl(publicUrl),
    geckoId: values['gecko-id'] ?? ctx.kit.geckoId,
  });
  const { release } = result;
  ctx.io.out(`extension id: ${release.extensionId}`);
  ctx.io.out(`version: ${release.version}`);
  ctx.io.out(`crx: ${result.crxPath}`);
  ctx.io.out(`update url: ${publicUrl.replace(/\/+$/, '')}/extension/updates.xml`);
  if (result.unsignedXpiPath !== null) {
    ctx.io.out(`firefox add-on id: ${release.geckoId}`);
    ctx.io.out(`unsigned xpi: ${result.unsignedXpiPath}`);
  }
  if (result.firefoxSigningSteps !== null) ctx.io.err(result.firefoxSigningSteps);
  return 0;
}
