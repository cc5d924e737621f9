import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

/**
 * RFC 6238 as every authenticator app understands it without asking: SHA-1, 6 digits, 30-second steps
 * (Google Authenticator ignores other parameters in the key URI). The secret is 160 bits, the length
 * RFC 4226 §4 recommends for HMAC-SHA-1.
 */
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const SECRET_BYTES = 20;

/** A code one step either side of now is accepted too: phone clocks drift and people type slowly. */
const WINDOW = 1;

/** A new random secret, base32 (how the key URI and people carry it). */
export function newTotpSecret(): string {
  // Copied into its own ArrayBuffer: a small Buffer may be a view into Node's shared pool.
  return new Secret({ buffer: new Uint8Array(randomBytes(SECRET_BYTES)).buffer }).base32;
}

/** The secret in groups of four, as it is shown to type into an app by hand. */
export function groupSecret(base32: string): string {
  return base32.replaceAll(/(.{4})(?=.)/g, '$1 ');
}

/** The otpauth:// key URI (https://github.com/google/google-authenticator/wiki/Key-Uri-Format). */
export function totpUri(options: { issuer: string; account: string; secret: string }): string {
  return new TOTP({
    ...PARAMETERS,
    issuer: options.issuer,
    label: options.account,
    secret: Secret.fromBase32(options.secret),
  }).toString();
}

/** The key URI as a QR code, an SVG document (no script, no style attribute: fine under the portal's CSP). */
export function totpQrSvg(uri: string): string {
  return renderSVG(uri, { border: 2 });
}

/** The time step (RFC 6238's T) a moment falls in. */
export function totpStep(at: number): number {
  return Math.floor(at / 1000 / PARAMETERS.period);
}

/**
 * The time step whose code `code` is, within one step of `at`, or null when it is none of them. Spaces
 * are ignored (apps show "123 456"); anything but six digits is simply wrong. Compared in constant time
 * by otpauth.
 */
export function matchTotp(secret: string, code: string, at: number): number | null {
  const token = code.replaceAll(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({
    ...PARAMETERS,
    token,
    secret: Secret.fromBase32(secret),
    timestamp: at,
    window: WINDOW,
  });
  return delta === null ? null : totpStep(at) + delta;
}
