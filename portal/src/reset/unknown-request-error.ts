/**
 * A `reset_request` this version cannot resolve: queued by a newer portal during a rolling upgrade (a new
 * kind of request, or the notice of a new ceiling). Thrown before the request is taken, so the mail sender
 * settles it as a failure to retry with backoff, when a newer sender may claim it. Its message is what the
 * log and the row's last_error say: the kind only, never the request's content (it may carry a code).
 */
export class UnknownRequestError extends Error {
  constructor(what: string) {
    super(`${what.slice(0, 80)} is unknown to this version: left queued for a newer mail sender`);
    this.name = 'UnknownRequestError';
  }
}
