import { hkdfSync } from 'node:crypto';

/** The two HMAC keys altcha-lib signs a challenge with, as the strings it takes. */
export interface ChallengeSecrets {
  /** Signs the challenge's parameters (expiry included): a forged or edited challenge fails. */
  challenge: string;
  /** Signs the key the solution must find, so a solution is checked with one HMAC, not a PBKDF2 run. */
  key: string;
}

/**
 * Derived from the portal's secret key by HKDF, one label per use, so no new secret is configured and
 * neither key equals the ones that seal payloads or sign cookies. Every instance derives the same keys:
 * a challenge from one instance is accepted by another behind the same load balancer.
 */
export function challengeSecrets(secretKey: Buffer): ChallengeSecrets {
  const derive = (label: string): string =>
    Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), label, 32)).toString('hex');
  return { challenge: derive('passgate altcha challenge v1'), key: derive('passgate altcha key v1') };
}
