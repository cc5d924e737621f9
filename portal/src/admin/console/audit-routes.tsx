/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import { type Context, Hono } from 'hono';
import { stream } from 'hono/streaming';
import { renderPage } from '../../http/render-page.js';
import { requireAdmin } from '../guard.js';
import { auditCsvHeaderLine, auditCsvLine } from './audit-csv.js';
import { type AuditFilters, auditFiltersSchema } from './audit-filters.js';
import { AuditPage } from './audit-page.js';
import { consoleView } from './console-context.js';
import type { ConsoleDeps } from './console-deps.js';
import { CONSOLE_REFUSALS } from './console-refusals.js';
import { AUDIT_PAGE_SIZE, searchAudit, streamAudit } from './search-audit.js';

function rawFilters(c: Context): Record<string, string> {
  const query = c.req.query();
  const raw: Record<string, string> = {};
  for (const key of ['user', 'type', 'from', 'to', 'initiator']) {
    const value = query[key];
    if (typeof value === 'string') raw[key] = value.slice(0, 320);
  }
  return raw;
}

/** The audit page's label for each filter, to name the ones that were not understood. */
const FILTER_LABELS = {
  user: 'console.audit.user',
  type: 'console.audit.type',
  from: 'console.audit.from',
  to: 'console.audit.to',
  initiator: 'console.audit.initiator',
  before: 'console.audit.older',
} as const satisfies Record<string, MessageKey>;

/** /admin/audit: the filtered log, and the same view exported as CSV or JSON lines, streamed. */
export function auditRoutes(deps: ConsoleDeps): Hono {
  const { db, frame } = deps;
  const routes = new Hono();

  routes.get('/audit', requireAdmin('helpdesk'), async (c) => {
    const raw = rawFilters(c);
    const parsed = auditFiltersSchema.safeParse(c.req.query());
    if (!parsed.success) {
      // Which filters, by the labels the admin sees (the validator's own words are English).
      const { t } = c.var.messages;
      const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
      const labels = fields.map((field) =>
        t(FILTER_LABELS[field as keyof typeof FILTER_LABELS] ?? 'console.audit.filter'),
      );
      const problem = `${t(CONSOLE_REFUSALS.BAD_QUERY.key)} ${labels.join(', ')}`;
      return renderPage(
        c,
        <AuditPage view={consoleView(c, frame)} raw={raw} rows={[]} next={null} problem={problem} />,
        CONSOLE_REFUSALS.BAD_QUERY.status,
      );
    }
    const rows = await searchAudit(db, parsed.data, AUDIT_PAGE_SIZE + 1);
    const page = rows.slice(0, AUDIT_PAGE_SIZE);
    const next = rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.seq ?? null) : null;
    return renderPage(
      c,
      <AuditPage view={consoleView(c, frame)} raw={raw} rows={page} next={next} problem={null} />,
    );
  });

  function exporter(format: 'csv' | 'jsonl') {
    return async (c: Context): Promise<Response> => {
      const parsed = auditFiltersSchema.safeParse(c.req.query());
      if (!parsed.success)
        return c.json({ code: 'BAD_QUERY', message: c.var.messages.t(CONSOLE_REFUSALS.BAD_QUERY.key) }, 400, {
          'Cache-Control': 'no-store',
        });
      const filters: AuditFilters = parsed.data;
      const stamp = deps.now().toISOString().slice(0, 19).replaceAll(':', '');
      c.header(
        'Content-Type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      );
      c.header('Content-Disposition', `attachment; filename="passgate-audit-${stamp}.${format}"`);
      c.header('Cache-Control', 'no-store');
      // Streamed page by page: a million rows never sit in memory at once.
      return stream(c, async (out) => {
        if (format === 'csv') await out.write(auditCsvHeaderLine());
        for await (const event of streamAudit(db, filters))
          await out.write(format === 'csv' ? auditCsvLine(event) : `${JSON.stringify(event)}\n`);
      });
    };
  }
  routes.get('/audit/export.csv', requireAdmin('helpdesk'), exporter('csv'));
  routes.get('/audit/export.jsonl', requireAdmin('helpdesk'), exporter('jsonl'));
  return routes;
}
