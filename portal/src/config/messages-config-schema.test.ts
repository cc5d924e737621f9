import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './portal-config.js';

const base = {
  publicUrl: 'https://passwords.contoso.com/',
  secretKey: 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90',
};

function problems(input: unknown): string[] {
  try {
    parseConfig(input, {});
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => `${problem.field}: ${problem.message}`);
  }
}

describe('config: defaultLanguage and messages', () => {
  it('takes English and no overrides by default', () => {
    const config = parseConfig(base, {});
    expect(config.defaultLanguage).toBe('en');
    expect(config.messages).toEqual({});
  });

  it('takes overrides that keep the placeholders of the original', () => {
    const messages = { de: { 'support.default': 'Rufen Sie die {organisation}-Hotline an: 0800 123.' } };
    expect(parseConfig({ ...base, defaultLanguage: 'de', messages }, {}).messages).toEqual(messages);
  });

  it('refuses a language that is not shipped, naming it', () => {
    expect(problems({ ...base, defaultLanguage: 'xx' })[0]).toMatch(/^defaultLanguage: expected one of/);
    expect(problems({ ...base, messages: { xx: { 'change.title': 'x' } } })).toEqual([
      'messages.xx: "xx" is not a shipped language',
    ]);
  });

  it('refuses an unknown key, naming it', () => {
    expect(problems({ ...base, messages: { en: { 'change.titel': 'Change it' } } })).toEqual([
      'messages.en.change.titel: "change.titel" is not a message key (see core/src/i18n/messages/en.json)',
    ]);
  });

  it('refuses wording whose placeholders differ from the original, or that is not ICU', () => {
    expect(problems({ ...base, messages: { de: { 'change.lead': 'Ändern Sie es hier.' } } })).toEqual([
      'messages.de.change.lead: expected the placeholders {organisation}, got (none)',
    ]);
    expect(problems({ ...base, messages: { de: { 'change.lead': '{organisation' } } })[0]).toMatch(
      /^messages\.de\.change\.lead: not valid ICU MessageFormat/,
    );
  });
});
