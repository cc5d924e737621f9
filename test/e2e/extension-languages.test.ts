import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe-scan.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

// The built extension in a browser whose own language is Arabic: the expired-password notice and the
// popup speak Arabic, from the _locales generated from core's catalogue, and lay out right to left.

const executablePath = chromiumPath();
const EXPIRED = 'https://login.microsoftonline.com/common/expired?ctx=abc&flow=1';
const PORTAL = 'https://passwords.contoso.example';

describe.skipIf(executablePath === undefined)('the extension in an Arabic browser', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    [extensionDir, microsoft] = await Promise.all([buildExtension(), startMicrosoftStandIn()]);
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
      lang: 'ar',
    });
    await setUserOptions(browser.worker, { portalUrl: PORTAL, organisationName: 'Contoso' });
    await browser.waitForRules(redirectsTo(PORTAL));
  });
  afterAll(async () => {
    await browser?.close();
    await microsoft?.close();
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  it('shows the expired-password notice in Arabic, right to left', async () => {
    const page = await browser.context.newPage();
    await page.goto(EXPIRED);
    const notice = page.getByRole('alertdialog', { name: 'انتهت صلاحية كلمة مرورك' });
    await notice.waitFor();
    expect(await notice.getAttribute('lang')).toBe('ar');
    expect(await notice.getAttribute('dir')).toBe('rtl');
    expect(await axeViolations(page, ['passgate-notice', '.card'])).toEqual([]);
    expect(await notice.textContent()).toContain('تدير Contoso كلمات المرور');
    expect(
      await page.getByRole('link', { name: 'تغيير كلمة المرور في البوابة' }).getAttribute('href'),
    ).toMatch(/^https:\/\/passwords\.contoso\.example\/change/);
    await page.close();
  });

  it('words the popup in Arabic and lays it out right to left', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
    await page.getByRole('button', { name: 'تغيير كلمة المرور' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'ar',
      'rtl',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
