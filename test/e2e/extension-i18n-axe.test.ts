import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { LANGUAGES } from '@passgate/core/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeViolation, axeViolations } from '../support/axe-scan.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { setUserOptions } from './support/extension-storage.js';
import { launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

// axe-core on the extension's own pages (options, popup, and the expired-password notice on
// Microsoft's page) with the browser's UI language set to each shipped language, on a phone width
// (375 px) and a desktop one (1280 px), light and dark. The UI language is fixed when Chromium starts,
// so each language is one browser, started after the one before has closed (never two at once).
//
// Every combination: each page is reached once per language and scanned in the four combinations in
// place; the cost is in starting a browser per language. In the dark scheme axe runs its colour rules
// only: the options page and the popup have no dark scheme, and the notice's swaps colours and nothing
// else (extension/src/content/scheme-colours.test.ts holds them to it), so every other rule finds there
// what it found in light.
//
// The pages follow chrome.i18n: the languages checked are those the extension ships a _locales folder
// for (pt as pt_BR), so each translation is checked as it lands. Chromium must be able to run in each
// (Debian: the chromium-l10n package), which the test asserts rather than scanning English twice.

const executablePath = chromiumPath();
const EXPIRED = 'https://login.microsoftonline.com/common/expired?ctx=abc&flow=1';
const PORTAL = 'https://passwords.contoso.example';
const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [375, 1280] as const;
const COMBINATIONS = SCHEMES.flatMap((scheme) => WIDTHS.map((width) => ({ scheme, width })));
const SHIPPED_FOLDERS = readdirSync(new URL('../../extension/public/_locales/', import.meta.url));
const EXTENSION_LANGUAGES = LANGUAGES.filter((language) =>
  SHIPPED_FOLDERS.some((folder) => folder === language || folder.startsWith(`${language}_`)),
);

describe.skipIf(executablePath === undefined)('axe-core on the extension’s pages in every language', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;

  beforeAll(async () => {
    [extensionDir, microsoft] = await Promise.all([buildExtension(), startMicrosoftStandIn()]);
  });
  afterAll(async () => {
    await microsoft?.close();
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  it('ships the extension in English at least', () => {
    expect(EXTENSION_LANGUAGES).toContain('en');
  });

  for (const language of EXTENSION_LANGUAGES) {
    it(`finds no axe violations on the options page, popup and notice in ${language}`, async () => {
      const browser = await launchWithExtension({
        executablePath: executablePath ?? '',
        extensionDir,
        hostResolverRules: microsoft.hostResolverRules,
        // Chrome's own name for the Portuguese the extension ships (its _locales/pt_BR).
        lang: language === 'pt' ? 'pt-BR' : language,
      });
      try {
        // The extension really speaks this language (else the scans would prove nothing about it): its
        // messages come from that _locales folder. (getUILanguage() stays en-US in a Chromium without
        // its l10n packs, while chrome.i18n already picks the folder --lang names.)
        expect(
          String(await browser.worker.evaluate("chrome.i18n.getMessage('language')")).split('-')[0],
        ).toBe(language);
        await setUserOptions(browser.worker, {
          portalUrl: PORTAL,
          organisationName: 'Contoso',
          supportUrl: 'https://help.contoso.example/passwords',
        });
        const found: Record<string, AxeViolation[] | string> = {};
        const page = await browser.context.newPage();
        // Each page once reached is scanned in the four width/scheme combinations in place (the viewport
        // resized and the colour scheme switched): the pages follow both through CSS alone.
        const scanInPlace = async (name: string): Promise<void> => {
          const lang = await page.evaluate(() => document.documentElement.lang);
          for (const { scheme, width } of COMBINATIONS) {
            await page.emulateMedia({ colorScheme: scheme });
            await page.setViewportSize({ width, height: 800 });
            found[`${name}, ${scheme} ${width}`] =
              lang.split('-')[0] !== language
                ? `lang="${lang}"`
                : await axeViolations(page, undefined, scheme === 'dark' ? 'colour' : 'all');
          }
        };
        await page.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
        await expect.poll(() => page.locator('#portalUrl').inputValue()).toBe(PORTAL);
        await scanInPlace('options');
        await page.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
        await page.locator('#app *').first().waitFor();
        await scanInPlace('popup');
        // The notice needs the options applied; the worker installs them while the two pages are scanned.
        await browser.waitForRules(redirectsTo(PORTAL));
        await page.goto(EXPIRED);
        await page.getByRole('alertdialog').waitFor();
        // The notice's card only: contrast over the translucent backdrop axe cannot judge (notice.ts).
        for (const { scheme, width } of COMBINATIONS) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.setViewportSize({ width, height: 800 });
          found[`expired notice, ${scheme} ${width}`] = await axeViolations(
            page,
            ['passgate-notice', '.card'],
            scheme === 'dark' ? 'colour' : 'all',
          );
        }
        const failing = Object.fromEntries(
          Object.entries(found).filter(([, result]) => typeof result === 'string' || result.length > 0),
        );
        expect(Object.keys(found).length).toBe(3 * COMBINATIONS.length);
        expect(failing).toEqual({});
      } finally {
        await browser.close();
      }
    });
  }
});
