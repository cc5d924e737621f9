import type { InvalidSetting, ManagedSettingKey } from '@passgate/core/m365';

/** What is wrong with each refused field, in words for the person (no setting keys). */
export type FieldErrors = Partial<Record<ManagedSettingKey, string>>;

/**
 * One message per field from the settings that did not parse. A list with several bad lines repeats
 * the same complaint once per line: say it once.
 */
export function fieldErrors(invalid: readonly InvalidSetting[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { key, message } of invalid) {
    const unique = [...new Set(message.split('; '))].join('; ');
    errors[key as ManagedSettingKey] = unique.charAt(0).toUpperCase() + unique.slice(1);
  }
  return errors;
}

/** The control to focus after a refused save: the first refused field in the form's order. */
export function firstErrorControl(form: HTMLFormElement, errors: FieldErrors): HTMLElement | null {
  for (const field of form.querySelectorAll<HTMLElement>('[data-key]')) {
    const key = field.dataset.key as ManagedSettingKey;
    if (errors[key] === undefined) continue;
    return field.querySelector<HTMLElement>('input, textarea');
  }
  return null;
}
