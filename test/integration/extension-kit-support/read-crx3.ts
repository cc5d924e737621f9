/**
 * An independent reader of CRX3 files for tests: a minimal protobuf walker written from
 * Chromium's crx3.proto, not from the writer under test.
 */
export interface Crx3File {
  version: number;
  proofs: { publicKey: Buffer; signature: Buffer }[];
  signedHeaderData: Buffer;
  crxId: Buffer;
  zip: Buffer;
}

function readVarint(bytes: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 1;
  let i = at;
  for (;;) {
    const byte = bytes[i++];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return [value, i];
    shift *= 128;
  }
}

/** Length-delimited fields only (all CRX3 uses); anything else fails the test loudly. */
export function protobufFields(bytes: Buffer): { field: number; value: Buffer }[] {
  const fields: { field: number; value: Buffer }[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [tag, afterTag] = readVarint(bytes, at);
    if ((tag & 7) !== 2) throw new Error(`unexpected wire type ${tag & 7}`);
    const [length, afterLength] = readVarint(bytes, afterTag);
    fields.push({ field: Math.floor(tag / 8), value: bytes.subarray(afterLength, afterLength + length) });
    at = afterLength + length;
  }
  return fields;
}

export function readCrx3(file: Buffer): Crx3File {
  if (file.subarray(0, 4).toString('ascii') !== 'Cr24') throw new Error('not a CRX (no Cr24 magic)');
  const version = file.readUInt32LE(4);
  const headerLength = file.readUInt32LE(8);
  const header = file.subarray(12, 12 + headerLength);
  const fields = protobufFields(header);
  const proofs = fields
    .filter((f) => f.field === 2)
    .map((f) => {
      const inner = protobufFields(f.value);
      const publicKey = inner.find((x) => x.field === 1)?.value ?? Buffer.alloc(0);
      const signature = inner.find((x) => x.field === 2)?.value ?? Buffer.alloc(0);
      return { publicKey, signature };
    });
  const signedHeaderData = fields.find((f) => f.field === 10000)?.value ?? Buffer.alloc(0);
  const crxId = protobufFields(signedHeaderData).find((f) => f.field === 1)?.value ?? Buffer.alloc(0);
  return { version, proofs, signedHeaderData, crxId, zip: file.subarray(12 + headerLength) };
}
