/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { type AccountProblem, errorsFor } from './account-problems.js';
import { CodeField } from './code-field.js';
import { useMessages } from './page-language.js';

/** One way of proving who one is by a code (authenticator, mailed code, recovery code): security info's second step and /reset alike. */
export function FactorCodeForm(props: {
  action: string;
  csrfToken: string;
  factor: string;
  /** The code input's id, which the factor's refusals link to. */
  fieldId: string;
  label: string;
  hint: string;
  numeric: boolean;
  problems: readonly AccountProblem[];
}): VNode {
  const { t } = useMessages();
  return (
    <form class="form" method="post" action={props.action} novalidate>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="factor" value={props.factor} />
      <CodeField
        id={props.fieldId}
        name="code"
        label={props.label}
        hint={props.hint}
        numeric={props.numeric}
        errors={errorsFor(props.problems, props.fieldId)}
      />
      <button type="submit" class="button">
        {t('common.continue')}
      </button>
    </form>
  );
}
