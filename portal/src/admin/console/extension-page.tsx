/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { PolicyTarget } from '../../extension-kit/policy-target.js';
import type { ReleaseRecord } from '../../extension-kit/release-record.js';
import { ConsoleFrame, type ConsoleView } from './console-frame.js';

/** Every policy file `passgate extension policy` writes: each browser on each platform, in each format. */
export const POLICY_TARGETS: readonly PolicyTarget[] = [
  { browser: 'chrome', platform: 'windows', format: 'reg' },
  { browser: 'chrome', platform: 'windows', format: 'intune' },
  { browser: 'chrome', platform: 'macos', format: 'mobileconfig' },
  { browser: 'chrome', platform: 'linux', format: 'json' },
  { browser: 'edge', platform: 'windows', format: 'reg' },
  { browser: 'edge', platform: 'windows', format: 'intune' },
  { browser: 'edge', platform: 'macos', format: 'mobileconfig' },
  { browser: 'edge', platform: 'linux', format: 'json' },
  { browser: 'chromium', platform: 'linux', format: 'json' },
  { browser: 'firefox', platform: 'windows', format: 'json' },
  { browser: 'firefox', platform: 'macos', format: 'json' },
  { browser: 'firefox', platform: 'linux', format: 'json' },
];

const NAMES = {
  chrome: 'Chrome',
  edge: 'Edge',
  chromium: 'Chromium',
  firefox: 'Firefox',
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
  reg: '.reg file',
  intune: 'Intune script settings',
  mobileconfig: 'configuration profile',
  json: 'JSON policy',
} as const;

/** The packed extension and its policy files (admin only). */
export function ExtensionPage(props: { view: ConsoleView; release: ReleaseRecord | null }): VNode {
  const { release } = props;
  return (
    <ConsoleFrame view={props.view} title="Browser extension" section="extension">
      {release === null ? (
        <p role="status">
          The extension has not been packed yet: run <code>passgate extension pack</code> on the server, then
          come back for the policy files.
        </p>
      ) : (
        <>
          <dl class="console-facts">
            <dt>Version</dt>
            <dd>{release.version}</dd>
            <dt>Chrome and Edge id</dt>
            <dd>
              <code>{release.extensionId}</code>
            </dd>
            <dt>Firefox id</dt>
            <dd>{release.geckoId === null ? 'not built' : <code>{release.geckoId}</code>}</dd>
            <dt>Packed</dt>
            <dd>{release.packedAt}</dd>
          </dl>
          <h2>Policy files</h2>
          <ul>
            {POLICY_TARGETS.map((t) => (
              <li key={`${t.browser}-${t.platform}-${t.format}`}>
                <a
                  href={`/admin/extension/download?browser=${t.browser}&platform=${t.platform}&format=${t.format}`}
                >
                  {NAMES[t.browser]} on {NAMES[t.platform]}: {NAMES[t.format]}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </ConsoleFrame>
  );
}
