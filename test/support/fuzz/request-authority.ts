import type { FuzzRequest } from './materialise-case.js';
import { percentDecodeLoose } from './percent-encoding.js';

/** What the fuzzer knows the portal has issued: CSRF pairs, and every token or password that proves who someone is. */
export interface KnownSecrets {
  /** The portal's public origin. */
  origin: string;
  csrfPairs: readonly { secret: string; token: string }[];
  credentials: readonly string[];
}

/**
 * What a request could be entitled to do. Judged generously (a secret anywhere in the bytes, raw or
 * percent-encoded up to twice, counts as carried), so a request the portal rightly accepts is never
 * taken for a forged one; the price is only that a few forged ones are checked less strictly.
 */
export interface RequestAuthority {
  /** Sent from the portal's origin, with a CSRF cookie secret and a token signed for it: may change state. */
  formValid: boolean;
  /** Also carries a password, session or link token: may change an account. */
  credential: boolean;
}

function originOf(url: string): string | null {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return null;
  }
}

/**
 * The portal accepts a form whose Origin (or, without one, whose Referer) is its public origin or
 * the origin the request itself was addressed to (Host, or an absolute request target). Any header
 * of those names counts, so duplicates can only make this more generous.
 */
function fromOwnOrigin(request: FuzzRequest, publicOrigin: string): boolean {
  const values = (name: string): string[] =>
    request.headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value.trim());
  const own = new Set([publicOrigin, originOf(request.target)]);
  for (const host of values('host')) own.add(originOf(`http://${host}`));
  const origins = values('origin');
  const claimed =
    origins.length > 0 ? origins.map((origin) => origin.toLowerCase()) : values('referer').map(originOf);
  return claimed.some((origin) => origin !== null && own.has(origin));
}

function views(text: string): string[] {
  const once = percentDecodeLoose(text);
  return [text, once, percentDecodeLoose(once)];
}

export function requestAuthority(request: FuzzRequest, known: KnownSecrets): RequestAuthority {
  const header = (name: string): string =>
    request.headers
      .filter(([key]) => key.toLowerCase() === name)
      .map(([, value]) => value)
      .join('\n');
  const cookies = views(header('cookie'));
  const body = views(request.body === null ? '' : Buffer.from(request.body).toString('latin1'));
  const target = views(request.target);
  const carried = (haystacks: string[], needle: string): boolean =>
    haystacks.some((haystack) => haystack.includes(needle));
  const formValid =
    fromOwnOrigin(request, known.origin) &&
    known.csrfPairs.some((pair) => carried(cookies, pair.secret) && carried(body, pair.token));
  const credential = known.credentials.some(
    (secret) => carried(body, secret) || carried(cookies, secret) || carried(target, secret),
  );
  return { formValid, credential };
}
