import type { EmulatedUser } from './directory.js';

export interface ParsedFilter {
  /** endswith() and friends are "advanced queries": Graph wants ConsistencyLevel: eventual and $count=true. */
  advanced: boolean;
  test(user: EmulatedUser): boolean;
}

const STRING_PROPS: Record<string, (u: EmulatedUser) => string | null> = {
  userprincipalname: (u) => u.userPrincipalName,
  mail: (u) => u.mail,
  displayname: (u) => u.displayName,
  id: (u) => u.id,
};

const FUNCTION = /^(startswith|endswith)\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)$/i;
const EQUALS = /^(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(true|false))$/i;

/** The small part of OData $filter the emulator understands; null for anything else. */
export function parseUserFilter(filter: string): ParsedFilter | null {
  const text = filter.trim();
  const fn = FUNCTION.exec(text);
  if (fn) {
    const [, name = '', prop = '', literal = ''] = fn;
    const read = STRING_PROPS[prop.toLowerCase()];
    if (!read) return null;
    const needle = literal.replace(/''/g, "'").toLowerCase();
    const ends = name.toLowerCase() === 'endswith';
    return {
      advanced: ends,
      test: (u) => {
        const value = read(u)?.toLowerCase() ?? '';
        return ends ? value.endsWith(needle) : value.startsWith(needle);
      },
    };
  }
  const eq = EQUALS.exec(text);
  if (eq) {
    const [, prop = '', literal, bool] = eq;
    if (bool !== undefined) {
      if (prop.toLowerCase() !== 'accountenabled') return null;
      return { advanced: false, test: (u) => u.accountEnabled === (bool.toLowerCase() === 'true') };
    }
    const read = STRING_PROPS[prop.toLowerCase()];
    if (!read || literal === undefined) return null;
    const wanted = literal.replace(/''/g, "'").toLowerCase();
    return { advanced: false, test: (u) => read(u)?.toLowerCase() === wanted };
  }
  return null;
}
