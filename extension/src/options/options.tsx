import {
  type ManagedSettingKey,
  managedSettingDescriptions,
  PASSWORD_PAGE_IDS,
  passwordPages,
} from '@passgate/core/m365';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { saveUserOptions } from '../lib/settings-store.js';
import { useSettings } from '../lib/use-settings.js';
import { type Draft, draftFrom, optionsFromDraft } from './draft.js';

export function Options(): JSX.Element {
  const resolved = useSettings();
  const [draft, setDraft] = useState<Draft>();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  useEffect(() => {
    if (resolved !== undefined) setDraft(draftFrom(resolved.effective));
  }, [resolved]);
  if (resolved === undefined || draft === undefined) return <p>Loading…</p>;
  const locked = resolved.locked;
  const isLocked = (key: ManagedSettingKey): boolean => locked.includes(key);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft({ ...draft, [key]: value });

  const field = (key: ManagedSettingKey, label: string, control: ComponentChildren): JSX.Element => (
    <div class="field" data-key={key}>
      <label class="name" for={key}>
        {label}
        {isLocked(key) ? (
          <span class="lock" data-testid={`locked-${key}`}>
            Locked by your organisation
          </span>
        ) : null}
      </label>
      {control}
      <div class="muted">{managedSettingDescriptions[key]}</div>
    </div>
  );
  const textInput = (key: 'portalUrl' | 'organisationName' | 'supportUrl'): JSX.Element => (
    <input
      id={key}
      type="text"
      value={draft[key]}
      disabled={isLocked(key)}
      onInput={(event) => set(key, event.currentTarget.value)}
    />
  );
  const checkbox = (key: 'enabled' | 'showExpiredPasswordNotice'): JSX.Element => (
    <input
      id={key}
      type="checkbox"
      checked={draft[key]}
      disabled={isLocked(key)}
      onChange={(event) => set(key, event.currentTarget.checked)}
    />
  );
  const textarea = (key: 'extraUrlPatterns' | 'excludeUrlPatterns'): JSX.Element => (
    <textarea
      id={key}
      rows={3}
      value={draft[key]}
      disabled={isLocked(key)}
      onInput={(event) => set(key, event.currentTarget.value)}
    />
  );

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const { options, invalid } = optionsFromDraft(draft, locked);
    if (invalid.length > 0) {
      setMessage({ error: true, text: invalid.map((entry) => `${entry.key}: ${entry.message}`).join('. ') });
      return;
    }
    await saveUserOptions(options, locked);
    setMessage({ error: false, text: 'Saved.' });
  };

  return (
    <form onSubmit={(event) => void save(event)}>
      <h1>Passgate options</h1>
      <p class="muted" data-testid="policy-summary">
        {locked.length === 0
          ? 'No organisation policy applies: every setting below is yours to change.'
          : `Your organisation sets ${locked.length} of these settings by policy; those are locked.`}
      </p>
      {field('portalUrl', 'Password portal URL', textInput('portalUrl'))}
      {field('enabled', 'Redirect password pages', checkbox('enabled'))}
      {field(
        'interceptIds',
        'Microsoft pages to redirect',
        PASSWORD_PAGE_IDS.map((id) => (
          <label key={id} style={{ display: 'block' }}>
            <input
              type="checkbox"
              name="interceptIds"
              value={id}
              checked={draft.interceptIds.includes(id)}
              disabled={isLocked('interceptIds')}
              onChange={(event) =>
                set(
                  'interceptIds',
                  event.currentTarget.checked
                    ? [...draft.interceptIds, id]
                    : draft.interceptIds.filter((other) => other !== id),
                )
              }
            />{' '}
            {passwordPages.find((page) => page.id === id)?.description ?? id}
          </label>
        )),
      )}
      {field(
        'showExpiredPasswordNotice',
        'Explain before leaving the expired-password page',
        checkbox('showExpiredPasswordNotice'),
      )}
      {field(
        'extraUrlPatterns',
        'More pages to redirect (one pattern per line)',
        textarea('extraUrlPatterns'),
      )}
      {field(
        'excludeUrlPatterns',
        'Pages never to redirect (one pattern per line)',
        textarea('excludeUrlPatterns'),
      )}
      {field('organisationName', 'Organisation name', textInput('organisationName'))}
      {field('supportUrl', 'Support URL', textInput('supportUrl'))}
      <button type="submit" class="primary">
        Save
      </button>{' '}
      {message === undefined ? null : (
        <span role="status" class={message.error ? 'error' : ''}>
          {message.text}
        </span>
      )}
    </form>
  );
}
