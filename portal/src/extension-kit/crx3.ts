import { createHash, type KeyObject, sign } from 'node:crypto';
import { protobufBytesField } from './protobuf-bytes-field.js';

// Field numbers from Chromium's components/crx_file/crx3.proto.
const CRX_FILE_HEADER_SHA256_WITH_RSA = 2;
const CRX_FILE_HEADER_SIGNED_HEADER_DATA = 10000;
const ASYMMETRIC_KEY_PROOF_PUBLIC_KEY = 1;
const ASYMMETRIC_KEY_PROOF_SIGNATURE = 2;
const SIGNED_DATA_CRX_ID = 1;

const MAGIC = Buffer.from('Cr24', 'ascii');
const SIGNATURE_CONTEXT = Buffer.from('CRX3 SignedData\x00', 'binary');

function le32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

export interface Crx3Input {
  /** The extension's files as a zip archive. */
  zip: Uint8Array;
  privateKey: KeyObject;
  /** DER SubjectPublicKeyInfo of privateKey. */
  spkiDer: Buffer;
}

/**
 * A CRX3 file: "Cr24", version 3, header length, the CrxFileHeader protobuf, the zip. The header
 * holds one sha256_with_rsa proof and signed_header_data { crx_id }, where crx_id is the first 16
 * bytes of sha256(SPKI) (the extension id before its a-p spelling). The signature covers the
 * context string, the signed header data and the whole zip, so Chrome can check both the
 * archive and that the id belongs to the key.
 */
export function buildCrx3({ zip, privateKey, spkiDer }: Crx3Input): Buffer {
  const crxId = createHash('sha256').update(spkiDer).digest().subarray(0, 16);
  const signedHeaderData = protobufBytesField(SIGNED_DATA_CRX_ID, crxId);
  const signedPayload = Buffer.concat([
    SIGNATURE_CONTEXT,
    le32(signedHeaderData.length),
    signedHeaderData,
    zip,
  ]);
  const signature = sign('sha256', signedPayload, privateKey);
  const proof = Buffer.concat([
    protobufBytesField(ASYMMETRIC_KEY_PROOF_PUBLIC_KEY, spkiDer),
    protobufBytesField(ASYMMETRIC_KEY_PROOF_SIGNATURE, signature),
  ]);
  const header = Buffer.concat([
    protobufBytesField(CRX_FILE_HEADER_SHA256_WITH_RSA, proof),
    protobufBytesField(CRX_FILE_HEADER_SIGNED_HEADER_DATA, signedHeaderData),
  ]);
  return Buffer.concat([MAGIC, le32(3), le32(header.length), header, zip]);
}
