import { describe, expect, it } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from './password-hasher.js';

describe('hashPassword()', () => {
  it('uses argon2id with OWASP parameters and a fresh salt', async () => {
    const a = await hashPassword('Harbour-Lantern-73!');
    const b = await hashPassword('Harbour-Lantern-73!');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Harbour');
  });
});

describe('verifyPassword()', () => {
  it('accepts the right password and refuses a wrong or malformed one', async () => {
    const stored = await hashPassword('Harbour-Lantern-73!');
    expect(await verifyPassword(stored, 'Harbour-Lantern-73!')).toBe(true);
    expect(await verifyPassword(stored, 'harbour-lantern-73!')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('has a dummy hash with the same parameters for unknown accounts', async () => {
    expect(await dummyHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
