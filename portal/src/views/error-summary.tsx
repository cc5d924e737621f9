/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { useMessages } from './page-language.js';

export interface ErrorItem {
  /** The id of the input that fixes it, or null when no field can. */
  fieldId: string | null;
  words: string;
}

export const ERROR_SUMMARY_ID = 'error-summary';

/**
 * The list of problems at the top of a form, each linked to its field (`href="#id"`). It takes
 * focus when the page loads (`autofocus`, no script needed), so a screen reader reads it first.
 */
export function ErrorSummary({ errors }: { errors: readonly ErrorItem[] }): VNode | null {
  const { t } = useMessages();
  if (errors.length === 0) return null;
  return (
    <div
      id={ERROR_SUMMARY_ID}
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      autofocus
    >
      <h2 id="error-summary-title" class="error-summary__title">
        {t('errorSummary.title', { count: errors.length })}
      </h2>
      <ul class="error-summary__list">
        {errors.map((error) => (
          <li key={`${error.fieldId ?? ''}:${error.words}`}>
            {error.fieldId === null ? error.words : <a href={`#${error.fieldId}`}>{error.words}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}
