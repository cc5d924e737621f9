import { describe, expect, it } from 'vitest';
import type { DeepCheckReport } from '../lockdown/deep-check.js';
import { type CheckSection, certificateSection, deepCheckSections } from './render-deep-check.js';

const NOW = new Date('2031-05-10T09:00:00Z');
const DAY = 86_400_000;

/** A tenant with nothing to fix but, maybe, its certificate. */
const REPORT: DeepCheckReport = {
  tenant: 'contoso',
  tenantId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  access: [],
  domains: [{ domain: 'contoso.com', found: true, expiresAfterDays: null, isDefault: false }],
  users: [],
  branding: {
    target: 'https://passwords.contoso.com/reset',
    acceptable: true,
    state: { kind: 'points_at_portal', hidden: false },
  },
};

function certificate(sections: CheckSection[]): CheckSection | undefined {
  return sections.find((s) => s.heading === 'Client certificate (graph.clientCertificate)');
}

/** A certificate file's dates: valid since long before NOW, until `notAfter`. */
function until(
  notAfter: Date,
  notBefore = new Date('2030-01-01T00:00:00Z'),
): { notBefore: Date; notAfter: Date } {
  return { notBefore, notAfter };
}

const RENEW =
  'upload a new certificate to the app registration in Entra ID (Certificates & secrets), then point clientCertificate.path at its PEM file (key and certificate) and restart the portal';

describe('deepCheckSections()', () => {
  it('reports a certificate with more than 30 days left as ok, with its date, first', () => {
    const sections = deepCheckSections(REPORT, until(new Date(NOW.getTime() + 200 * DAY)), NOW);
    expect(sections[0]).toEqual({
      heading: 'Client certificate (graph.clientCertificate)',
      lines: [{ level: 'ok', text: 'expires on 2031-11-26 09:00 UTC, in 200 days' }],
    });
  });

  it('makes a certificate within 30 days a FIX, saying what to do', () => {
    const sections = deepCheckSections(REPORT, until(new Date(NOW.getTime() + 30 * DAY)), NOW);
    expect(certificate(sections)?.lines).toEqual([
      {
        level: 'FIX',
        text: `expires on 2031-06-09 09:00 UTC, in 30 days; from then on no password reaches Microsoft 365 (AUTH_FAILED, changes wait in the queue): ${RENEW}`,
      },
    ]);
    const later = deepCheckSections(REPORT, until(new Date(NOW.getTime() + 30 * DAY + 1000)), NOW);
    expect(certificate(later)?.lines[0]?.level).toBe('ok');
  });

  it('makes an expired certificate a FIX: the portal serves, but no password reaches Microsoft 365', () => {
    expect(certificate(deepCheckSections(REPORT, until(new Date(NOW.getTime() - 1000)), NOW))?.lines).toEqual(
      [
        {
          level: 'FIX',
          text: `expired on 2031-05-10 08:59 UTC; no password reaches Microsoft 365 until it is replaced (every token request fails with AUTH_FAILED; changes wait in the queue and go out once it is): ${RENEW}`,
        },
      ],
    );
  });

  it('makes a certificate not valid yet a FIX, pointing at the clock', () => {
    const notYet = until(new Date('2032-06-01T00:00:00Z'), new Date('2031-05-11T00:00:00Z'));
    expect(certificateSection(notYet, NOW)?.lines).toEqual([
      {
        level: 'FIX',
        text: "is not valid until 2031-05-11 00:00 UTC; no password reaches Microsoft 365 until then (every token request fails with AUTH_FAILED; changes wait in the queue): check this server's clock, and the dates the certificate was made with",
      },
    ]);
  });

  it('says a key given inline has no date to check, and says nothing of a client secret', () => {
    const inline = deepCheckSections(REPORT, 'inline', NOW);
    expect(certificate(inline)?.lines).toEqual([
      { level: 'note', text: expect.stringMatching(/^given inline .*its expiry is not known here/) },
    ]);
    const secret = deepCheckSections(REPORT, null, NOW);
    expect(certificate(secret)).toBeUndefined();
    expect(secret.map((s) => s.heading)).toEqual([
      "Graph permissions (the token's roles claim)",
      "Directory roles (the token's wids claim)",
      "Microsoft's own password expiry",
      'Sign-in page reset link ("Forgot my password?")',
    ]);
  });
});
