import { isIPv4, isIPv6 } from 'node:net';

/**
 * The part of a client address a rate limit counts: an IPv4 address whole, an IPv6 address by its /64.
 * One IPv6 subscriber (a home, a phone, a cloud VM) is handed a whole /64 and can rotate through 2^64
 * addresses at will, so counting full IPv6 addresses would let one client start fresh on every request
 * (RFC 6177 recommends /48–/56 assignments; /64 is the smallest anyone gets). An IPv4-mapped IPv6
 * address (::ffff:192.0.2.1, what a dual-stack socket reports) counts as its IPv4 address.
 */
export function addressBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
  // A zone id (fe80::1%eth0) names an interface, not a different client.
  const bare = ip.split('%')[0] ?? ip;
  if (!isIPv6(bare)) return ip;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case hex without leading zeros. */
function expandIPv6(ip: string): string[] {
  const withoutV4 = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => {
    const hex = (x: string, y: string): string => ((Number(x) << 8) | Number(y)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
  const [head = '', tail] = withoutV4.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
