import type { DirectoryAuditRecord } from './audit-log.js';

/** A parsed $filter: a test of one record. */
export type AuditPredicate = (record: DirectoryAuditRecord, at: number) => boolean;

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: '(' | ')' | ',' };

// OData string literals double a quote to escape it; dates are bare (2026-01-01T00:00:00Z).
const TOKEN = /\s*(?:'((?:[^']|'')*)'|([(),])|([^\s(),']+))/y;

function tokenize(filter: string): Token[] | null {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    if (filter.slice(TOKEN.lastIndex).trim() === '') break;
    const match = TOKEN.exec(filter);
    if (!match) return null;
    const [, quoted, punct, word] = match;
    if (quoted !== undefined) tokens.push({ kind: 'string', text: quoted.replace(/''/g, "'") });
    else if (punct !== undefined) tokens.push({ kind: punct as '(' | ')' | ',' });
    else tokens.push({ kind: 'word', text: word ?? '' });
  }
  return tokens;
}

const STRING_PROPS: Record<string, (r: DirectoryAuditRecord) => string | null> = {
  activitydisplayname: (r) => r.activityDisplayName,
  loggedbyservice: (r) => r.loggedByService,
  category: (r) => r.category,
  id: (r) => r.id,
  correlationid: (r) => r.correlationId,
  'initiatedby/app/appid': (r) => r.initiatedBy.app?.appId ?? null,
  'initiatedby/user/id': (r) => r.initiatedBy.user?.id ?? null,
  'initiatedby/user/userprincipalname': (r) => r.initiatedBy.user?.userPrincipalName ?? null,
};

/**
 * The part of OData $filter that Microsoft documents for directoryAudits and Passgate uses:
 * `activityDateTime` with eq/ge/le; `activityDisplayName` (and a few other strings) with eq and
 * startswith(); `and`, `or` (and binding tighter than or) and parentheses. Anything else: null (400).
 */
export function parseAuditFilter(filter: string): AuditPredicate | null {
  const tokens = tokenize(filter);
  if (tokens === null || tokens.length === 0) return null;
  let i = 0;
  const peekWord = (): string | undefined => {
    const t = tokens[i];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };
  const take = (kind: Token['kind']): Token | null => {
    const t = tokens[i];
    if (t?.kind !== kind) return null;
    i += 1;
    return t;
  };

  function primary(): AuditPredicate | null {
    if (take('(')) {
      const inner = or();
      return inner && take(')') ? inner : null;
    }
    const word = take('word');
    if (word?.kind !== 'word') return null;
    const name = word.text.toLowerCase();
    if (name === 'startswith') {
      const prop = take('(') ? take('word') : null;
      const literal = prop && take(',') ? take('string') : null;
      if (prop?.kind !== 'word' || literal?.kind !== 'string' || !take(')')) return null;
      const read = STRING_PROPS[prop.text.toLowerCase()];
      const needle = literal.text.toLowerCase();
      return read ? (r) => (read(r) ?? '').toLowerCase().startsWith(needle) : null;
    }
    const op = peekWord();
    i += 1;
    if (name === 'activitydatetime') {
      const value = take('word');
      const ms = value?.kind === 'word' ? Date.parse(value.text) : Number.NaN;
      if (Number.isNaN(ms)) return null;
      if (op === 'ge') return (_r, at) => at >= ms;
      if (op === 'le') return (_r, at) => at <= ms;
      if (op === 'eq') return (_r, at) => at === ms;
      return null;
    }
    const read = STRING_PROPS[name];
    const literal = take('string');
    if (!read || op !== 'eq' || literal?.kind !== 'string') return null;
    return (r) => read(r) === literal.text;
  }

  function and(): AuditPredicate | null {
    const parts = [primary()];
    while (peekWord() === 'and') {
      i += 1;
      parts.push(primary());
    }
    if (parts.some((p) => p === null)) return null;
    const all = parts as AuditPredicate[];
    return (r, at) => all.every((p) => p(r, at));
  }

  function or(): AuditPredicate | null {
    const parts = [and()];
    while (peekWord() === 'or') {
      i += 1;
      parts.push(and());
    }
    if (parts.some((p) => p === null)) return null;
    const any = parts as AuditPredicate[];
    return (r, at) => any.some((p) => p(r, at));
  }

  const predicate = or();
  return predicate && i === tokens.length ? predicate : null;
}
