import { describe, expect, it } from 'vitest';
import { resolveGraphUrl } from './graph-link.js';
import { M365Error } from './m365-error.js';

const context = { operation: 'listAllUsers', clientRequestId: 'c-1' };
const ROOT = 'https://graph.microsoft.com';

function refusal(link: string): M365Error {
  try {
    resolveGraphUrl(ROOT, link, context);
  } catch (error) {
    if (error instanceof M365Error) return error;
    throw error;
  }
  throw new Error(`expected ${link} to be refused`);
}

describe('resolveGraphUrl()', () => {
  it('puts a path under the version root', () => {
    expect(resolveGraphUrl(ROOT, '/users?$top=999', context)).toBe(
      'https://graph.microsoft.com/v1.0/users?$top=999',
    );
    expect(resolveGraphUrl(`${ROOT}/`, '/users', context)).toBe('https://graph.microsoft.com/v1.0/users');
  });

  it('follows a nextLink under the Graph root as given', () => {
    const link = 'https://graph.microsoft.com/v1.0/users?$top=999&$skiptoken=RFNwdAIAAQAAAD';
    expect(resolveGraphUrl(ROOT, link, context)).toBe(link);
  });

  it.each([
    ['another host', 'https://graph.evil.example/v1.0/users?$skiptoken=x'],
    ['a look-alike host', 'https://graph.microsoft.com.evil.example/v1.0/users'],
    ['credentials before the host', 'https://graph.microsoft.com:pw@evil.example/v1.0/users'],
    ['user info on the right host', 'https://someone@graph.microsoft.com/v1.0/users'],
    ['plain http', 'http://graph.microsoft.com/v1.0/users'],
    ['another port', 'https://graph.microsoft.com:8443/v1.0/users'],
    ['another API version', 'https://graph.microsoft.com/beta/users'],
    ['a path that climbs out of /v1.0', 'https://graph.microsoft.com/v1.0/../beta/users'],
  ])('refuses %s with LINK_OUTSIDE_GRAPH', (_label, link) => {
    const error = refusal(link);
    expect(error.code).toBe('LINK_OUTSIDE_GRAPH');
    expect(error.clientRequestId).toBe('c-1');
  });

  it('names the host it refused but not the paging token', () => {
    const error = refusal('https://elsewhere.example/v1.0/users?$skiptoken=SECRET-STATE');
    expect(error.message).toContain('https://elsewhere.example/v1.0/users');
    expect(error.message).not.toContain('SECRET-STATE');
  });
});
