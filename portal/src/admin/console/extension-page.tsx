/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import type { VNode } from 'preact';
import type { PolicyTarget } from '../../extension-kit/policy-target.js';
import type { ReleaseRecord } from '../../extension-kit/release-record.js';
import { useMessages } from '../../views/page-language.js';
import { formatTime } from './console-format.js';
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

/** Product names: the same in every language. */
const NAMES = {
  chrome: 'Chrome',
  edge: 'Edge',
  chromium: 'Chromium',
  firefox: 'Firefox',
  windows: 'Windows',
  macos: 'macOS',
  linux: 'Linux',
} as const;

const FORMAT_KEYS = {
  reg: 'console.extension.format.reg',
  intune: 'console.extension.format.intune',
  mobileconfig: 'console.extension.format.mobileconfig',
  json: 'console.extension.format.json',
} as const satisfies Record<PolicyTarget['format'], MessageKey>;

/** A command inside a sentence, as code: the sentence is split where its {command} goes. */
function withCommand(text: string, marker: string, command: string): VNode {
  const [before = '', after = ''] = text.split(marker);
  return (
    <>
      {before}
      <code>{command}</code>
      {after}
    </>
  );
}

/** The packed extension and its policy files (admin only). */
export function ExtensionPage(props: { view: ConsoleView; release: ReleaseRecord | null }): VNode {
  const { release } = props;
  const messages = useMessages();
  const { t } = messages;
  // A marker no translation contains: where the command goes in the translated sentence.
  const marker = '\u0000';
  const packedAt = release === null ? Number.NaN : Date.parse(release.packedAt);
  return (
    <ConsoleFrame view={props.view} title={t('console.extension.title')} section="extension">
      {release === null ? (
        <p role="status">
          {withCommand(
            t('console.extension.notPacked', { command: marker }),
            marker,
            'passgate extension pack',
          )}
        </p>
      ) : (
        <>
          <dl class="console-facts">
            <dt>{t('console.extension.version')}</dt>
            <dd>{release.version}</dd>
            <dt>{t('console.extension.chromeId')}</dt>
            <dd>
              <code>{release.extensionId}</code>
            </dd>
            <dt>{t('console.extension.firefoxId')}</dt>
            <dd>
              {release.geckoId === null ? t('console.extension.notBuilt') : <code>{release.geckoId}</code>}
            </dd>
            <dt>{t('console.extension.packed')}</dt>
            <dd>{Number.isNaN(packedAt) ? release.packedAt : formatTime(messages, packedAt)}</dd>
          </dl>
          <h2>{t('console.extension.policyFiles')}</h2>
          <ul>
            {POLICY_TARGETS.map((target) => (
              <li key={`${target.browser}-${target.platform}-${target.format}`}>
                <a
                  href={`/admin/extension/download?browser=${target.browser}&platform=${target.platform}&format=${target.format}`}
                >
                  {t('console.extension.target', {
                    browser: NAMES[target.browser],
                    platform: NAMES[target.platform],
                    format: t(FORMAT_KEYS[target.format]),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </ConsoleFrame>
  );
}
