import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { parseConfig } from '../config/parse-config.js';

const base = { publicUrl: 'https://passwords.contoso.com', secretKey: randomBytes(32).toString('hex') };
const oidc = {
  issuer: 'https://login.example.com/tenant/v2.0/',
  clientId: 'app-1',
  clientSecret: 'from-file',
};

function problems(input: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(input, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => `${problem.field}: ${problem.message}`);
  }
}

describe('the admin config block', () => {
  it('is off by default, with the session limits of the issue', () => {
    const config = parseConfig(base, {});
    expect(config.admin).toEqual({
      oidc: null,
      admins: [],
      helpdesk: [],
      groupsClaim: 'groups',
      sessionIdleMinutes: 30,
      sessionMaxHours: 8,
      reauthMaxAgeSeconds: 300,
    });
  });

  it('normalises e-mails to lower case, keeps group ids as given, and the issuer exactly (OIDC compares it so)', () => {
    const config = parseConfig(
      { ...base, admin: { oidc, admins: ['IT-Lead@Contoso.com', 'group:AbC-123'] } },
      {},
    );
    expect(config.admin.admins).toEqual(['it-lead@contoso.com', 'group:AbC-123']);
    expect(config.admin.oidc?.issuer).toBe('https://login.example.com/tenant/v2.0/');
    expect(config.admin.oidc?.clientAuthMethod).toBe('client_secret_basic');
  });

  it('takes the client secret from PASSGATE_ADMIN_OIDC_CLIENT_SECRET over the file', () => {
    const config = parseConfig(
      { ...base, admin: { oidc } },
      { PASSGATE_ADMIN_OIDC_CLIENT_SECRET: 'from-env' },
    );
    expect(config.admin.oidc?.clientSecret).toBe('from-env');
  });

  it('refuses an http issuer, a member that is neither an e-mail nor a group, and a missing secret, naming each field', () => {
    const found = problems({
      ...base,
      admin: {
        oidc: { issuer: 'http://idp.example.com', clientId: 'app-1' },
        helpdesk: ['servicedesk'],
      },
    });
    expect(found).toEqual([
      expect.stringMatching(/^admin\.oidc\.issuer: expected the issuer URL/),
      expect.stringMatching(/^admin\.oidc\.clientSecret: required: .*PASSGATE_ADMIN_OIDC_CLIENT_SECRET/),
      expect.stringMatching(/^admin\.helpdesk\[0\]: expected an e-mail address .* or a group as group:/),
    ]);
  });
});
