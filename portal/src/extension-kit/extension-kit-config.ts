import { z } from 'zod';
import { bearerTokenSchema } from '../config/bearer-token-schema.js';
import { isGeckoId } from './gecko-id.js';

/**
 * The `extension` section of the portal config (the lead adds it to portalConfigSchema as
 * `extension: extensionKitConfigSchema.prefault({})`). Relative paths are taken from the
 * working directory of the command.
 */
export const extensionKitConfigSchema = z.strictObject({
  /** The organisation's signing key (PKCS#8 PEM, 0600). Its public half is the extension id: back it up. */
  keyPath: z.string().min(1).default('passgate-extension-key.pem'),
  /** Where `pack` writes passgate.crx, release.json and the XPI; the portal serves from here. */
  artefactsDir: z.string().min(1).default('extension-artefacts'),
  /** The extension build (holding chrome/ and firefox/); default: extension/dist of this checkout. */
  buildDir: z.string().min(1).nullable().default(null),
  /** Bearer token for GET /admin/extension/policy; null switches the admin downloads off. */
  adminToken: bearerTokenSchema,
  /** Managed values put in every generated policy (portalUrl defaults to publicUrl); checked when generating. */
  managed: z.record(z.string(), z.unknown()).default({}),
  /**
   * The organisation's Firefox add-on id, written into the packed XPI and Firefox's policies.json;
   * null derives passgate@<publicUrl host>. Mozilla keeps ids unique, so it must be yours.
   */
  geckoId: z
    .string()
    .refine(isGeckoId, {
      error: 'expected a Firefox add-on id: name@domain or a {GUID}, at most 80 characters',
    })
    .nullable()
    .default(null),
  /** Default for --disable-incognito in generated policies. */
  disableIncognito: z.boolean().default(false),
});

export type ExtensionKitConfig = z.output<typeof extensionKitConfigSchema>;
export type ExtensionKitConfigInput = z.input<typeof extensionKitConfigSchema>;
