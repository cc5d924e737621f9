import { isLanguage, LANGUAGES, type Language } from './languages.js';

/**
 * The language for a request: the one the person picked (the `pg_lang` cookie) when it is shipped,
 * else the best match of the browser's Accept-Language (RFC 9110 §12.5.4: weights, then order,
 * a region falling back to its language), else the organisation's default.
 */
export function chooseLanguage(
  choices: { cookie?: string | null | undefined; acceptLanguage?: string | null | undefined },
  fallback: Language,
  shipped: readonly Language[] = LANGUAGES,
): Language {
  if (isLanguage(choices.cookie) && shipped.includes(choices.cookie)) return choices.cookie;
  for (const range of acceptedRanges(choices.acceptLanguage ?? '')) {
    if (range === '*') return fallback;
    const primary = range.split('-')[0] ?? '';
    const match = shipped.find((language) => language === range || language === primary);
    if (match !== undefined) return match;
  }
  return fallback;
}

/** The ranges of an Accept-Language header, most wanted first; `q=0` means "not this one". */
function acceptedRanges(header: string): string[] {
  return header
    .slice(0, 1000) // a header is short; an absurd one is not worth parsing in full
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim().toLowerCase(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.range !== '' && entry.weight > 0 && !Number.isNaN(entry.weight))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.range);
}
