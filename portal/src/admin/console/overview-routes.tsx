/** @jsxRuntime automatic @jsxImportSource preact */
import { Hono } from 'hono';
import { renderPage } from '../../http/render-page.js';
import { requireAdmin } from '../guard.js';
import { consoleView } from './console-context.js';
import type { ConsoleDeps } from './console-deps.js';
import { OverviewPage } from './overview-page.js';
import { readOverview } from './read-overview.js';

/** /admin: the overview. */
export function overviewRoutes(deps: ConsoleDeps): Hono {
  const routes = new Hono();
  routes.get('/', requireAdmin('helpdesk'), async (c) => {
    const now = deps.now().getTime();
    const overview = await readOverview(deps.db, deps.config, now);
    return renderPage(c, <OverviewPage view={consoleView(c, deps.frame)} overview={overview} now={now} />);
  });
  return routes;
}
