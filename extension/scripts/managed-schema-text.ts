import { chromeManagedSchema } from '@passgate/core/m365';

/** managed_schema.json's exact text: generated from core's zod schema, the one source. */
export function managedSchemaText(): string {
  return `${JSON.stringify(chromeManagedSchema(), null, 2)}\n`;
}

export const MANAGED_SCHEMA_FILE = new URL('../managed_schema.json', import.meta.url);
