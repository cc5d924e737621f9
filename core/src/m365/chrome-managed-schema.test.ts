import { describe, expect, it } from 'vitest';
import {
  CHROME_SCHEMA_KEYWORDS,
  CHROME_SCHEMA_TYPES,
  type ChromeManagedSchema,
  chromeManagedSchema,
} from './chrome-managed-schema.js';
import { MANAGED_SETTING_KEYS } from './managed-settings.js';

describe('chromeManagedSchema()', () => {
  function walk(node: ChromeManagedSchema, visit: (node: ChromeManagedSchema) => void): void {
    visit(node);
    for (const child of Object.values(node.properties ?? {})) walk(child, visit);
    if (node.items !== undefined) walk(node.items, visit);
  }

  it('uses only the JSON-schema subset Chrome accepts for managed storage', () => {
    walk(chromeManagedSchema(), (node) => {
      for (const keyword of Object.keys(node)) expect(CHROME_SCHEMA_KEYWORDS).toContain(keyword);
      expect(CHROME_SCHEMA_TYPES).toContain(node.type);
    });
  });

  it('describes every policy key with its type', () => {
    const schema = chromeManagedSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(MANAGED_SETTING_KEYS);
    for (const property of Object.values(schema.properties ?? {})) expect(property.description).toBeTruthy();
    expect(schema.properties?.enabled?.type).toBe('boolean');
    expect(schema.properties?.interceptIds?.items?.enum).toContain('self-service-reset');
  });
});
