import type { ErrorItem } from './error-summary.js';

/** A problem on a security-info page: the words, and the id of the input that fixes it (or null). */
export interface AccountProblem {
  fieldId: string | null;
  words: string;
}

/** The items for the error summary. */
export function summaryOf(problems: readonly AccountProblem[]): ErrorItem[] {
  return problems.map((problem) => ({ fieldId: problem.fieldId, words: problem.words }));
}

/** The words shown beside one input. */
export function errorsFor(problems: readonly AccountProblem[], fieldId: string): string[] {
  return problems.filter((problem) => problem.fieldId === fieldId).map((problem) => problem.words);
}
