import { type ManagedSettings, parseSettingsPerKey } from '@passgate/core/m365';
import { ExtensionKitError } from './extension-kit-error.js';
import {
  describeFieldType,
  type ManagedSettingField,
  managedSettingFields,
} from './managed-setting-fields.js';

function scalarFromText(text: string, type: ManagedSettingField['type'] | null): unknown {
  switch (type) {
    case 'boolean':
      // Only the two words: "yes" or "0" shipped to thousands of browsers would be a guess.
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    default:
      return text;
  }
}

function valueFromText(text: string, field: ManagedSettingField): unknown {
  if (field.type === 'array') {
    if (text.trim().startsWith('[')) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
    return text === '' ? [] : text.split(',').map((item) => scalarFromText(item.trim(), field.itemType));
  }
  if (field.type === 'object') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return scalarFromText(text, field.type);
}

/**
 * Reads `--set key=value` assignments into typed values by the schema's type of each key:
 * booleans as true/false, arrays as a JSON array or comma-separated items. Unknown keys are
 * refused here; values are checked by validateManagedSettings.
 */
export function parseManagedAssignments(assignments: readonly string[]): Record<string, unknown> {
  const fields = new Map(managedSettingFields().map((field) => [field.key, field]));
  const values: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) {
      throw new ExtensionKitError('INVALID_MANAGED_SETTING', `--set expects key=value, got "${assignment}"`);
    }
    const key = assignment.slice(0, at);
    const field = fields.get(key);
    if (field === undefined) throw unknownKey(key);
    values[key] = valueFromText(assignment.slice(at + 1), field);
  }
  return values;
}

function unknownKey(key: string): ExtensionKitError {
  const known = managedSettingFields()
    .map((field) => `${field.key} (${describeFieldType(field)})`)
    .join(', ');
  return new ExtensionKitError(
    'UNKNOWN_MANAGED_SETTING',
    `"${key}" is not a setting of the extension; it would be ignored by every browser. Known settings: ${known}`,
  );
}

/**
 * Checks managed values against core's schema before anything is written: a policy that ships a
 * typo or a wrong type is silently ignored by browsers, which is the failure this kit exists to stop.
 */
export function validateManagedSettings(raw: Record<string, unknown>): ManagedSettings {
  const settings = checkManagedSettings(raw);
  if (settings.portalUrl === undefined) {
    throw new ExtensionKitError(
      'MISSING_PORTAL_URL',
      'portalUrl is required (without it the extension does nothing): pass --portal-url or set publicUrl in the config',
    );
  }
  return settings;
}

/** The same checks without requiring portalUrl: for defaults in config, checked when the portal starts. */
export function checkManagedSettings(raw: Record<string, unknown>): ManagedSettings {
  const { settings, invalid } = parseSettingsPerKey(raw);
  const unknown = invalid.find((problem) => problem.message === 'unknown setting');
  if (unknown !== undefined) throw unknownKey(unknown.key);
  if (invalid.length > 0) {
    const fields = new Map(managedSettingFields().map((field) => [field.key, field]));
    const lines = invalid.map((problem) => {
      const field = fields.get(problem.key);
      const expected = field === undefined ? '' : ` (expected ${describeFieldType(field)})`;
      return `${problem.key}: ${problem.message}${expected}`;
    });
    throw new ExtensionKitError('INVALID_MANAGED_SETTING', `invalid managed setting: ${lines.join('; ')}`);
  }
  return settings;
}
