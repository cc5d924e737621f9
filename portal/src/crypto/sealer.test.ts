import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSealer } from './sealer.js';

const key = randomBytes(32);

describe('createSealer()', () => {
  it('opens what it sealed, for the same context', () => {
    const sealer = createSealer(key, 'outbox');
    expect(sealer.open(sealer.seal('Tidal-Compass-88!', 'job-1'), 'job-1')).toBe('Tidal-Compass-88!');
  });

  it('never stores the plaintext and uses a fresh nonce each time', () => {
    const sealer = createSealer(key, 'outbox');
    const a = sealer.seal('Tidal-Compass-88!', 'job-1');
    const b = sealer.seal('Tidal-Compass-88!', 'job-1');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('Tidal-Compass-88!'))).toBe(false);
  });

  it('refuses a payload moved to another job or user', () => {
    const sealer = createSealer(key, 'outbox');
    const sealed = sealer.seal('secret-one', 'outbox:job-1:user:u1');
    expect(() => sealer.open(sealed, 'outbox:job-2:user:u1')).toThrow();
  });

  it('refuses a tampered payload', () => {
    const sealer = createSealer(key, 'outbox');
    const sealed = sealer.seal('secret-one', 'ctx');
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => sealer.open(sealed, 'ctx')).toThrow();
  });

  it('derives a separate key per purpose and per secret', () => {
    const sealed = createSealer(key, 'outbox').seal('secret-one', 'ctx');
    expect(() => createSealer(key, 'cookies').open(sealed, 'ctx')).toThrow();
    expect(() => createSealer(randomBytes(32), 'outbox').open(sealed, 'ctx')).toThrow();
  });

  it('rejects a key of the wrong size when built', () => {
    expect(() => createSealer(randomBytes(16), 'outbox')).toThrow(/32 bytes/);
  });
});
