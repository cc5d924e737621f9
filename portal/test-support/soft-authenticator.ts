import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A passkey authenticator in software (ES256, 'none' attestation), for unit tests of the server side:
 * it answers the portal's options exactly as WebAuthn §6.1 and §6.5 lay the bytes out, and can also be
 * told to misbehave (another origin or RP ID, no user verification, a counter of its choosing). The
 * browser tests use Chromium's own virtual authenticator instead.
 */
export interface SoftAuthenticator {
  /** base64url of the credential id. */
  credentialId: string;
  /** The private key as PKCS#8 DER, base64: what a leak scan looks for. */
  privateKeyBase64: string;
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    how?: { origin?: string; rpId?: string; userVerified?: boolean },
  ): string;
  assert(
    options: PublicKeyCredentialRequestOptionsJSON,
    how?: { origin?: string; rpId?: string; userVerified?: boolean; counter?: number; userHandle?: string },
  ): string;
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/** Flags (WebAuthn §6.1): UP 0x01, UV 0x04, AT (attested credential data follows) 0x40. */
function flags(userVerified: boolean, attested: boolean): number {
  return 0x01 | (userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
}

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  // kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y (RFC 9053 §7.1).
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(x)],
      [-3, new Uint8Array(y)],
    ]),
  );
}

/** A new authenticator holding one ES256 credential. `userHandle` is what registration stored in it. */
export function createSoftAuthenticator(defaults: { origin: string; rpId: string }): SoftAuthenticator {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(32);
  let storedUserHandle: string | undefined;
  let counter = 0;

  const clientData = (type: string, challenge: string, origin: string): Buffer =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');

  return {
    credentialId: b64url(credentialId),
    privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),

    register(options, how = {}) {
      storedUserHandle = options.user.id;
      const rpId = how.rpId ?? defaults.rpId;
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(how.userVerified ?? true, true)]),
        counterBytes(counter),
        Buffer.alloc(16),
        idLength,
        credentialId,
        coseKey(publicKey),
      ]);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Map<string, string> | Uint8Array>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, string>()],
          ['authData', new Uint8Array(authData)],
        ]),
      );
      const response: RegistrationResponseJSON = {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(
            clientData('webauthn.create', options.challenge, how.origin ?? defaults.origin),
          ),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
      };
      return JSON.stringify(response);
    },

    assert(options, how = {}) {
      counter = how.counter ?? counter + 1;
      const rpId = how.rpId ?? defaults.rpId;
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(how.userVerified ?? true, false)]),
        counterBytes(counter),
      ]);
      const data = clientData('webauthn.get', options.challenge, how.origin ?? defaults.origin);
      const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), privateKey);
      const userHandle = how.userHandle ?? storedUserHandle;
      const response: AuthenticationResponseJSON = {
        id: b64url(credentialId),
        rawId: b64url(credentialId),
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(data),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          ...(userHandle === undefined ? {} : { userHandle }),
        },
      };
      return JSON.stringify(response);
    },
  };
}
