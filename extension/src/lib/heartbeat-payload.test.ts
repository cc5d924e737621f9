import { managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import {
  browserFromBrands,
  type HeartbeatFacts,
  heartbeatPayload,
  NO_REDIRECTS,
  plainVersion,
  platformName,
} from './heartbeat-payload.js';
import { resolveSettings } from './resolve-settings.js';

const facts: HeartbeatFacts = {
  installId: '0b5c0b5c-1111-4222-8333-444455556666',
  extensionVersion: '0.2.0',
  browser: 'chrome',
  browserVersion: '156.0.1',
  platform: 'windows',
  redirects: { ...NO_REDIRECTS, change: 2 },
};

describe('heartbeatPayload()', () => {
  it('reports an install under policy, and whether every policy value was usable', () => {
    const whole = resolveSettings({ portalUrl: 'https://pw.example.com' }, undefined);
    expect(heartbeatPayload(whole, facts)).toEqual({ ...facts, managed: true, policyApplied: true });
    const partly = resolveSettings({ portalUrl: 'https://pw.example.com', organisationName: '' }, undefined);
    expect(heartbeatPayload(partly, facts)).toMatchObject({ policyApplied: false });
  });

  it("sends nothing from a person's own install, or without a portal", () => {
    expect(
      heartbeatPayload(resolveSettings({}, { portalUrl: 'https://pw.example.com' }), facts),
    ).toBeUndefined();
    expect(heartbeatPayload(resolveSettings({ enabled: false }, undefined), facts)).toBeUndefined();
    expect(managedSettingsDefaults.portalUrl).toBeUndefined();
  });

  it('carries no URL, name or address: only the facts given', () => {
    const payload = heartbeatPayload(
      resolveSettings({ portalUrl: 'https://pw.example.com' }, undefined),
      facts,
    );
    expect(JSON.stringify(payload)).not.toContain('pw.example.com');
  });
});

describe('browserFromBrands()', () => {
  it.each([
    [
      [
        { brand: 'Chromium', version: '156.0.7500.1' },
        { brand: 'Microsoft Edge', version: '156.0.3000.1' },
      ],
      'edge',
      '156.0.3000.1',
    ],
    [
      [
        { brand: 'Not)A;Brand', version: '99' },
        { brand: 'Google Chrome', version: '156' },
      ],
      'chrome',
      '156',
    ],
    [[{ brand: 'Chromium', version: '156' }], 'chromium', '156'],
    [[{ brand: 'Something', version: '1' }], 'other', '0'],
  ])('reads %j as %s %s', (brands, browser, version) => {
    expect(browserFromBrands(brands)).toEqual({ browser, browserVersion: version });
  });
});

describe('plainVersion() and platformName()', () => {
  it('keeps digits and dots, and names platforms', () => {
    expect(plainVersion('153.8.0esr')).toBe('153.8.0');
    expect(plainVersion('x')).toBe('0');
    expect(platformName('win')).toBe('windows');
    expect(platformName('openbsd')).toBe('other');
  });
});
