/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { RefusalException } from '../http/refusal-exception.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { storageFault } from '../store/storage-fault.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';

export interface ErrorPagesOptions {
  logger: Logger;
  frame: PageFrame;
  policy: PasswordPolicy;
}

type WayBack = { href: `/${string}`; text: string };

/** Back to the form the request came from; a link page's token travelled in the refused body, so those ask for a new link. */
function wayBack(path: string): WayBack {
  if (path === '/admin' || path.startsWith('/admin/')) return { href: '/admin', text: 'Back to the console' };
  switch (path) {
    case '/signin':
    case '/signin/new-password':
    case '/reset':
      return { href: path, text: 'Open the form again' };
    case '/reset/confirm':
    case '/activate':
      return { href: '/reset', text: 'Request a new link' };
    default:
      return { href: '/change', text: 'Open the form again' };
  }
}

/**
 * The one error path (STYLE 5): a RefusalException is answered with its code's status and words,
 * any other HTTPException with a plain page for its status, a storage fault (disk full or failing,
 * from any route) as SAVE_FAILED, and everything else is logged once as a 500 with the request id,
 * which the page shows so support can find the log line.
 */
export function errorHandler(options: ErrorPagesOptions): ErrorHandler {
  const { frame, policy } = options;
  return function errorHandler(error, c) {
    const log = c.var.log ?? options.logger;
    if (error instanceof RefusalException) {
      const entry = REFUSAL_TABLE[error.code];
      const title = error.code === 'FORM_EXPIRED' ? 'This form has expired' : 'Your request was refused';
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
        { err: error, requestId, fault },
        fault === 'full'
          ? 'could not save: the database or its disk is full'
          : 'could not save: the disk failed to read or write the database',
      );
      const page = (
        <MessagePage
          frame={frame}
          title="Your request could not be saved"
          paragraphs={[REFUSAL_TABLE.SAVE_FAILED.words(policy)]}
          reference={requestId}
          link={wayBack(c.req.path)}
          role="alert"
        />
      );
      return renderPage(c, page, REFUSAL_TABLE.SAVE_FAILED.status);
    }
    if (error instanceof HTTPException) {
      const page = (
        <MessagePage frame={frame} {...httpProblem(error.status)} link={wayBack(c.req.path)} role="alert" />
      );
      return renderPage(c, page, error.status);
    }
    const requestId = c.var.requestId ?? 'unknown';
    log.error({ err: error, requestId }, 'unhandled error');
    const page = (
      <MessagePage
        frame={frame}
        title="Something went wrong"
        paragraphs={[
          'The portal could not finish your request because of a problem on our side.',
          'Try again in a few minutes. If it keeps happening, contact IT support and quote the reference below.',
        ]}
        reference={requestId}
        link={wayBack(c.req.path)}
        role="alert"
      />
    );
    return renderPage(c, page, 500);
  };
}

function httpProblem(status: number): { title: string; paragraphs: string[] } {
  if (status === 413) {
    return {
      title: 'Too much data',
      paragraphs: ['What you sent is larger than this portal accepts. Nothing has changed.'],
    };
  }
  return { title: 'The request could not be handled', paragraphs: ['Nothing has changed.'] };
}

/** A friendly 404 that offers the way to the form. */
export function notFoundHandler(frame: PageFrame): NotFoundHandler {
  return function notFound(c) {
    const page = (
      <MessagePage
        frame={frame}
        title="Page not found"
        paragraphs={['There is no page at this address. If you typed it, check it is correct.']}
        link={{ href: '/change', text: 'Change your password' }}
      />
    );
    return renderPage(c, page, 404);
  };
}
