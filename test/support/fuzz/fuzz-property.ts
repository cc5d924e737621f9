import fc from 'fast-check';
import type { FuzzCase } from './case-shape.js';
import { fuzzCase } from './fuzz-case.js';
import type { FuzzTarget } from './fuzz-target.js';
import { type FuzzRequest, materialiseCase } from './materialise-case.js';
import { requestAuthority } from './request-authority.js';
import { type FuzzOutcome, sendInProcess } from './send-in-process.js';
import { sendRawHttp } from './send-raw-http.js';
import { ACCOUNT_TABLES, changedTables } from './state-snapshot.js';
import type { StatusTally } from './status-tally.js';

/** `app`: through app.request(); `socket`: raw bytes to the listening server. */
export type Via = 'app' | 'socket';

/** The portal's body limit (MAX_BODY_BYTES in portal/src/app.ts). */
const BODY_LIMIT = 16 * 1024;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Secrets are renewed this often; each renewal is a few indexed reads when nothing was used up. */
const RENEW_EVERY = 20;

function printable(request: FuzzRequest): string {
  const show = (text: string, max: number): string =>
    JSON.stringify(text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
  const body = request.body === null ? 'none' : show(Buffer.from(request.body).toString('latin1'), 600);
  return [
    `${request.method} ${show(request.target, 300)}${request.chunked ? ' (chunked)' : ''}`,
    ...request.headers.map(([name, value]) => `  ${name}: ${show(value, 300)}`),
    `  body: ${body}`,
  ].join('\n');
}

function isErrorLine(line: string): boolean {
  return /"level":(50|60)\b/.test(line);
}

/**
 * Sends one case and checks the properties: never a 5xx or an error logged, never a state change
 * without a valid form token, an account changed only by someone proving who they are, an over-limit
 * body never accepted, and (over a socket) the server still answering GET /change. Throws on a breach.
 */
export async function checkCase(
  target: FuzzTarget,
  fuzz: FuzzCase,
  via: Via,
  tally: StatusTally,
  index: number,
): Promise<void> {
  if (index % RENEW_EVERY === 0) await target.renewSecrets();
  const request = materialiseCase(fuzz, target.context());
  const authority = requestAuthority(request, target.known());
  const before = await target.state.snapshot();
  target.logs.length = 0;
  const outcome: FuzzOutcome =
    via === 'app'
      ? await sendInProcess(target.app, target.origin, request)
      : await sendRawHttp(target.origin, request);
  tally.add(via, outcome);

  const problems: string[] = [];
  const status = typeof outcome.status === 'number' ? outcome.status : null;
  if (status !== null && status >= 500) problems.push(`answered ${status}`);
  if (outcome.status === 'timeout') problems.push(outcome.reason);
  // Two requests may go unanswered: a CONNECT, which Node's server drops when nobody listens for
  // 'connect', and an over-limit body, whose 413 closes the connection with the rest unread, so the
  // reset can overtake the answer. Both are still held to the log, state and liveness checks.
  const overLimit = request.body !== null && request.body.length > BODY_LIMIT;
  if (outcome.status === 'no-response' && request.method !== 'CONNECT' && !overLimit)
    problems.push(`no answer: ${outcome.reason}`);
  const errors = target.logs.filter(isErrorLine);
  if (errors.length > 0) problems.push(`logged an error: ${errors[0]?.slice(0, 800)}`);
  const after = await target.state.snapshot();
  if (after.changes !== before.changes) {
    const tables = changedTables(before, after);
    const where = `${after.changes - before.changes} row writes; tables: ${tables.join(', ') || 'none left changed'}`;
    if (!authority.formValid) problems.push(`changed stored state without a valid form token (${where})`);
    const accounts = tables.filter((table) => (ACCOUNT_TABLES as readonly string[]).includes(table));
    if (accounts.length > 0 && !authority.credential)
      problems.push(`changed ${accounts.join(', ')} without a password, session or link (${where})`);
  }
  if (overLimit && UNSAFE.has(request.method) && status !== null && status < 400)
    problems.push(`accepted a ${request.body?.length}-byte body`);
  if (via === 'socket') {
    const alive = await fetch(`${target.origin}/change`).then(
      (response) => response.status,
      (error: unknown) => String(error),
    );
    if (alive !== 200) problems.push(`GET /change afterwards answered ${alive}`);
  }
  target.logs.length = 0;
  if (problems.length > 0) {
    throw new Error(`${problems.join('\n')}\nanswer: ${JSON.stringify(outcome)}\n${printable(request)}`);
  }
}

/** The fast-check property over generated cases; counts every answer in `tally`. */
export function portalFuzzProperty(
  target: FuzzTarget,
  via: Via,
  tally: StatusTally,
): fc.IAsyncProperty<[FuzzCase]> {
  let index = 0;
  return fc.asyncProperty(fuzzCase(), async (fuzz) => {
    await checkCase(target, fuzz, via, tally, index);
    index += 1;
  });
}
