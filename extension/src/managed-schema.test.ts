import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANAGED_SCHEMA_FILE, managedSchemaText } from '../scripts/managed-schema-text.js';

describe('managed_schema.json', () => {
  it('is up to date with core managedSettingsSchema (run: npm run generate -w extension)', () => {
    expect(readFileSync(MANAGED_SCHEMA_FILE, 'utf8')).toBe(managedSchemaText());
  });
});
