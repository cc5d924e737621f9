import { managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { draftFrom, optionsFromDraft } from './draft.js';

describe('optionsFromDraft()', () => {
  const draft = {
    ...draftFrom({ ...managedSettingsDefaults }),
    portalUrl: ' https://pw.example.com ',
    extraUrlPatterns: 'https://a.example/*\n\n  https://b.example/*  ',
  };

  it('turns the form into options: trimmed text, one pattern per line, empty text unset', () => {
    const { options, invalid } = optionsFromDraft(draft);
    expect(invalid).toEqual([]);
    expect(options.portalUrl).toBe('https://pw.example.com');
    expect(options.extraUrlPatterns).toEqual(['https://a.example/*', 'https://b.example/*']);
    expect('organisationName' in options).toBe(false);
  });

  it('reports invalid values instead of saving them', () => {
    const { invalid } = optionsFromDraft({ ...draft, supportUrl: 'help me' });
    expect(invalid.map((entry) => entry.key)).toEqual(['supportUrl']);
  });
});
