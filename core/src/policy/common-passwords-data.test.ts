import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commonPasswordsModule } from './write-common-passwords-data.js';

describe('common-passwords-data.ts', () => {
  it('is exactly what the installed @zxcvbn-ts/language-common list generates', () => {
    const committed = readFileSync(new URL('./common-passwords-data.ts', import.meta.url), 'utf8');
    expect(committed === commonPasswordsModule()).toBe(true);
  });
});
