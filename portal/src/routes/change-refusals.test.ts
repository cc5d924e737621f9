import { REFUSAL_CODES } from '@passgate/core/codes';
import { VIOLATION_CODES } from '@passgate/core/policy';
import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';

const config = webTestConfig();
const form = {
  email: 'ada@example.org',
  currentPassword: 'Old-Password-2024!',
  newPassword: 'Kettle-Harbour-Violet-93',
  confirmPassword: 'Kettle-Harbour-Violet-93',
};

// How Preact escapes text: the table's words must appear exactly so in the page.
function asHtmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
}

async function refusedPage(codes: (keyof typeof REFUSAL_TABLE)[]) {
  const accounts = new ScriptedAccounts({
    status: 'refused',
    refusals: codes.map((code) => ({ code })),
  });
  const app = createApp({ config, accounts, logger: capturingLogger().logger });
  const response = await submitForm(app, await openForm(app), form);
  return { status: response.status, html: await response.text() };
}

describe('POST /change refusals', () => {
  for (const code of [...VIOLATION_CODES, ...REFUSAL_CODES]) {
    it(`answers ${code} with its status and words, linked to its field`, async () => {
      const entry = REFUSAL_TABLE[code];
      const { status, html } = await refusedPage([code]);
      expect(status).toBe(entry.status);
      const words = asHtmlText(entry.words(config.policy));
      expect(words.length).toBeGreaterThan(10);
      if (code === 'ACCOUNT_LOCKED') {
        // The lock has a page of its own (locked-response.tsx): with no end known, it says the rule.
        expect(html).toContain(`<p class="lead">${words}</p>`);
        expect(html).toMatch(/<form[^>]*action="\/reset\/prefill"/);
      } else if (entry.field === null) {
        expect(html).toContain(`<li>${words}</li>`);
      } else {
        const id = CHANGE_FIELDS[entry.field].id;
        expect(html).toContain(`<li><a href="#${id}">${words}</a></li>`);
        // The field says it too, and its input points at that message.
        expect(html).toContain(`<p id="${id}-error" class="field__error">`);
        expect(html).toMatch(
          new RegExp(`id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${id}-error`),
        );
      }
      expect(html).not.toContain('service wording');
    });
  }

  it('lists every reason in one summary that takes focus when the page loads', async () => {
    const { html } = await refusedPage(['TOO_SHORT', 'MISSING_NUMBER', 'REUSED']);
    expect(html).toMatch(/<div id="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/);
    expect(html).toContain('There are 3 problems');
    expect(html).toContain('<title>Error: Change your password – Example Org</title>');
    expect(html.match(/<li><a href="#new-password">/g)).toHaveLength(3);
  });

  it('takes its status from the first reason', async () => {
    expect((await refusedPage(['RATE_LIMITED', 'INVALID_CREDENTIALS'])).status).toBe(429);
  });
});
