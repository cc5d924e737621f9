import { type EffectiveSettings, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { continueTarget } from './continue-request.js';

const settings: EffectiveSettings = { ...managedSettingsDefaults, portalUrl: 'https://pw.example.com/' };
const change = 'https://mysignins.microsoft.com/security-info/password/change?x=1';
const ask = (from: string, base = 'https://pw.example.com'): string =>
  `${base}/continue-to-microsoft?from=${encodeURIComponent(from)}`;

describe('continueTarget()', () => {
  it('gives the Microsoft page the portal asks to continue to', () => {
    expect(continueTarget(ask(change), settings)).toBe(change);
  });

  it('refuses another site asking, a page it would not redirect, and other portal pages', () => {
    expect(continueTarget(ask(change, 'https://evil.example'), settings)).toBeUndefined();
    expect(continueTarget(ask('https://evil.example/'), settings)).toBeUndefined();
    expect(continueTarget(ask('https://mysignins.microsoft.com/security-info'), settings)).toBeUndefined();
    expect(
      continueTarget(`https://pw.example.com/change?from=${encodeURIComponent(change)}`, settings),
    ).toBeUndefined();
    expect(continueTarget('https://pw.example.com/continue-to-microsoft', settings)).toBeUndefined();
  });

  it('never continues to a page only an admin’s extra pattern covers: a link to the continue page is anyone’s', () => {
    const extra = { ...settings, extraUrlPatterns: ['https://*.contoso.com/adfs/portal/updatepassword*'] };
    const adfs = 'https://sts.contoso.com/adfs/portal/updatepassword/';
    expect(continueTarget(ask(adfs), extra)).toBeUndefined();
    // Before, with the host's * free to match anything, this opened the attacker's page.
    expect(
      continueTarget(ask('https://evil.example/x?.contoso.com/adfs/portal/updatepassword'), extra),
    ).toBeUndefined();
  });

  it('does nothing while idle', () => {
    expect(continueTarget(ask(change), { ...managedSettingsDefaults })).toBeUndefined();
  });
});
