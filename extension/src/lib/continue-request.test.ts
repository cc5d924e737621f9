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

  it('does nothing while idle', () => {
    expect(continueTarget(ask(change), { ...managedSettingsDefaults })).toBeUndefined();
  });
});
