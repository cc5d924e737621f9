/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { RefusalException } from '../http/refusal-exception.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { storageFault } from '../store/storage-fault.js';
import { databaseUnavailable } from '../store/store-error.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';

export interface ErrorPagesOptions {
  logger: Logger;
  frame: PageFrame;
  policy: PasswordPolicy;
}

type WayBack = { href: `/${string}`; text: string };

/**
 * Seconds a 503's `Retry-After` asks for: its page says "try again in a few minutes", and a load balancer
 * or a client that reads the header waits that long before sending this instance more.
 */
export const RETRY_AFTER_SECONDS = 120;

/** Back to the form the request came from; a link page's token travelled in the refused body, so those ask for a new link. */
function wayBack(path: string): WayBack {
  // The admin console is in English for now (its pages are not in the catalogue yet).
  if (path === '/admin' || path.startsWith('/admin/')) return { href: '/admin', text: 'Back to the console' };
  const { t } = currentMessages();
  switch (path) {
    case '/signin':
    case '/signin/new-password':
    case '/reset':
      return { href: path, text: t('error.openFormAgain') };
    case '/reset/confirm':
    case '/activate':
      return { href: '/reset', text: t('error.requestNewLink') };
    default:
      return { href: '/change', text: t('error.openFormAgain') };
  }
}

/**
 * The one error path (STYLE 5): a RefusalException is answered with its code's status and words,
 * any other HTTPException with a plain page for its status, a storage fault (disk full or failing,
 * from any route) as SAVE_FAILED, a database that cannot be reached or stays locked as 503 "temporarily
 * unavailable" (both with Retry-After), and everything else is logged once as a 500 with the request id,
 * which the page shows so support can find the log line.
 */
export function errorHandler(options: ErrorPagesOptions): ErrorHandler {
  const { frame, policy } = options;
  return function errorHandler(error, c) {
    // The request's logger carries its id already; without one (an error before it was made), this one does.
    const log = c.var.log ?? options.logger.child({ requestId: c.var.requestId ?? 'unknown' });
    const { t } = currentMessages();
    if (error instanceof RefusalException) {
      const entry = REFUSAL_TABLE[error.code];
      const title = t(error.code === 'FORM_EXPIRED' ? 'error.formExpiredTitle' : 'error.refusedTitle');
      const page = (
        <MessagePage
          frame={frame}
          title={title}
          paragraphs={[entry.words(policy)]}
          link={wayBack(c.req.path)}
          role="alert"
        />
      );
      return renderPage(c, page, entry.status);
    }
    const fault = storageFault(error);
    if (fault !== null) {
      // A failed write is rolled back whole (one transaction per decision), so "nothing has changed"
      // holds; the admin must free space or fix the disk, and the log line says which.
      const requestId = c.var.requestId ?? 'unknown';
      log.error(
        { err: error, fault },
        fault === 'full'
          ? 'could not save: the database or its disk is full'
          : 'could not save: the disk failed to read or write the database',
      );
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      const page = (
        <MessagePage
          frame={frame}
          title={t('error.notSavedTitle')}
          paragraphs={[REFUSAL_TABLE.SAVE_FAILED.words(policy)]}
          reference={requestId}
          link={wayBack(c.req.path)}
          role="alert"
        />
      );
      return renderPage(c, page, REFUSAL_TABLE.SAVE_FAILED.status);
    }
    const unavailable = databaseUnavailable(error);
    if (unavailable !== null) {
      // The server's condition, not the request's, and not a bug: 503 tells the load balancer to try another
      // instance. Only what matched is logged, never the driver's message (it may name the server) nor the
      // error object (a connection's settings, the URL's password among them, must not reach a log).
      const requestId = c.var.requestId ?? 'unknown';
      // A SQLite lock past busy_timeout may be the portal's own doing (a long transaction): its stack says
      // where it waited. SQLite's errors hold no connection settings.
      const where =
        unavailable.sign.startsWith('SQLITE_') && error instanceof Error ? { stack: error.stack } : {};
      log.error(
        { database: unavailable.kind, sign: unavailable.sign, ...where },
        unavailable.kind === 'busy'
          ? 'the database is busy: it stayed locked, or no connection to it was free, for too long'
          : 'the database is unreachable: it is down, restarting, or cannot be opened',
      );
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      const page = (
        <MessagePage
          frame={frame}
          title={t('error.unavailableTitle')}
          paragraphs={[t('error.unexpectedText1'), t('error.unexpectedText2')]}
          reference={requestId}
          link={wayBack(c.req.path)}
          role="alert"
        />
      );
      return renderPage(c, page, 503);
    }
    if (error instanceof HTTPException) {
      const page = (
        <MessagePage frame={frame} {...httpProblem(error.status)} link={wayBack(c.req.path)} role="alert" />
      );
      return renderPage(c, page, error.status);
    }
    const requestId = c.var.requestId ?? 'unknown';
    log.error({ err: error }, 'unhandled error');
    const page = (
      <MessagePage
        frame={frame}
        title={t('error.unexpectedTitle')}
        paragraphs={[t('error.unexpectedText1'), t('error.unexpectedText2')]}
        reference={requestId}
        link={wayBack(c.req.path)}
        role="alert"
      />
    );
    return renderPage(c, page, 500);
  };
}

function httpProblem(status: number): { title: string; paragraphs: string[] } {
  const { t } = currentMessages();
  if (status === 413) return { title: t('error.tooLargeTitle'), paragraphs: [t('error.tooLargeText')] };
  return { title: t('error.otherTitle'), paragraphs: [t('error.otherText')] };
}

/** A friendly 404 that offers the way to the form. */
export function notFoundHandler(frame: PageFrame): NotFoundHandler {
  return function notFound(c) {
    const { t } = currentMessages();
    const page = (
      <MessagePage
        frame={frame}
        title={t('error.notFoundTitle')}
        paragraphs={[t('error.notFoundText')]}
        link={{ href: '/change', text: t('stillValid.link') }}
      />
    );
    return renderPage(c, page, 404);
  };
}
