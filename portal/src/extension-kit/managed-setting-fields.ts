import { type ChromeManagedSchema, chromeManagedSchema } from '@passgate/core/m365';

export interface ManagedSettingField {
  key: string;
  /** Chrome's schema type: decides the registry value type, the plist element and how --set text is read. */
  type: ChromeManagedSchema['type'];
  itemType: ChromeManagedSchema['type'] | null;
  description: string;
  /** Allowed values (of the items, for an array), when the schema lists them. */
  allowed: readonly unknown[] | null;
}

/**
 * The extension's managed settings, one per key, read from core's schema (the one source for
 * managed_schema.json too). Every generator walks this list, so a key added there appears in
 * every policy format without a change here.
 */
export function managedSettingFields(): ManagedSettingField[] {
  const properties = chromeManagedSchema().properties ?? {};
  return Object.entries(properties).map(([key, node]) => ({
    key,
    type: node.type,
    itemType: node.items?.type ?? null,
    description: node.description ?? '',
    allowed: node.enum ?? node.items?.enum ?? null,
  }));
}

/** "boolean", "array of string", …: how a key is described to admins. */
export function describeFieldType(field: ManagedSettingField): string {
  return field.type === 'array' ? `array of ${field.itemType ?? 'values'}` : field.type;
}
