import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANAGED_SETTING_KEYS } from '@passgate/core/m365';
import {
  generatePolicy,
  managedSettingFields,
  type PolicyTarget,
  windowsSignInPolicy,
} from '@passgate/portal/extension-kit';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import {
  GOLDEN_GECKO_ID,
  GOLDEN_ID,
  GOLDEN_PORTAL,
  GOLDEN_SETTINGS,
  GOLDEN_UPDATES,
  goldenRequest,
} from './extension-kit-support/golden-policy-request.js';
import { type ParsedRegValue, parseRegFile } from './extension-kit-support/parse-reg-file.js';
import { runExtensionCli } from './extension-kit-support/run-extension-cli.js';

const GOLDEN_DIR = new URL('./golden/', import.meta.url);

/**
 * The file's text with each setting's description (owned by the extension's schema, reworded at
 * will) replaced by a marker, so the goldens pin this generator's output and not the wording.
 */
function normalised(body: Buffer): string {
  const utf16 = body[0] === 0xff && body[1] === 0xfe;
  let text = utf16 ? body.subarray(2).toString('utf16le') : body.toString('utf8');
  for (const field of managedSettingFields())
    text = text.replaceAll(field.description, `<description of ${field.key}>`);
  return text;
}

/** Compares with the committed file; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
async function matchesGolden(name: string, body: Buffer): Promise<void> {
  // The .golden suffix keeps the formatter off these files: they must stay exactly what the generator writes.
  const file = new URL(`${name}.golden`, GOLDEN_DIR);
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, normalised(body));
  const golden = await readFile(file, 'utf8');
  expect(
    normalised(body) === golden,
    `${name} differs from the golden file (UPDATE_GOLDEN=1 to accept)`,
  ).toBe(true);
}

function target(
  browser: PolicyTarget['browser'],
  platform: PolicyTarget['platform'],
  format: PolicyTarget['format'],
): PolicyTarget {
  return { browser, platform, format };
}

/**
 * Every host of a Microsoft password page, in every cloud: an organisation-wide
 * `runtime_blocked_hosts` must not switch Passgate off there.
 */
const ALLOWED_HOSTS = [
  '*://mysignins.microsoft.com',
  '*://account.activedirectory.windowsazure.com',
  '*://passwordreset.microsoftonline.com',
  '*://passwordreset.microsoftonline.us',
  '*://passwordreset.activedirectory.windowsazure.cn',
  '*://login.microsoftonline.com',
  '*://login.microsoft.com',
  '*://login.windows.net',
  '*://login.microsoftonline.us',
  '*://login.partner.microsoftonline.cn',
  '*://login.chinacloudapi.cn',
];

/** Passgate's own ExtensionSettings entry. */
function ownExtensionSettings(edge: boolean): Record<string, unknown> {
  const pin = edge ? { toolbar_state: 'force_shown' } : { toolbar_pin: 'force_pinned' };
  return {
    installation_mode: 'force_installed',
    update_url: GOLDEN_UPDATES,
    ...pin,
    runtime_allowed_hosts: ALLOWED_HOSTS,
  };
}

/** The extension's values exactly as each browser will hand them to it. */
const EXPECTED_SETTINGS = { ...GOLDEN_SETTINGS, organisationName: GOLDEN_SETTINGS.organisationName.trim() };

function sorted(values: readonly ParsedRegValue[]): ParsedRegValue[] {
  return [...values].sort((a, b) => `${a.key}\0${a.name}`.localeCompare(`${b.key}\0${b.name}`));
}

function expectedRegistry(root: string, edge: boolean): ParsedRegValue[] {
  const policy = `${root}\\3rdparty\\extensions\\${GOLDEN_ID}\\policy`;
  return [
    {
      key: `${root}\\ExtensionInstallForcelist`,
      name: '1',
      type: 'REG_SZ',
      data: `${GOLDEN_ID};${GOLDEN_UPDATES}`,
    },
    {
      key: root,
      name: 'ExtensionSettings',
      type: 'REG_SZ',
      data: JSON.stringify({ [GOLDEN_ID]: ownExtensionSettings(edge) }),
    },
    {
      key: root,
      name: edge ? 'InPrivateModeAvailability' : 'IncognitoModeAvailability',
      type: 'REG_DWORD',
      data: 1,
    },
    { key: policy, name: 'portalUrl', type: 'REG_SZ', data: GOLDEN_PORTAL },
    { key: policy, name: 'enabled', type: 'REG_DWORD', data: 1 },
    { key: `${policy}\\interceptIds`, name: '1', type: 'REG_SZ', data: 'mysignins-change-password' },
    { key: `${policy}\\interceptIds`, name: '2', type: 'REG_SZ', data: 'self-service-reset' },
    { key: `${policy}\\clouds`, name: '1', type: 'REG_SZ', data: 'global' },
    { key: `${policy}\\clouds`, name: '2', type: 'REG_SZ', data: 'usgov' },
    {
      key: `${policy}\\extraUrlPatterns`,
      name: '1',
      type: 'REG_SZ',
      data: GOLDEN_SETTINGS.extraUrlPatterns[0] ?? '',
    },
    {
      key: `${policy}\\excludeUrlPatterns`,
      name: '1',
      type: 'REG_SZ',
      data: GOLDEN_SETTINGS.excludeUrlPatterns[0] ?? '',
    },
    {
      key: `${policy}\\excludeUrlPatterns`,
      name: '2',
      type: 'REG_SZ',
      data: GOLDEN_SETTINGS.excludeUrlPatterns[1] ?? '',
    },
    { key: policy, name: 'showExpiredPasswordNotice', type: 'REG_DWORD', data: 0 },
    { key: `${policy}\\tenantDomains`, name: '1', type: 'REG_SZ', data: 'contoso.example' },
    { key: `${policy}\\tenantDomains`, name: '2', type: 'REG_SZ', data: 'contoso-group.example' },
    { key: policy, name: 'organisationName', type: 'REG_SZ', data: EXPECTED_SETTINGS.organisationName },
    { key: policy, name: 'supportUrl', type: 'REG_SZ', data: GOLDEN_SETTINGS.supportUrl },
  ];
}

const WINDOWS = [
  ['chrome', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome'],
  ['edge', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge'],
] as const;

describe('generatePolicy()', () => {
  it('is tested with every managed setting the extension has', () => {
    expect(Object.keys(GOLDEN_SETTINGS).sort()).toEqual([...MANAGED_SETTING_KEYS].sort());
  });

  for (const [browser, root] of WINDOWS) {
    it(`writes a ${browser} .reg with the right keys, value names and REG_ types`, async () => {
      const policy = generatePolicy(goldenRequest(target(browser, 'windows', 'reg')));
      await matchesGolden(`${browser}-windows.reg`, policy.body);
      expect(sorted(parseRegFile(policy.body))).toEqual(sorted(expectedRegistry(root, browser === 'edge')));
      for (const field of managedSettingFields()) expect(policy.text).toContain(`;   ${field.key} [`);
    });

    it(`writes the same ${browser} registry values as JSON for Intune`, async () => {
      const policy = generatePolicy(goldenRequest(target(browser, 'windows', 'intune')));
      await matchesGolden(`${browser}-windows-intune.json`, policy.body);
      const document = JSON.parse(policy.text);
      expect(sorted(document.registry)).toEqual(sorted(expectedRegistry(root, browser === 'edge')));
    });
  }

  for (const [browser, domain] of [
    ['chrome', 'com.google.Chrome'],
    ['edge', 'com.microsoft.Edge'],
  ] as const) {
    it(`writes a ${browser} macOS profile that parses as a plist with typed values`, async () => {
      const policy = generatePolicy(goldenRequest(target(browser, 'macos', 'mobileconfig')));
      await matchesGolden(`${browser}-macos.mobileconfig`, policy.body);
      const profile = parsePlist(policy.text) as Record<string, unknown>;
      expect(profile).toMatchObject({
        PayloadType: 'Configuration',
        PayloadScope: 'System',
        PayloadVersion: 1,
        PayloadOrganization: 'Contoso',
      });
      expect(profile.PayloadUUID).toMatch(
        /^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/,
      );
      const [browserPayload, extensionPayload, ...extra] = profile.PayloadContent as Record<
        string,
        unknown
      >[];
      expect(extra).toEqual([]);
      expect(browserPayload).toMatchObject({
        PayloadType: domain,
        ExtensionInstallForcelist: [`${GOLDEN_ID};${GOLDEN_UPDATES}`],
        ExtensionSettings: { [GOLDEN_ID]: ownExtensionSettings(browser === 'edge') },
        [browser === 'edge' ? 'InPrivateModeAvailability' : 'IncognitoModeAvailability']: 1,
      });
      const {
        PayloadType,
        PayloadIdentifier,
        PayloadUUID,
        PayloadVersion,
        PayloadDisplayName,
        PayloadEnabled,
        ...values
      } = extensionPayload ?? {};
      expect(PayloadType).toBe(`${domain}.extensions.${GOLDEN_ID}`);
      const uuids = [profile.PayloadUUID, browserPayload?.PayloadUUID, PayloadUUID];
      const identifiers = [profile.PayloadIdentifier, browserPayload?.PayloadIdentifier, PayloadIdentifier];
      expect(new Set(uuids).size).toBe(3);
      expect(new Set(identifiers).size).toBe(3);
      expect(values).toEqual(EXPECTED_SETTINGS);
      expect(typeof values.enabled).toBe('boolean');
    });
  }

  const linux = [
    ['chrome', '/etc/opt/chrome/policies/managed/passgate.json'],
    ['chromium', '/etc/chromium/policies/managed/passgate.json'],
    ['edge', '/etc/opt/edge/policies/managed/passgate.json'],
  ] as const;
  for (const [browser, path] of linux) {
    it(`writes the ${browser} Linux JSON for ${path}`, async () => {
      const policy = generatePolicy(goldenRequest(target(browser, 'linux', 'json')));
      await matchesGolden(`${browser}-linux.json`, policy.body);
      expect(policy.installLocation).toBe(path);
      expect(JSON.parse(policy.text)).toEqual({
        ExtensionInstallForcelist: [`${GOLDEN_ID};${GOLDEN_UPDATES}`],
        ExtensionSettings: { [GOLDEN_ID]: ownExtensionSettings(browser === 'edge') },
        [browser === 'edge' ? 'InPrivateModeAvailability' : 'IncognitoModeAvailability']: 1,
        '3rdparty': { extensions: { [GOLDEN_ID]: EXPECTED_SETTINGS } },
      });
    });
  }

  it('writes one Firefox policies.json for every platform', async () => {
    const policy = generatePolicy(goldenRequest(target('firefox', 'linux', 'json')));
    await matchesGolden('firefox-policies.json', policy.body);
    expect(JSON.parse(policy.text)).toEqual({
      policies: {
        ExtensionSettings: {
          [GOLDEN_GECKO_ID]: {
            installation_mode: 'force_installed',
            install_url: `${GOLDEN_PORTAL}/extension/passgate.xpi`,
            private_browsing: true,
          },
        },
        '3rdparty': { Extensions: { [GOLDEN_GECKO_ID]: EXPECTED_SETTINGS } },
        PrivateBrowsingModeAvailability: 1,
      },
    });
    for (const platform of ['windows', 'macos'] as const) {
      expect(generatePolicy(goldenRequest(target('firefox', platform, 'json'))).text).toBe(policy.text);
    }
  });

  it('leaves private windows alone unless asked, and fills portalUrl from the portal', () => {
    const request = {
      ...goldenRequest(target('chrome', 'linux', 'json')),
      disableIncognito: false,
      settings: {},
    };
    const policy = JSON.parse(generatePolicy(request).text);
    expect(policy.IncognitoModeAvailability).toBeUndefined();
    expect(policy['3rdparty'].extensions[GOLDEN_ID]).toEqual({ portalUrl: GOLDEN_PORTAL });
  });

  it("fills tenantDomains from the portal's tenants unless the settings name their own", () => {
    const request = {
      ...goldenRequest(target('chrome', 'linux', 'json')),
      settings: {},
      tenantDomains: ['contoso.example', 'fabrikam.example'],
    };
    const values = (body: string): Record<string, unknown> =>
      JSON.parse(body)['3rdparty'].extensions[GOLDEN_ID];
    expect(values(generatePolicy(request).text).tenantDomains).toEqual([
      'contoso.example',
      'fabrikam.example',
    ]);
    const own = { ...request, settings: { tenantDomains: ['contoso.example'] } };
    expect(values(generatePolicy(own).text).tenantDomains).toEqual(['contoso.example']);
  });
});

describe('windowsSignInPolicy()', () => {
  const RESET_VALUE: ParsedRegValue = {
    key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\AzureADAccount',
    name: 'AllowPasswordReset',
    type: 'REG_DWORD',
    data: 0,
  };

  it('writes a .reg that removes "Reset password" from the Windows sign-in screen', async () => {
    const policy = windowsSignInPolicy('reg');
    await matchesGolden('windows-sign-in.reg', policy.body);
    expect(policy.fileName).toBe('passgate-windows-sign-in.reg');
    expect(parseRegFile(policy.body)).toEqual([RESET_VALUE]);
  });

  it('writes the same as an Intune custom profile: the OMA-URI as an integer 0', async () => {
    const policy = windowsSignInPolicy('intune');
    await matchesGolden('windows-sign-in-intune.json', policy.body);
    expect(JSON.parse(policy.text)).toMatchObject({
      '@odata.type': '#microsoft.graph.windows10CustomConfiguration',
      omaSettings: [
        {
          '@odata.type': '#microsoft.graph.omaSettingInteger',
          omaUri: './Device/Vendor/MSFT/Policy/Config/Authentication/AllowAadPasswordReset',
          value: 0,
        },
      ],
    });
  });

  it('is written by passgate extension policy --windows-sign-in, and refuses other formats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-windows-policy-'));
    try {
      const out = join(dir, 'sign-in.reg');
      const run = await runExtensionCli(['policy', '--windows-sign-in', '--out', out]);
      expect(run.code).toBe(0);
      expect(run.err.join('\n')).toContain('Install: import on each Entra-joined PC');
      expect(parseRegFile(await readFile(out))).toEqual([RESET_VALUE]);
      const refused = await runExtensionCli(['policy', '--windows-sign-in', '--format', 'mobileconfig']);
      expect(refused.code).toBe(1);
      expect(refused.err.join('\n')).toContain(
        'UNSUPPORTED_TARGET: --windows-sign-in takes --format reg or intune',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
