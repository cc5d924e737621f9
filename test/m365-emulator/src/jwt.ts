import { constants, createSign, createVerify, type KeyObject } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const signingInput = `${encodeSegment({ typ: 'JWT', alg: 'RS256', kid })}.${encodeSegment(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return null;
  }
}

/** RS256 (PKCS#1 v1.5) or PS256 (RSA-PSS, what msal-node uses with a SHA-256 thumbprint). */
export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  const verifier = createVerify('RSA-SHA256').update(jwt.signingInput);
  if (alg === 'PS256') {
    return verifier.verify(
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
      jwt.signature,
    );
  }
  return verifier.verify(key, jwt.signature);
}
