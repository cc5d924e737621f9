import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

// The browser's answer to a passkey ceremony, as @simplewebauthn/browser sends it (JSON in one form
// field). Parsed here, field by field, before any of it reaches the verifier: every value is bounded.

/** A credential id is at most 1023 bytes (WebAuthn §4 "Credential ID"): 1364 characters of base64url. */
const credentialId = z
  .string()
  .min(1)
  .max(1364)
  .regex(/^[A-Za-z0-9_-]+$/);
/** Other binary fields: an attestation object with a certificate chain is a few kilobytes at most. */
const bytes = z
  .string()
  .max(12_000)
  .regex(/^[A-Za-z0-9_-]*$/);

/** The transports WebAuthn names (§5.8.4); anything else a browser reports is dropped, not refused. */
export const KNOWN_TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;

const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};

const registrationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: bytes,
    attestationObject: bytes,
    authenticatorData: bytes.optional(),
    transports: z.array(z.string().max(20)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: bytes.optional(),
  }),
});

const authenticationSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: bytes,
    authenticatorData: bytes,
    signature: bytes,
    userHandle: z
      .string()
      .max(100)
      .regex(/^[A-Za-z0-9_-]*$/)
      .optional(),
  }),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer to navigator.credentials.create(), or null when it is not one. */
export function parseRegistrationResponse(text: string): RegistrationResponseJSON | null {
  const parsed = registrationSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const { response } = parsed.data;
  const transports = (response.transports ?? []).filter((transport) =>
    (KNOWN_TRANSPORTS as readonly string[]).includes(transport),
  );
  return { ...parsed.data, response: { ...response, transports } };
}

/** The answer to navigator.credentials.get(), or null when it is not one. */
export function parseAuthenticationResponse(text: string): AuthenticationResponseJSON | null {
  const parsed = authenticationSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : null;
}
