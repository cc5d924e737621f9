/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n';
import type { Context } from 'hono';
import type { Journey } from '../http/journey-end.js';
import { OUTCOME_STATUS } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { MessagePage } from '../views/message-page.js';
import { type OutcomeKind, OutcomePage, signInStep } from '../views/outcome-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { PromptedOutcomePage } from '../views/prompted-outcome-page.js';

const KIND: Record<Journey, OutcomeKind> = {
  change: 'change',
  expired: 'recovery',
  reset: 'recovery',
  activation: 'activation',
};

/** Where someone with nothing to see here starts again. */
const START: Record<Journey, { href: `/${string}`; key: MessageKey }> = {
  change: { href: '/change', key: 'journey.startChange' },
  expired: { href: '/signin', key: 'journey.startSignIn' },
  reset: { href: '/reset', key: 'journey.startReset' },
  activation: { href: '/change', key: 'journey.startChange' },
};

/**
 * GET of a journey's outcome page (JOURNEY_DONE_PATHS in journey-end.ts): what its POST sealed for this browser, in the
 * status the POST used to answer with (200 applied, 202 queued). Without one (opened later, elsewhere,
 * or by hand) a neutral page with the way to start again: never an error.
 */
export function journeyDonePage(c: Context, journey: Journey, frame: PageFrame): Response {
  const shown = c.var.journeyEnd.read(c, journey);
  if (shown === null) {
    const { t } = currentMessages();
    const start = START[journey];
    const page = (
      <MessagePage
        frame={frame}
        title={t('journey.nothingTitle')}
        paragraphs={[t('journey.nothingText')]}
        link={{ href: start.href, text: t(start.key) }}
      />
    );
    return renderPage(c, page);
  }
  const kind = KIND[journey];
  const next = { signInUrl: signInStep(shown.outcome, shown.signInUrl), back: shown.back };
  const page =
    shown.prompt === null ? (
      <OutcomePage frame={frame} outcome={shown.outcome} kind={kind} next={next} />
    ) : (
      <PromptedOutcomePage
        frame={frame}
        csrfToken={c.var.csrfToken}
        outcome={shown.outcome}
        kind={kind}
        prompt={shown.prompt}
        next={next}
      />
    );
  return renderPage(c, page, OUTCOME_STATUS[shown.outcome.status]);
}
