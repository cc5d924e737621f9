/** The exact steps to get the unsigned XPI signed by Mozilla for self-distribution (Firefox installs nothing else). */
export function firefoxSigningSteps(options: {
  unsignedXpi: string;
  sourceDir: string;
  signedXpi: string;
}): string {
  return `Firefox only installs add-ons signed by Mozilla. To sign ${options.unsignedXpi} for your own distribution ("unlisted", not public on addons.mozilla.org):
  1. Sign in at https://addons.mozilla.org/developers/ with the organisation's account and create API credentials at https://addons.mozilla.org/developers/addon/api/key/ (a JWT issuer and secret).
  2. Run, from any machine with Node:
       npx web-ext sign --channel=unlisted --source-dir ${options.sourceDir} --api-key "$AMO_JWT_ISSUER" --api-secret "$AMO_JWT_SECRET" --artifacts-dir ./signed
     (or upload ${options.unsignedXpi} at https://addons.mozilla.org/developers/addon/submit/distribution and choose "On your own").
  3. Copy the signed .xpi to ${options.signedXpi}; the portal then serves it at /extension/passgate.xpi, the install_url in Firefox's policies.json.
  Each new version needs a higher version number and a new signature.`;
}
