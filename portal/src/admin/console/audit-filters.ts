import { AUDIT_EVENT_TYPES } from '@passgate/core/events';
import { z } from 'zod';
import { withoutNul } from '../../http/without-nul.js';

const empty = (value: unknown): unknown => (value === '' ? undefined : value);

/**
 * A day (YYYY-MM-DD) or a moment (YYYY-MM-DDTHH:MM, as <input type="datetime-local"> sends), read as UTC.
 * `to` a day means to the end of that day: the bound is exclusive, the next midnight.
 */
const moment = (dayEnds: boolean) =>
  z.preprocess(
    empty,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/, {
        error: 'expected a date such as 2026-11-30 or 2026-11-30T14:00',
      })
      .transform((value) =>
        value.length === 10
          ? new Date(Date.parse(`${value}T00:00:00Z`) + (dayEnds ? 86_400_000 : 0))
          : new Date(`${value}Z`),
      )
      .refine((date) => !Number.isNaN(date.getTime()), { error: 'expected a real date' })
      .optional(),
  );

/** The audit log's query string; the same filters serve the page and the exports. */
export const auditFiltersSchema = z.object({
  user: z.preprocess(empty, z.string().trim().toLowerCase().max(320).refine(withoutNul).optional()),
  type: z.preprocess(empty, z.enum(AUDIT_EVENT_TYPES).optional()),
  from: moment(false),
  to: moment(true),
  initiator: z.preprocess(empty, z.string().trim().toLowerCase().max(320).refine(withoutNul).optional()),
  /** The seq of the last row on the previous page (newest first: keyset, never OFFSET). */
  before: z.preprocess(empty, z.coerce.number().int().positive().optional()),
});

export type AuditFilters = z.output<typeof auditFiltersSchema>;
