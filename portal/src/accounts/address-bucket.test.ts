import { describe, expect, it } from 'vitest';
import { addressBucket } from './address-bucket.js';

describe('addressBucket()', () => {
  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const buckets = [
      '2001:db8:aa:bb::1',
      '2001:db8:aa:bb:ffff:ffff:ffff:fffe',
      '2001:0DB8:00aa:00bb:1234:5678:9abc:def0',
      '2001:db8:aa:bb:0:0:0.0.0.9',
    ].map(addressBucket);
    expect(new Set(buckets)).toEqual(new Set(['2001:db8:aa:bb::/64']));
  });

  it('keeps neighbouring /64s apart', () => {
    expect(addressBucket('2001:db8:aa:bc::1')).not.toBe(addressBucket('2001:db8:aa:bb::1'));
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4 address whole, also when a dual-stack socket reports it IPv4-mapped', () => {
    expect(addressBucket('192.0.2.7')).toBe('192.0.2.7');
    expect(addressBucket('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressBucket('192.0.2.8')).not.toBe(addressBucket('192.0.2.7'));
  });

  it('ignores an IPv6 zone id and leaves what is not an address as it is', () => {
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressBucket('unknown')).toBe('unknown');
  });
});
