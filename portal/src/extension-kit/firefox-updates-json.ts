export interface FirefoxUpdateEntry {
  geckoId: string;
  version: string;
  /** Absolute URL of the signed XPI. */
  updateLink: string;
  /** Hex sha256 of that XPI; Firefox refuses a download that does not match. */
  sha256: string;
}

/**
 * Firefox's update manifest for a self-distributed add-on
 * (https://extensionworkshop.com/documentation/manage/updating-your-extension/).
 */
export function firefoxUpdatesJson(entry: FirefoxUpdateEntry): string {
  const update = {
    version: entry.version,
    update_link: entry.updateLink,
    update_hash: `sha256:${entry.sha256}`,
  };
  return `${JSON.stringify({ addons: { [entry.geckoId]: { updates: [update] } } }, null, 2)}\n`;
}
