import { checkMessageOverrides, LANGUAGES } from '@passgate/core/i18n';
import { z } from 'zod';

/** The language of pages when the browser asks for none we ship, and of mails to people never seen. */
export const defaultLanguageSchema = z
  .enum(LANGUAGES, { error: `expected one of the shipped languages: ${LANGUAGES.join(', ')}` })
  .default('en');

/**
 * The organisation's own wording, per language and message key (`messages: { de: { "support.default":
 * "…" } }`). Checked at start: an unknown language or key, invalid ICU, or placeholders that differ
 * from the original are config errors naming the key.
 */
export const messagesConfigSchema = z
  .record(z.string(), z.record(z.string(), z.string().min(1, { error: 'expected the message text' })))
  .default({})
  .superRefine((overrides, ctx) => {
    for (const problem of checkMessageOverrides(overrides)) {
      ctx.addIssue({
        code: 'custom',
        path: problem.key === null ? [problem.language] : [problem.language, problem.key],
        message: problem.message,
      });
    }
  });

export type MessageOverrides = z.output<typeof messagesConfigSchema>;
