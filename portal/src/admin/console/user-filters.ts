import { z } from 'zod';
import { withoutNul } from '../../http/without-nul.js';

export const STATE_FILTERS = ['active', 'expired', 'locked', 'suspended', 'pending_activation'] as const;
export const SYNC_FILTERS = ['failed', 'waiting', 'in_step'] as const;

export type StateFilter = (typeof STATE_FILTERS)[number];
export type SyncFilter = (typeof SYNC_FILTERS)[number];

const empty = (value: unknown): unknown => (value === '' ? undefined : value);

/** The users list's query string: every field optional; an empty field is no filter. */
export const userFiltersSchema = z.object({
  q: z.preprocess(empty, z.string().trim().max(320).refine(withoutNul).optional()),
  state: z.preprocess(empty, z.enum(STATE_FILTERS).optional()),
  tenant: z.preprocess(empty, z.string().max(200).refine(withoutNul).optional()),
  sync: z.preprocess(empty, z.enum(SYNC_FILTERS).optional()),
  /** The last e-mail of the previous page (keyset pagination: never an OFFSET). */
  after: z.preprocess(empty, z.string().max(320).refine(withoutNul).optional()),
});

export type UserFilters = z.output<typeof userFiltersSchema>;
