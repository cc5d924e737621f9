import { type RawBuilder, sql } from 'kysely';
import type { DialectName } from './dialect-of.js';

/**
 * Who started an audit event, as one lower-cased string read out of its JSON body: the e-mail when the
 * event has one, else the id (passgate-sync, cli …). Migration 0011 indexes exactly this expression;
 * a query must use it as is for the index to serve it (the log is append-only, so no column is added
 * and back-filled: an UPDATE of audit_events is refused by the database).
 */
export function auditInitiator(dialect: DialectName): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<
        string | null
      >`lower(coalesce((body::jsonb) -> 'initiated_by' ->> 'email', (body::jsonb) -> 'initiated_by' ->> 'id'))`
    : sql<
        string | null
      >`lower(coalesce(json_extract(body, '$.initiated_by.email'), json_extract(body, '$.initiated_by.id')))`;
}
