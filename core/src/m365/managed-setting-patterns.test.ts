import { describe, expect, it } from 'vitest';
import { chromeManagedSchema } from './chrome-managed-schema.js';
import { parseSettingsPerKey } from './managed-settings.js';

// What Chrome does with a schema `pattern`: an RE2 partial match (unanchored unless anchored).
function chromeAccepts(key: string, value: string): boolean {
  const node = chromeManagedSchema().properties?.[key];
  const pattern = node?.pattern ?? node?.items?.pattern;
  if (pattern === undefined) throw new Error(`${key} has no pattern`);
  return new RegExp(pattern).test(value);
}

function extensionAccepts(key: string, value: string): boolean {
  const raw = key.endsWith('Patterns') || key === 'tenantDomains' ? { [key]: [value] } : { [key]: value };
  return parseSettingsPerKey(raw).invalid.length === 0;
}

describe('managed_schema patterns', () => {
  it.each([
    ['portalUrl', 'https://password.example.com'],
    ['portalUrl', 'https://intranet.example.com:8443/pw/'],
    ['portalUrl', 'http://localhost:8787'],
    ['portalUrl', 'http://127.0.0.1:9000/passgate'],
    ['supportUrl', 'https://help.example.com/kb?id=12#pw'],
    ['supportUrl', 'mailto:helpdesk@example.com'],
    ['extraUrlPatterns', 'https://sso.example.com/adfs/portal/updatepassword*'],
    ['excludeUrlPatterns', 'https://*.example.com/*'],
    ['extraUrlPatterns', 'https://*.example.com/adfs/portal/updatepassword*'],
    ['organisationName', 'Contoso Ltd'],
    ['tenantDomains', 'contoso.com'],
    ['tenantDomains', 'Contoso.Co.UK'],
  ])('lets %s %s through, as the extension does', (key, value) => {
    expect(extensionAccepts(key, value)).toBe(true);
    expect(chromeAccepts(key, value)).toBe(true);
  });

  it.each([
    ['portalUrl', 'http://password.example.com'],
    ['portalUrl', 'https://password.example.com/?x=1'],
    ['portalUrl', 'https://password.example.com/#a'],
    ['portalUrl', 'https://password.example.com/?'],
    ['portalUrl', 'https://password.example.com#'],
    ['portalUrl', 'https://password.example.com/pw\\reset'],
    ['portalUrl', 'https://user:pw@password.example.com'],
    ['portalUrl', 'password.example.com'],
    ['portalUrl', 'ftp://password.example.com'],
    ['supportUrl', 'javascript:alert(1)'],
    ['supportUrl', 'data:text/html,hi'],
    ['supportUrl', 'help me'],
    ['extraUrlPatterns', '*://example.com/*'],
    ['extraUrlPatterns', 'example.com/change'],
    ['organisationName', '   '],
    ['tenantDomains', 'https://contoso.com'],
    ['tenantDomains', 'ada@contoso.com'],
    ['tenantDomains', 'contoso'],
  ])('makes Chrome flag %s %j, which the extension refuses too', (key, value) => {
    expect(extensionAccepts(key, value)).toBe(false);
    expect(chromeAccepts(key, value)).toBe(false);
  });

  it('uses only syntax RE2 shares with JavaScript', () => {
    const schema = chromeManagedSchema();
    for (const node of Object.values(schema.properties ?? {})) {
      const pattern = node.pattern ?? node.items?.pattern;
      if (pattern !== undefined) expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
    }
  });
});
