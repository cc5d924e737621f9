import { rm } from 'node:fs/promises';
import { cloudHosts } from '@passgate/core/m365';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { setUserOptions } from './support/extension-storage.js';
import {
  type DnrRuleView,
  type ExtensionBrowser,
  launchWithExtension,
  redirectsTo,
} from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

const executablePath = chromiumPath();
const ALL_CLOUDS = { clouds: ['global', 'usgov', 'china'], organisationName: 'Contoso' };

function coversUsGov(rules: DnrRuleView[]): boolean {
  return rules.some((rule) => rule.condition.regexFilter?.includes('microsoftonline\\.us') === true);
}

// Every host Microsoft serves its password pages on, in every cloud and in the fully qualified
// form (trailing dot), each answered by a local HTTPS stand-in through --host-resolver-rules.
describe.skipIf(executablePath === undefined)('the pages on every Microsoft host, in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    [extensionDir, microsoft, portal] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startTestPortal({ startWorker: false }),
    ]);
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
    await setUserOptions(browser.worker, { portalUrl: portal.url, ...ALL_CLOUDS });
    await browser.waitForRules((rules) => redirectsTo(portal.url)(rules) && coversUsGov(rules));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  it.each([...cloudHosts('signIn'), 'login.microsoftonline.com.'])(
    'covers the expired-password page on %s with the notice',
    async (host) => {
      const page = await browser.context.newPage();
      const url = `https://${host}/common/expired?ctx=1`;
      await page.goto(url);
      const notice = page.getByRole('alertdialog');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('Contoso manages passwords');
      const href = await notice
        .getByRole('link', { name: 'Change my password in the portal' })
        .getAttribute('href');
      expect(href).toBe(`${portal.url}/change?from=${encodeURIComponent(url)}`);
      await page.close();
    },
  );

  it('blocks the expired page posting its change on a national sign-in host', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://login.microsoftonline.us/common/expired');
    await page.getByRole('alertdialog').waitFor();
    const sent = await page.evaluate(() =>
      fetch('/common/SSPR/Begin', { method: 'POST', body: 'x' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(sent).toBe('blocked');
    expect(microsoft.requests.some((request) => request.url.endsWith('/SSPR/Begin'))).toBe(false);
    await page.close();
  });

  it.each([
    'https://passwordreset.microsoftonline.us/?ru=https%3a%2f%2flogin.microsoftonline.us',
    'https://passwordreset.activedirectory.windowsazure.cn/?mkt=zh-cn',
    'https://passwordreset.microsoftonline.com./?x=1',
  ])('sends the self-service reset page %s to the portal', async (url) => {
    const page = await browser.context.newPage();
    await page.goto(url);
    expect(page.url()).toBe(`${portal.url}/reset?from=${url}`);
    await expectPortalPage(page, { path: '/reset', from: url });
    await page.close();
  });

  it('leaves the national clouds alone when the settings cover only the global one', async () => {
    await setUserOptions(browser.worker, { portalUrl: portal.url, clouds: ['global'] });
    await browser.waitForRules((rules) => redirectsTo(portal.url)(rules) && !coversUsGov(rules));
    const page = await browser.context.newPage();
    const url = 'https://passwordreset.microsoftonline.us/';
    await page.goto(url);
    expect(page.url()).toBe(url);
    expect(await page.locator('h1').textContent()).toBe('passwordreset.microsoftonline.us/');
    await page.close();
  });
});
