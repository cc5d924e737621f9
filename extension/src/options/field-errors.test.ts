import { readFileSync } from 'node:fs';
import { MANAGED_SETTING_KEYS, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it, vi } from 'vitest';

// chrome.i18n answering from a generated _locales file: the language is switched per test.
const locale = vi.hoisted(() => ({ folder: 'de' }));
vi.mock('../lib/ext.js', () => ({
  ext: {
    i18n: {
      getMessage: (name: string): string => {
        const path = new URL(`../../public/_locales/${locale.folder}/messages.json`, import.meta.url);
        const messages = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { message: string }>;
        return messages[name]?.message ?? '';
      },
    },
  },
}));

const { draftFrom, optionsFromDraft } = await import('./draft.js');
const { fieldErrors } = await import('./field-errors.js');
const { settingHint } = await import('./setting-texts.js');

const draft = { ...draftFrom({ ...managedSettingsDefaults }), portalUrl: 'https://pw.example.com' };

describe('fieldErrors()', () => {
  it('says what a valid value looks like in the browser’s language, not the schema’s English', () => {
    locale.folder = 'de';
    const { invalid } = optionsFromDraft({
      ...draft,
      tenantDomains: 'contoso.com\nnot a domain\nalso wrong',
    });
    expect(invalid.map((entry) => entry.key)).toEqual(['tenantDomains']);
    const errors = fieldErrors(invalid);
    expect(errors).toEqual({
      tenantDomains: 'Geben Sie pro Zeile einen Domänennamen ein, z. B. contoso.com.',
    });
    expect(errors.tenantDomains).not.toContain('expected');
    expect(errors.tenantDomains).not.toContain('tenantDomains');
  });

  it('gives the English message in English', () => {
    locale.folder = 'en';
    const { invalid } = optionsFromDraft({ ...draft, portalUrl: 'http://pw.example.com/?x' });
    expect(fieldErrors(invalid)).toEqual({
      portalUrl:
        'Enter an https:// address without ? or #, such as https://passwords.contoso.com (http:// only for localhost).',
    });
  });

  it('ignores a report for a key that is not a setting', () => {
    expect(fieldErrors([{ key: 'somethingElse', message: 'expected x' }])).toEqual({});
  });
});

describe('settingHint()', () => {
  it('has a translated hint for every setting, never a setting key', () => {
    for (const folder of ['en', 'de', 'ja', 'ar']) {
      locale.folder = folder;
      for (const key of MANAGED_SETTING_KEYS) {
        const hint = settingHint(key);
        expect(hint, `${folder} ${key}`).not.toBe('');
        expect(hint, `${folder} ${key}`).not.toMatch(/^extension\./);
      }
    }
    locale.folder = 'de';
    expect(settingHint('tenantDomains')).toMatch(/^Die E-Mail-Domänen/);
  });
});
