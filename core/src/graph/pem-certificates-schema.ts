import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

const EXPECTED =
  'expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)';
const BEGIN = /-----BEGIN ([^\r\n-]*)-----/g;
const END_CERTIFICATE = '-----END CERTIFICATE-----';

/** A block's label (PRIVATE KEY, X509 CRL) is named only when it looks like one: it was typed by someone. */
function labelOf(label: string): string {
  return /^[A-Z0-9 ]{1,40}$/.test(label) ? `a ${label}` : 'something else';
}

/** What is wrong with each PEM block of `text`, by position; text between blocks is ignored, as TLS does. */
function certificateProblems(text: string): string[] {
  const begins = [...text.matchAll(BEGIN)];
  if (begins.length === 0) return [EXPECTED];
  return begins.flatMap((begin, i) => {
    const name = begins.length === 1 ? 'the certificate' : `certificate ${i + 1} of ${begins.length}`;
    const label = begin[1] ?? '';
    if (label !== 'CERTIFICATE')
      return [
        `${name} is ${labelOf(label)}, not a certificate: expected only -----BEGIN CERTIFICATE----- blocks`,
      ];
    const block = text.slice(begin.index, begins[i + 1]?.index ?? text.length);
    const end = block.indexOf(END_CERTIFICATE);
    if (end === -1)
      return [
        `${name} has no ${END_CERTIFICATE} line before ${i + 1 < begins.length ? 'the next one' : 'the end'}`,
      ];
    try {
      new X509Certificate(block.slice(0, end + END_CERTIFICATE.length));
    } catch {
      // OpenSSL's reason (e.g. "header too long") helps no one; where the bad one is does.
      return [`${name} cannot be read as an X.509 certificate: a line is missing or changed`];
    }
    return [];
  });
}

/**
 * Extra CA certificates to trust (a tenant's graph.caCertificates, mail.caCertificates,
 * admin.oidc.caCertificates), as PEM text. Each is
 * parsed now: a typo would otherwise show only as a TLS failure, long after the start.
 */
export const pemCertificatesSchema = z.string({ error: EXPECTED }).superRefine((text, ctx) => {
  for (const message of certificateProblems(text)) ctx.addIssue({ code: 'custom', message });
});
