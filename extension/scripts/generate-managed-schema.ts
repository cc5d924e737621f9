/**
 * Writes managed_schema.json (what admins may set by policy) from core's zod schema. Run after
 * changing managedSettingsSchema: `npm run generate -w extension`. A unit test fails while the
 * committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { MANAGED_SCHEMA_FILE, managedSchemaText } from './managed-schema-text.js';

writeFileSync(MANAGED_SCHEMA_FILE, managedSchemaText());
