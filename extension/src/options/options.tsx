import {
  CLOUD_IDS,
  type ManagedSettingKey,
  managedSettingDescriptions,
  microsoftClouds,
  PASSWORD_PAGE_IDS,
  passwordPages,
} from '@passgate/core/m365';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { PolicyProblems } from '../lib/policy-problems.js';
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
  // Under policy every setting is the organisation's: shown, never editable (policy wins whole);
  // the fieldset disables every control in it.
  const managed = resolved.managed;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft({ ...draft, [key]: value });

  const field = (key: ManagedSettingKey, label: string, control: ComponentChildren): JSX.Element => (
    <div class="field" data-key={key}>
      <label class="name" for={key}>
        {label}
        {managed ? (
          <span class="lock" data-testid={`locked-${key}`}>
            Managed by your organisation
          </span>
        ) : null}
      </label>
      {control}
      <div class="muted">{managedSettingDescriptions[key]}</div>
    </div>
  );
  const textInput = (key: 'portalUrl' | 'organisationName' | 'supportUrl'): JSX.Element => (
    <input id={key} type="text" value={draft[key]} onInput={(event) => set(key, event.currentTarget.value)} />
  );
  const checkbox = (key: 'enabled' | 'showExpiredPasswordNotice'): JSX.Element => (
    <input
      id={key}
      type="checkbox"
      checked={draft[key]}
      onChange={(event) => set(key, event.currentTarget.checked)}
    />
  );
  const textarea = (key: 'extraUrlPatterns' | 'excludeUrlPatterns' | 'tenantDomains'): JSX.Element => (
    <textarea id={key} rows={3} value={draft[key]} onInput={(event) => set(key, event.currentTarget.value)} />
  );

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (managed) return;
    const { options, invalid } = optionsFromDraft(draft);
    if (invalid.length > 0) {
      setMessage({ error: true, text: invalid.map((entry) => `${entry.key}: ${entry.message}`).join('. ') });
      return;
    }
    await saveUserOptions(options);
    setMessage({ error: false, text: 'Saved.' });
  };

  return (
    <form onSubmit={(event) => void save(event)}>
      <h1>Passgate options</h1>
      <p class={managed ? 'status' : 'muted'} data-testid="policy-summary">
        {managed
          ? 'Managed by your organisation: these settings come from its policy and cannot be changed here.'
          : 'No organisation policy applies: every setting below is yours to change.'}
      </p>
      <PolicyProblems resolved={resolved} />
      <fieldset disabled={managed}>
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
          'clouds',
          'Microsoft clouds to cover',
          CLOUD_IDS.map((id) => (
            <label key={id} style={{ display: 'block' }}>
              <input
                type="checkbox"
                name="clouds"
                value={id}
                checked={draft.clouds.includes(id)}
                onChange={(event) =>
                  set(
                    'clouds',
                    event.currentTarget.checked
                      ? [...draft.clouds, id]
                      : draft.clouds.filter((other) => other !== id),
                  )
                }
              />{' '}
              {microsoftClouds.find((cloud) => cloud.id === id)?.name ?? id}
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
        {field(
          'tenantDomains',
          "Your organisation's e-mail domains (one per line)",
          textarea('tenantDomains'),
        )}
        {field('organisationName', 'Organisation name', textInput('organisationName'))}
        {field('supportUrl', 'Support URL', textInput('supportUrl'))}
      </fieldset>
      {managed ? null : (
        <button type="submit" class="primary">
          Save
        </button>
      )}{' '}
      {message === undefined ? null : (
        <span role="status" class={message.error ? 'error' : ''}>
          {message.text}
        </span>
      )}
    </form>
  );
}
