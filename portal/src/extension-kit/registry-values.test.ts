import { describe, expect, it } from 'vitest';
import { registryValuesFor } from './registry-values.js';

describe('registryValuesFor()', () => {
  it('maps booleans and whole numbers to REG_DWORD, strings and fractions to REG_SZ', () => {
    expect(registryValuesFor('K', 'on', true)).toEqual([
      { key: 'K', name: 'on', type: 'REG_DWORD', data: 1 },
    ]);
    expect(registryValuesFor('K', 'off', false)).toEqual([
      { key: 'K', name: 'off', type: 'REG_DWORD', data: 0 },
    ]);
    expect(registryValuesFor('K', 'n', 42)).toEqual([{ key: 'K', name: 'n', type: 'REG_DWORD', data: 42 }]);
    expect(registryValuesFor('K', 'f', 1.5)).toEqual([{ key: 'K', name: 'f', type: 'REG_SZ', data: '1.5' }]);
    expect(registryValuesFor('K', 's', 'x')).toEqual([{ key: 'K', name: 's', type: 'REG_SZ', data: 'x' }]);
  });

  it('writes a list as a subkey of values numbered from 1', () => {
    expect(registryValuesFor('K', 'list', ['a', true])).toEqual([
      { key: 'K\\list', name: '1', type: 'REG_SZ', data: 'a' },
      { key: 'K\\list', name: '2', type: 'REG_DWORD', data: 1 },
    ]);
  });

  it('writes a top-level dictionary as one JSON string and a nested one as a subkey', () => {
    expect(registryValuesFor('K', 'ExtensionSettings', { id: { a: 1 } })).toEqual([
      { key: 'K', name: 'ExtensionSettings', type: 'REG_SZ', data: '{"id":{"a":1}}' },
    ]);
    expect(registryValuesFor('K', 'obj', { a: 'b' }, true)).toEqual([
      { key: 'K\\obj', name: 'a', type: 'REG_SZ', data: 'b' },
    ]);
  });
});
