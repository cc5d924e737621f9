export interface UpdateManifestEntry {
  extensionId: string;
  version: string;
  /** Absolute URL of the CRX. */
  codebase: string;
  /** Hex sha256 of the CRX; Chrome refuses a download that does not match. */
  crxSha256: string;
}

function xmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');
}

/**
 * The gupdate update manifest Chrome and Edge poll for a self-hosted extension
 * (https://developer.chrome.com/docs/extensions/how-to/distribute/host-on-linux#update_url).
 */
export function updatesXml(entry: UpdateManifestEntry): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${xmlAttribute(entry.extensionId)}'>`,
    `    <updatecheck codebase='${xmlAttribute(entry.codebase)}' version='${xmlAttribute(entry.version)}' hash_sha256='${entry.crxSha256}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
