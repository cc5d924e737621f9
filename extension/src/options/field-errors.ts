import type { InvalidSetting, ManagedSettingKey } from '@passgate/core/m365';
import { isSettingKey, settingInvalid } from './setting-texts.js';

/** What is wrong with each refused field, in words for the person (no setting keys). */
export type FieldErrors = Partial<Record<ManagedSettingKey, string>>;

/**
 * One message per refused field, in the browser's language: what a valid value looks like (the
 * extension's own message for the setting, never the schema's English words or a setting's key).
 * A list with several bad lines gets it once.
 */
export function fieldErrors(invalid: readonly InvalidSetting[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { key } of invalid) if (isSettingKey(key)) errors[key] = settingInvalid(key);
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
