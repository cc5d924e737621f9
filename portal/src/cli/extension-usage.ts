/** Kept apart from the command so `passgate --help` can print it without loading the extension kit. */
export const EXTENSION_USAGE = `passgate extension — package, sign, host and force-install the browser extension

Usage:
  passgate extension keygen [--out KEY.pem]
  passgate extension pack --public-url URL [--key KEY.pem] [--out-dir DIR] [--build-dir DIR] [--gecko-id ID]
  passgate extension policy --browser chrome|chromium|edge|firefox --platform windows|macos|linux
      [--format reg|intune|mobileconfig|json] [--portal-url URL] [--public-url URL]
      [--set key=value ...] [--disable-incognito] [--extension-id ID] [--out FILE]
  passgate extension policy --windows-sign-in [--format reg|intune] [--out FILE]
      (Windows policy that removes "Reset password" from the sign-in screen)
  passgate extension settings     (lists the managed settings --set takes)
  passgate extension coverage [--json]   (where the extension runs, from its heartbeats)

--config FILE (or PASSGATE_CONFIG) supplies publicUrl and the "extension" section (keyPath,
artefactsDir, adminToken, managed). See docs/deploy.md.`;
