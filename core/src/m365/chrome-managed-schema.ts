import * as z from 'zod/mini';
import { managedSettingsSchema } from './managed-settings.js';

/** JSON-schema keywords Chrome accepts in an extension's `storage.managed_schema`. */
export const CHROME_SCHEMA_KEYWORDS = [
  'type',
  'description',
  'title',
  'properties',
  'items',
  'enum',
  'pattern',
] as const;
export const CHROME_SCHEMA_TYPES = ['object', 'array', 'string', 'integer', 'number', 'boolean'] as const;

export interface ChromeManagedSchema {
  type: (typeof CHROME_SCHEMA_TYPES)[number];
  description?: string;
  title?: string;
  properties?: Record<string, ChromeManagedSchema>;
  items?: ChromeManagedSchema;
  enum?: unknown[];
  /** RE2, partial match: Chrome drops a string value that does not match (chrome://policy shows why). */
  pattern?: string;
}

function toChromeSubset(node: Record<string, unknown>): ChromeManagedSchema {
  const out: Record<string, unknown> = { type: node.type };
  if (typeof node.description === 'string') out.description = node.description;
  if (Array.isArray(node.enum)) out.enum = node.enum;
  if (typeof node.pattern === 'string') out.pattern = node.pattern;
  if (node.items !== undefined) out.items = toChromeSubset(node.items as Record<string, unknown>);
  if (node.properties !== undefined) {
    const properties = node.properties as Record<string, Record<string, unknown>>;
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toChromeSubset(v)]));
  }
  return out as unknown as ChromeManagedSchema;
}

/**
 * The schema Chrome wants for managed storage, generated from `managedSettingsSchema`. Chrome
 * refuses to load an extension whose schema uses keywords outside its subset (no `format`,
 * `minLength`, `$schema`, ...), so only the keywords above survive; zod re-validates the rest.
 * Source for the subset: https://developer.chrome.com/docs/extensions/reference/manifest/storage
 * and Chromium's components/policy/core/common/schema.cc (`pattern` is matched with RE2).
 */
export function chromeManagedSchema(): ChromeManagedSchema {
  const json = z.toJSONSchema(managedSettingsSchema, { io: 'input', unrepresentable: 'any' });
  return { title: 'Passgate', ...toChromeSubset(json as Record<string, unknown>) };
}
