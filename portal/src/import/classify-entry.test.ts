import type { M365User } from '@passgate/core/graph';
import { describe, expect, it } from 'vitest';
import { classifyCsvRow, classifyTenantUser } from './classify-entry.js';

const DOMAINS = new Set(['contoso.example', 'sales.contoso.example']);

function user(overrides: Partial<M365User>): M365User {
  return {
    id: 'id-1',
    userPrincipalName: 'Ann.Lee@Contoso.example',
    mail: 'ann.lee@contoso.example',
    displayName: ' Ann Lee ',
    accountEnabled: true,
    userType: 'Member',
    lastPasswordChangeDateTime: '2026-01-01T00:00:00Z',
    onPremisesSyncEnabled: null,
    passwordPolicies: null,
    ...overrides,
  };
}

describe('classifyTenantUser()', () => {
  it('makes a member of an imported domain a candidate under its UPN, lower-cased', () => {
    expect(classifyTenantUser(user({}), DOMAINS)).toEqual({
      kind: 'candidate',
      address: 'ann.lee@contoso.example',
      given: 'Ann.Lee@Contoso.example',
      displayName: 'Ann Lee',
      alias: null,
      origin: { id: 'id-1' },
    });
  });

  it('keeps a different mail address as the alias a portal user must not hold', () => {
    const entry = classifyTenantUser(user({ mail: 'Ann@Sales.contoso.example' }), DOMAINS);
    expect(entry).toMatchObject({ kind: 'candidate', alias: 'ann@sales.contoso.example' });
  });

  it('takes an account older than userType (null) as a member', () => {
    expect(classifyTenantUser(user({ userType: null }), DOMAINS).kind).toBe('candidate');
  });

  it.each([
    ['a guest by userType', { userType: 'Guest' as const }, 'guest', 'userType Guest'],
    [
      'an external member (#EXT#, userType Member)',
      { userPrincipalName: 'ann_fabrikam.example#EXT#@contoso.example' },
      'guest',
      '#EXT# in the user principal name',
    ],
    [
      'an address in another domain',
      { userPrincipalName: 'ann@contoso.onmicrosoft.com' },
      'outside_domains',
      'domain contoso.onmicrosoft.com',
    ],
    ['a user synced from on-premises', { onPremisesSyncEnabled: true }, 'synced_from_on_premises', null],
    ['a blocked account', { accountEnabled: false }, 'disabled', null],
    [
      'a UPN the sign-in forms refuse',
      { userPrincipalName: 'ann!lee@contoso.example' },
      'invalid_address',
      'the sign-in forms would refuse it',
    ],
  ] as const)('skips %s', (_label, overrides, reason, detail) => {
    expect(classifyTenantUser(user(overrides), DOMAINS)).toMatchObject({ kind: 'skip', reason, detail });
  });

  it('reports the first reason that applies: a disabled synced guest is a guest', () => {
    const entry = classifyTenantUser(
      user({ userType: 'Guest', onPremisesSyncEnabled: true, accountEnabled: false }),
      DOMAINS,
    );
    expect(entry).toMatchObject({ kind: 'skip', reason: 'guest' });
    const synced = classifyTenantUser(user({ onPremisesSyncEnabled: true, accountEnabled: false }), DOMAINS);
    expect(synced).toMatchObject({ kind: 'skip', reason: 'synced_from_on_premises' });
  });
});

describe('classifyCsvRow()', () => {
  it('makes every checked row a candidate keyed by its lower-cased address', () => {
    expect(classifyCsvRow({ line: 7, email: 'Bob@Contoso.example', name: 'Bob' })).toEqual({
      kind: 'candidate',
      address: 'bob@contoso.example',
      given: 'Bob@Contoso.example',
      displayName: 'Bob',
      alias: null,
      origin: { line: 7 },
    });
  });
});
