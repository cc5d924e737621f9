import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { pemCertificatesSchema } from './pem-certificates-schema.js';

const [FIRST = '', SECOND = ''] = rootCertificates;

function problems(text: unknown): string[] {
  const result = pemCertificatesSchema.safeParse(text);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

/** A line of a PEM block lost: still PEM in shape, no longer a certificate. */
function damaged(pem: string): string {
  const lines = pem.split('\n');
  lines.splice(3, 1);
  return lines.join('\n');
}

describe('pemCertificatesSchema', () => {
  it('accepts one certificate, or several with text between them, as given', () => {
    expect(pemCertificatesSchema.parse(FIRST)).toBe(FIRST);
    const bundle = `# internal root\n${FIRST}\nsubject=CN = Issuing CA\r\n${SECOND.replace(/\n/g, '\r\n')}`;
    expect(pemCertificatesSchema.parse(bundle)).toBe(bundle);
  });

  it('refuses text holding no certificate', () => {
    for (const text of ['', 'ca.pem', '/etc/ssl/certs/internal-ca.pem'])
      expect(problems(text)).toEqual([
        'expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
      ]);
    expect(problems(42)).toEqual([expect.stringMatching(/^expected one or more PEM certificates/)]);
  });

  it('names which certificate cannot be read, by position', () => {
    expect(problems(damaged(FIRST))).toEqual([
      'the certificate cannot be read as an X.509 certificate: a line is missing or changed',
    ]);
    expect(problems(`${FIRST}\n${damaged(SECOND)}\n${FIRST}`)).toEqual([
      'certificate 2 of 3 cannot be read as an X.509 certificate: a line is missing or changed',
    ]);
  });

  it('refuses a certificate cut short, and a block that is no certificate, never quoting it', () => {
    const cut = FIRST.replace('-----END CERTIFICATE-----', '');
    expect(problems(`${cut}\n${SECOND}`)).toEqual([
      'certificate 1 of 2 has no -----END CERTIFICATE----- line before the next one',
    ]);
    expect(problems(`${SECOND}\n${cut}`)).toEqual([
      'certificate 2 of 2 has no -----END CERTIFICATE----- line before the end',
    ]);
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq-Secret-Body\n-----END PRIVATE KEY-----\n';
    const refused = problems(`${FIRST}\n${key}`);
    expect(refused).toEqual([
      'certificate 2 of 2 is a PRIVATE KEY, not a certificate: expected only -----BEGIN CERTIFICATE----- blocks',
    ]);
    expect(refused.join()).not.toContain('Secret-Body');
  });
});
