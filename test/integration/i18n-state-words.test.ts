import { CATALOGUES, type Language } from '@passgate/core/i18n';
import { describe, expect, it } from 'vitest';

// Issue 16, "honest states": a lock (it ends by itself, a reset lifts it) and a suspension (only support
// lifts it) are different states, so each language names them with different words — German had
// "gesperrt" for both. And one word for "password" per language: Microsoft's German pages say "Kennwort".

/** The words that carry the state in each language's titles, as stems (they take endings by gender). */
const STATE_WORDS: Partial<Record<Language, { locked: string; suspended: string }>> = {
  de: { locked: 'gesperrt', suspended: 'deaktiviert' },
  fr: { locked: 'verrouill', suspended: 'suspendu' },
  es: { locked: 'bloquead', suspended: 'suspendid' },
  it: { locked: 'bloccat', suspended: 'sospes' },
  nl: { locked: 'vergrendeld', suspended: 'geschorst' },
  pt: { locked: 'bloquead', suspended: 'suspens' },
  pl: { locked: 'zablokowan', suspended: 'zawieszon' },
};

/** What a suspended person reads at the portal's doors and in the mail a reset request sends them. */
const SUSPENSION_KEYS = [
  'suspended.title',
  'refusal.ACCOUNT_SUSPENDED',
  'link.suspended',
  'mail.suspended.text',
] as const;

describe('the words for a locked and a suspended account', () => {
  for (const [language, words] of Object.entries(STATE_WORDS)) {
    const catalogue = CATALOGUES[language as Language] as Record<string, string>;

    it(`${language}: the lock page names the lock, and no suspension text uses the lock's word`, () => {
      expect(catalogue['locked.title']?.toLowerCase()).toContain(words.locked);
      for (const key of SUSPENSION_KEYS) {
        const text = (catalogue[key] ?? '').toLowerCase();
        expect(text, key).not.toContain(words.locked);
      }
      expect(catalogue['suspended.title']?.toLowerCase()).toContain(words.suspended);
      expect(catalogue['refusal.ACCOUNT_SUSPENDED']?.toLowerCase()).toContain(words.suspended);
      // The console names the state with the same word the person reads (Dutch had two).
      expect(catalogue['console.state.suspended']?.toLowerCase()).toContain(words.suspended);
    });
  }

  it('de: says "Kennwort" as Microsoft 365 does, never "Passwort"', () => {
    const german = Object.values(CATALOGUES.de as Record<string, string>).join('\n');
    expect(german).not.toMatch(/passw[oö]rt/i);
    expect(german).toContain('Kennwort');
  });
});
