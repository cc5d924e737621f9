import { generate } from 'selfsigned';

export interface EmulatorCertificates {
  caCertificatePem: string;
  serverKeyPem: string;
  serverCertificatePem: string;
}

/**
 * A throwaway CA and a server certificate it signs, made at every start: clients trust the CA
 * through `caCertificates`, as they would a corporate CA, never by switching verification off.
 */
export async function generateEmulatorCertificates(): Promise<EmulatorCertificates> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'Passgate M365 emulator test CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caCertificatePem: ca.cert, serverKeyPem: server.private, serverCertificatePem: server.cert };
}
