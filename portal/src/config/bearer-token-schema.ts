import { z } from 'zod';

const TOKEN_EXPECTED =
  'expected a random token of at least 32 characters, letters, digits and - . _ ~ + / only (e.g. openssl rand -hex 32)';

/**
 * A token a client sends as `Authorization: Bearer …` (metrics.bearerToken, extension.adminToken): at
 * least 32 characters of RFC 6750's token characters. A space or other character could never arrive
 * in the header as the portal reads it, so such a token would refuse every request.
 */
export const bearerTokenSchema = z
  .string({ error: TOKEN_EXPECTED })
  .min(32, { error: TOKEN_EXPECTED })
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, { error: TOKEN_EXPECTED })
  .nullable()
  .default(null);
