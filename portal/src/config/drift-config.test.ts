import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

const KEY = '5b0f3c8e91d24a7f6e3b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7';
const graph = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: '66666666-7777-4888-8999-aaaaaaaaaaaa',
  clientSecret: 'secret',
};

function parse(extra: Record<string, unknown>, tenant: Record<string, unknown> = {}) {
  return parseConfig(
    {
      publicUrl: 'https://passwords.contoso.example',
      secretKey: KEY,
      tenants: [{ name: 'contoso', domains: ['contoso.example'], graph, ...tenant }],
      ...extra,
    },
    {},
  );
}

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('drift settings in the config', () => {
  it('reports drift hourly, with a minute of clock skew and nobody to mail, unless told', () => {
    const config = parse({});
    expect(config.tenants[0]?.onDrift).toBe('report');
    expect(config.drift).toEqual({ intervalSeconds: 3600, clockSkewSeconds: 60 });
    expect(config.alerts).toEqual({ adminEmails: [] });
    expect(parse({ alerts: { adminEmails: ['it@contoso.example'] } }, { onDrift: 'suspend' })).toMatchObject({
      tenants: [{ onDrift: 'suspend' }],
      alerts: { adminEmails: ['it@contoso.example'] },
    });
  });

  it('refuses a wrong value with words saying what was expected', () => {
    expect(problems(() => parse({}, { onDrift: 'block' }))).toEqual([
      'tenants[0].onDrift: expected "report", "expire" or "suspend"',
    ]);
    expect(problems(() => parse({ alerts: { adminEmails: ['not-an-address'] } }))).toEqual([
      'alerts.adminEmails[0]: expected an e-mail address, e.g. it-security@contoso.com',
    ]);
    expect(problems(() => parse({ drift: { intervalSeconds: 5 } }))).toEqual([
      'drift.intervalSeconds: expected a whole number from 10 to 86400',
    ]);
  });
});
