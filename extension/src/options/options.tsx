import {
  CLOUD_IDS,
  type ManagedSettingKey,
  microsoftClouds,
  PASSWORD_PAGE_IDS,
  passwordPages,
} from '@passgate/core/m365';
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n.js';
import { PolicyProblems } from '../lib/policy-problems.js';
import { saveUserOptions } from '../lib/settings-store.js';
import { useSettings } from '../lib/use-settings.js';
import { type Draft, draftFrom, optionsFromDraft } from './draft.js';
import { type FieldErrors, fieldErrors, firstErrorControl } from './field-errors.js';
import { settingHint } from './setting-texts.js';

export function Options(): JSX.Element {
  const resolved = useSettings();
  const [draft, setDraft] = useState<Draft>();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [errors, setErrors] = useState<FieldErrors>({});
  // Bumped on every refused save, so focus moves to the first error again even when the errors are the same.
  const [refusals, setRefusals] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resolved !== undefined) setDraft(draftFrom(resolved.effective));
  }, [resolved]);
  useEffect(() => {
    if (refusals > 0 && form.current !== null) firstErrorControl(form.current, errors)?.focus();
  }, [refusals, errors]);
  if (resolved === undefined || draft === undefined) return <p>{t('extension.loading')}</p>;
  // Under policy every setting is the organisation's: shown, never editable (policy wins whole);
  // the fieldset disables every control in it.
  const managed = resolved.managed;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft({ ...draft, [key]: value });

  // Each control names its description and, when refused, its error (aria-describedby) and says it is
  // invalid (aria-invalid): a screen reader reads the field, what is wrong, and what is expected.
  const described = (key: ManagedSettingKey) => ({
    'aria-describedby': errors[key] === undefined ? `${key}-hint` : `${key}-error ${key}-hint`,
    'aria-invalid': errors[key] === undefined ? undefined : ('true' as const),
  });
  const lock = (key: ManagedSettingKey): JSX.Element | null =>
    managed ? (
      <span class="lock" data-testid={`locked-${key}`}>
        {t('extension.managedBadge')}
      </span>
    ) : null;
  const error = (key: ManagedSettingKey): JSX.Element | null =>
    errors[key] === undefined ? null : (
      <p class="error field-error" id={`${key}-error`}>
        {errors[key]}
      </p>
    );
  const hint = (key: ManagedSettingKey): JSX.Element => (
    <div class="muted" id={`${key}-hint`}>
      {settingHint(key)}
    </div>
  );
  const field = (key: ManagedSettingKey, label: string, control: ComponentChildren): JSX.Element => (
    <div class={errors[key] === undefined ? 'field' : 'field field--error'} data-key={key}>
      <label class="name" for={key}>
        {label}
        {lock(key)}
      </label>
      {error(key)}
      {control}
      {hint(key)}
    </div>
  );
  // A list of checkboxes is a group: its name is a legend, and the group carries the description and error.
  const group = (key: 'interceptIds' | 'clouds', label: string, control: ComponentChildren): JSX.Element => (
    <fieldset
      class={errors[key] === undefined ? 'field' : 'field field--error'}
      data-key={key}
      {...described(key)}
    >
      <legend class="name">
        {label}
        {lock(key)}
      </legend>
      {error(key)}
      {control}
      {hint(key)}
    </fieldset>
  );
  const textInput = (key: 'portalUrl' | 'organisationName' | 'supportUrl'): JSX.Element => (
    <input
      id={key}
      type="text"
      value={draft[key]}
      {...described(key)}
      onInput={(event) => set(key, event.currentTarget.value)}
    />
  );
  const checkbox = (key: 'enabled' | 'showExpiredPasswordNotice'): JSX.Element => (
    <input
      id={key}
      type="checkbox"
      checked={draft[key]}
      {...described(key)}
      onChange={(event) => set(key, event.currentTarget.checked)}
    />
  );
  const textarea = (key: 'extraUrlPatterns' | 'excludeUrlPatterns' | 'tenantDomains'): JSX.Element => (
    <textarea
      id={key}
      rows={3}
      value={draft[key]}
      {...described(key)}
      onInput={(event) => set(key, event.currentTarget.value)}
    />
  );

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (managed) return;
    const { options, invalid } = optionsFromDraft(draft);
    if (invalid.length > 0) {
      // Each message goes beside its field, under the field's own label: never a setting's internal key.
      setErrors(fieldErrors(invalid));
      setMessage({ error: true, text: t('extension.optionsNotSaved') });
      setRefusals((count) => count + 1);
      return;
    }
    setErrors({});
    await saveUserOptions(options);
    setMessage({ error: false, text: t('extension.saved') });
  };

  return (
    <form ref={form} noValidate onSubmit={(event) => void save(event)}>
      <h1>{t('extension.optionsTitle')}</h1>
      <p class={managed ? 'status' : 'muted'} data-testid="policy-summary">
        {managed ? t('extension.optionsManaged') : t('extension.optionsNotManaged')}
      </p>
      <PolicyProblems resolved={resolved} />
      <fieldset disabled={managed}>
        {field('portalUrl', t('extension.fieldPortalUrl'), textInput('portalUrl'))}
        {field('enabled', t('extension.fieldEnabled'), checkbox('enabled'))}
        {group(
          'interceptIds',
          t('extension.fieldInterceptIds'),
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
        {group(
          'clouds',
          t('extension.fieldClouds'),
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
          t('extension.fieldShowExpiredPasswordNotice'),
          checkbox('showExpiredPasswordNotice'),
        )}
        {field('extraUrlPatterns', t('extension.fieldExtraUrlPatterns'), textarea('extraUrlPatterns'))}
        {field('excludeUrlPatterns', t('extension.fieldExcludeUrlPatterns'), textarea('excludeUrlPatterns'))}
        {field('tenantDomains', t('extension.fieldTenantDomains'), textarea('tenantDomains'))}
        {field('organisationName', t('extension.fieldOrganisationName'), textInput('organisationName'))}
        {field('supportUrl', t('extension.fieldSupportUrl'), textInput('supportUrl'))}
      </fieldset>
      {managed ? null : (
        <button type="submit" class="primary">
          {t('extension.save')}
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
