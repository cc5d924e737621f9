/**
 * Chrome's extension id for a public key: the first 128 bits of sha256 over the DER
 * SubjectPublicKeyInfo, each hex digit 0-f written as a letter a-p. This is the id policy files
 * must name (`3rdparty.extensions.<id>`, ExtensionInstallForcelist), so it is computed here once.
 * Uses WebCrypto, present in browsers and in Node 20.
 */
export async function chromeExtensionId(spkiDer: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', spkiDer));
  let id = '';
  for (const byte of digest.subarray(0, 16)) {
    id += String.fromCharCode(97 + (byte >> 4), 97 + (byte & 0x0f));
  }
  return id;
}

/** The id for a manifest `key` value (base64 DER SubjectPublicKeyInfo). */
export async function chromeExtensionIdFromManifestKey(base64Key: string): Promise<string> {
  const binary = atob(base64Key);
  const der = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return chromeExtensionId(der);
}
