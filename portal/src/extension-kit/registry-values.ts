export interface RegistryValue {
  /** Full key path, e.g. HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Google\Chrome. */
  key: string;
  name: string;
  type: 'REG_SZ' | 'REG_DWORD';
  data: string | number;
}

export const POLICY_ROOTS = {
  chrome: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome',
  edge: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge',
} as const;

/**
 * One policy value as registry values, the way Chrome and Edge read policy on Windows:
 * strings REG_SZ, booleans and integers REG_DWORD, lists a subkey of values named 1, 2, 3…,
 * dictionaries a subkey. Top-level dictionaries (ExtensionSettings) are one REG_SZ of JSON,
 * which is how Google and Microsoft document them.
 */
export function registryValuesFor(
  key: string,
  name: string,
  value: unknown,
  nested = false,
): RegistryValue[] {
  if (typeof value === 'boolean') return [{ key, name, type: 'REG_DWORD', data: value ? 1 : 0 }];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
    return [{ key, name, type: 'REG_DWORD', data: value }];
  }
  if (typeof value === 'string' || typeof value === 'number') {
    return [{ key, name, type: 'REG_SZ', data: String(value) }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => registryValuesFor(`${key}\\${name}`, String(i + 1), item, true));
  }
  if (typeof value === 'object' && value !== null) {
    if (!nested) return [{ key, name, type: 'REG_SZ', data: JSON.stringify(value) }];
    return Object.entries(value).flatMap(([k, v]) => registryValuesFor(`${key}\\${name}`, k, v, true));
  }
  return [];
}

/** Every value of a policy set under `root`, and the extension's own values under 3rdparty. */
export function policyRegistryValues(options: {
  root: string;
  policies: Record<string, unknown>;
  extensionId: string;
  settings: Record<string, unknown>;
}): RegistryValue[] {
  const { root, policies, extensionId, settings } = options;
  const values: RegistryValue[] = [];
  for (const [name, value] of Object.entries(policies)) {
    // List policies are a key of their own with numbered values (ExtensionInstallForcelist\1).
    values.push(...registryValuesFor(root, name, value, Array.isArray(value)));
  }
  const thirdParty = `${root}\\3rdparty\\extensions\\${extensionId}\\policy`;
  for (const [name, value] of Object.entries(settings)) {
    values.push(...registryValuesFor(thirdParty, name, value, true));
  }
  return values;
}
