/** A protobuf varint (little-endian groups of 7 bits, high bit = more follows). */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/**
 * One length-delimited protobuf field (wire type 2): tag, length, bytes. CRX3's header uses
 * nothing else (bytes and embedded messages), so this is all the protobuf it needs.
 */
export function protobufBytesField(fieldNumber: number, value: Uint8Array): Buffer {
  return Buffer.concat([varint(fieldNumber * 8 + 2), varint(value.length), value]);
}
