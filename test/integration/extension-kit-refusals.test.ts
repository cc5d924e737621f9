import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtensionKitError, generatePolicy } from '@passgate/portal/extension-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_ID, goldenRequest } from './extension-kit-support/golden-policy-request.js';
import { runExtensionCli } from './extension-kit-support/run-extension-cli.js';

const BASE = [
  'policy',
  '--browser',
  'chrome',
  '--platform',
  'linux',
  '--extension-id',
  GOLDEN_ID,
  '--portal-url',
  'https://passwords.contoso.example',
];

function refusalOf(settings: Record<string, unknown>): ExtensionKitError {
  try {
    generatePolicy({ ...goldenRequest({ browser: 'edge', platform: 'windows', format: 'reg' }), settings });
  } catch (error) {
    if (error instanceof ExtensionKitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('passgate extension policy refusals', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-kit-refusals-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an unknown managed key, naming the known ones, and writes nothing', async () => {
    const out = join(dir, 'unknown.json');
    const run = await runExtensionCli([...BASE, '--set', 'portalURL=https://x.example', '--out', out]);
    expect(run.code).toBe(1);
    const message = run.err.join('\n');
    expect(message).toContain('UNKNOWN_MANAGED_SETTING');
    expect(message).toContain('"portalURL" is not a setting');
    expect(message).toContain('portalUrl (string)');
    await expect(access(out)).rejects.toThrow();
  });

  it('refuses a value of the wrong type', async () => {
    const run = await runExtensionCli([...BASE, '--set', 'enabled=yes']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /INVALID_MANAGED_SETTING: invalid managed setting: enabled: .*\(expected boolean\)/,
    );
    expect(refusalOf({ interceptIds: 'self-service-reset' })).toMatchObject({
      code: 'INVALID_MANAGED_SETTING',
    });
    expect(refusalOf({ interceptIds: ['no-such-page'] }).message).toContain('interceptIds');
    expect(refusalOf({ organisationName: 42 }).message).toContain('organisationName');
  });

  it('refuses malformed URLs in URL settings and patterns', async () => {
    for (const [key, value] of [
      ['portalUrl', 'not a url'],
      ['portalUrl', 'http://passwords.contoso.example'],
      ['portalUrl', 'https://passwords.contoso.example/?next=1'],
      ['supportUrl', 'ftp://help.contoso.example'],
      ['extraUrlPatterns', ['sso.contoso.example/change*']],
    ] as const) {
      const refusal = refusalOf({ [key]: value });
      expect(refusal.code, `${key}=${String(value)}`).toBe('INVALID_MANAGED_SETTING');
      expect(refusal.message).toContain(key);
    }
    const run = await runExtensionCli([...BASE.slice(0, -1), 'http://passwords.contoso.example']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('INVALID_URL');
  });

  it('refuses browsers, platforms and formats that do not go together', async () => {
    const cases = [
      [['--browser', 'safari', '--platform', 'macos'], 'unknown browser "safari"'],
      [['--browser', 'chrome', '--platform', 'macos', '--format', 'reg'], 'takes --format mobileconfig'],
      [['--browser', 'firefox', '--platform', 'windows', '--format', 'reg'], 'takes --format json'],
      [['--browser', 'chromium', '--platform', 'windows'], 'chromium is not deployed'],
      [['--platform', 'linux'], '--browser is required'],
    ] as const;
    for (const [args, words] of cases) {
      const run = await runExtensionCli([
        'policy',
        ...args,
        '--extension-id',
        GOLDEN_ID,
        '--portal-url',
        'https://p.example',
      ]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err.join('\n')).toContain('UNSUPPORTED_TARGET');
      expect(run.err.join('\n')).toContain(words);
    }
  });

  it('refuses an extension id that is not one', async () => {
    const run = await runExtensionCli([
      'policy',
      '--browser',
      'edge',
      '--platform',
      'linux',
      '--extension-id',
      'ABC',
      '--portal-url',
      'https://p.example',
    ]);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('INVALID_EXTENSION_ID');
  });

  it('takes typed values from --set: booleans, comma lists and JSON arrays', async () => {
    const run = await runExtensionCli([
      ...BASE,
      '--set',
      'enabled=false',
      '--set',
      'interceptIds=self-service-reset,expired-password',
      '--set',
      'excludeUrlPatterns=["https://sso.contoso.example/a*"]',
    ]);
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.out.join('\n'));
    expect(policy['3rdparty'].extensions[GOLDEN_ID]).toEqual({
      portalUrl: 'https://passwords.contoso.example',
      enabled: false,
      interceptIds: ['self-service-reset', 'expired-password'],
      excludeUrlPatterns: ['https://sso.contoso.example/a*'],
    });
  });
});
