import { describe, expect, it } from 'vitest';
import { protobufBytesField } from './protobuf-bytes-field.js';

describe('protobufBytesField()', () => {
  it('writes a one-byte tag and length for small fields', () => {
    expect([...protobufBytesField(1, Buffer.from([0xaa, 0xbb]))]).toEqual([0x0a, 0x02, 0xaa, 0xbb]);
  });

  it('writes multi-byte varints for CRX3 signed_header_data (field 10000) and long values', () => {
    const value = Buffer.alloc(300, 7);
    const field = protobufBytesField(10000, value);
    // (10000 << 3) | 2 = 80002 = 0x82 0xf1 0x04 as a varint; 300 = 0xac 0x02.
    expect([...field.subarray(0, 5)]).toEqual([0x82, 0xf1, 0x04, 0xac, 0x02]);
    expect(field.subarray(5).equals(value)).toBe(true);
  });
});
