// Entra Password Protection's scoring, as Microsoft describes it in
// learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad: normalise, match
// banned terms (fuzzy, edit distance 1) and the user's and tenant's names (substring), then score
// 1 per matched term + 1 per remaining character; 5 points or more passes.
// Microsoft's global list is not public: this short list is an approximation for tests.
export const EMULATOR_GLOBAL_BANNED_TERMS = [
  'password',
  'welcome',
  'qwerty',
  'qwertz',
  'azerty',
  'letmein',
  'admin',
  'administrator',
  'login',
  'summer',
  'winter',
  'spring',
  'autumn',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'iloveyou',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'microsoft',
  'office',
  'outlook',
  'azure',
  'blank',
  'trustno1',
  'changeme',
  'secret',
  '123456',
  '12345678',
  'abcdef',
  'asdfgh',
  'zxcvbn',
];

const SUBSTITUTIONS: Record<string, string> = { '0': 'o', '1': 'l', $: 's', '@': 'a' };
/** Marks characters already claimed by a matched term. */
const USED = '\u0000';

function normalise(text: string): string {
  return [...text.toLowerCase()].map((c) => SUBSTITUTIONS[c] ?? c).join('');
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (a.length < b.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Finds `term` in `text` (exactly first, then within one edit when fuzzy); returns [start, end). */
function findTerm(text: string, term: string, fuzzy: boolean): [number, number] | null {
  const exact = text.indexOf(term);
  if (exact >= 0) return [exact, exact + term.length];
  if (!fuzzy) return null;
  for (const length of [term.length, term.length - 1, term.length + 1]) {
    for (let start = 0; start + length <= text.length; start++) {
      const window = text.slice(start, start + length);
      if (!window.includes(USED) && withinOneEdit(window, term)) return [start, start + length];
    }
  }
  return null;
}

export function bannedPasswordScore(password: string, names: string[], extraTerms: string[] = []): number {
  let text = normalise(password);
  let matches = 0;
  const claim = (term: string, fuzzy: boolean): void => {
    if (term.length < 4) return;
    const found = findTerm(text, term, fuzzy);
    if (!found) return;
    matches += 1;
    text = text.slice(0, found[0]) + USED.repeat(found[1] - found[0]) + text.slice(found[1]);
  };
  for (const name of names) claim(normalise(name.trim()), false);
  for (const term of [...EMULATOR_GLOBAL_BANNED_TERMS, ...extraTerms]) claim(normalise(term), true);
  const remaining = [...text].filter((c) => c !== USED).length;
  return matches + remaining;
}
