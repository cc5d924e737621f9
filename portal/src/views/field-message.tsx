/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

/** The id of a field's error message, referenced by the input's aria-describedby. */
export function errorIdFor(fieldId: string): string {
  return `${fieldId}-error`;
}

/** The id of a field's hint, referenced by the input's aria-describedby. */
export function hintIdFor(fieldId: string): string {
  return `${fieldId}-hint`;
}

/** Joins the ids that describe an input: its hint, its error, and any extras such as a requirement list. */
export function describedBy(
  fieldId: string,
  parts: { hint: boolean; errors: readonly string[] },
  extra: readonly string[] = [],
): string | undefined {
  const ids = [
    ...(parts.hint ? [hintIdFor(fieldId)] : []),
    ...(parts.errors.length > 0 ? [errorIdFor(fieldId)] : []),
    ...extra,
  ];
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** A field's error text, shown above its input (where a screen magnifier user will see it). */
export function FieldErrors({
  fieldId,
  errors,
}: {
  fieldId: string;
  errors: readonly string[];
}): VNode | null {
  const { t } = useMessages();
  if (errors.length === 0) return null;
  return (
    <p id={errorIdFor(fieldId)} class="field__error">
      <span class="visually-hidden">{t('field.errorPrefix')}</span>
      {errors.join(' ')}
    </p>
  );
}
