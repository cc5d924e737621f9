/** @jsxRuntime automatic @jsxImportSource preact */
import { findPasswordPage } from '@passgate/core/m365';
import { Hono } from 'hono';
import { readFromParam } from '../http/read-from-param.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { CONTINUE_PATH } from '../views/came-from.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';

export interface ContinueRoutesOptions {
  frame: PageFrame;
}

/**
 * GET /continue-to-microsoft?from=…: where "Not a … account? Continue to Microsoft" leads. The
 * browser extension sees this page open and lets this one tab through to the Microsoft page, once.
 * The portal itself never redirects to `from` (no open redirect): it only shows the address, so a
 * browser without the extension still tells the person where Microsoft's page is.
 */
export function continueRoutes(options: ContinueRoutesOptions): Hono {
  const { frame } = options;
  const routes = new Hono();
  routes.get(CONTINUE_PATH, (c) => {
    const from = readFromParam(c.req.url);
    const { t } = currentMessages();
    if (from === null || findPasswordPage(from) === undefined) {
      const page = (
        <MessagePage
          frame={frame}
          title={t('continue.nothingTitle')}
          paragraphs={[t('continue.nothingText')]}
          link={{ href: '/change', text: t('continue.changeHere') }}
        />
      );
      return renderPage(c, page, 404);
    }
    const page = (
      <MessagePage
        frame={frame}
        title={t('cameFrom.continue')}
        role="status"
        paragraphs={[
          t('continue.taking', { organisation: frame.organisationName }),
          t('continue.openYourself'),
          from,
        ]}
      />
    );
    return renderPage(c, page);
  });
  return routes;
}
