import { request } from 'node:https';
import type { M365Emulator, OutsidePasswordChange } from '@passgate/test/m365-emulator';

/**
 * Changes a password through one of Microsoft's other doors over the emulator's HTTPS control API, as
 * a shell with curl would: what causes drift in tests and the demo. Returns what the emulator answered.
 */
export function changePasswordElsewhere(
  emulator: Pick<M365Emulator, 'origin' | 'caCertificatePem'>,
  tenantId: string,
  upn: string,
  change: OutsidePasswordChange,
): Promise<{ lastPasswordChangeDateTime: string; activities: string[] }> {
  const url = `${emulator.origin}/_emulator/api/tenants/${tenantId}/users/${encodeURIComponent(upn)}/change-password`;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca: emulator.caCertificatePem, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`control API answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as { lastPasswordChangeDateTime: string; activities: string[] });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(change));
  });
}
