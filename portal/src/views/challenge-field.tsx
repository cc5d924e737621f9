/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import {
  CHALLENGE_DATA_ID,
  CHALLENGE_FIELD_NAME,
  CHALLENGE_SAY,
  CHALLENGE_STATUS_ID,
  type PageChallenge,
} from './challenge-props.js';
import { JsonDataBlock } from './json-data-block.js';
import { useMessages } from './page-language.js';

/**
 * Inside a guarded form: the hidden field the island fills with the solved proof of work, the words
 * the island says while it works (a live region), and for a browser without JavaScript, why this step
 * cannot be sent from it. Nothing when the page asks for no proof of work.
 */
export function ChallengeField({ challenge }: { challenge: PageChallenge | null }): VNode | null {
  const { t } = useMessages();
  if (challenge === null) return null;
  return (
    <>
      <input type="hidden" name={CHALLENGE_FIELD_NAME} value="" />
      <noscript>
        <p class="notice" role="note">
          <strong>{t('challenge.needsScriptTitle')}</strong> {t('challenge.needsScript')}
        </p>
      </noscript>
      <p
        class="challenge-status"
        id={CHALLENGE_STATUS_ID}
        role="status"
        {...{
          [CHALLENGE_SAY.checking]: t('challenge.checking'),
          [CHALLENGE_SAY.failed]: t('challenge.failed'),
        }}
      />
    </>
  );
}

/** At the end of the page: the challenge as inert JSON and the island that solves it. */
export function ChallengeScripts({ challenge }: { challenge: PageChallenge | null }): VNode | null {
  if (challenge === null) return null;
  return (
    <>
      <JsonDataBlock id={CHALLENGE_DATA_ID} data={challenge.challenge} />
      {challenge.islandSrc !== null && <script type="module" src={challenge.islandSrc} />}
    </>
  );
}
