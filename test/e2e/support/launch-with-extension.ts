import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The throw-away profile folder (the browser keeps the extension's dynamic rules under it). */
  userDataDir: string;
  /** Dynamic DNR rules as the running extension has them. */
  rules(): Promise<DnrRuleView[]>;
  /** Waits until the installed rules satisfy `accept` (settings load asynchronously). */
  waitForRules(accept: (rules: DnrRuleView[]) => boolean, timeoutMs?: number): Promise<DnrRuleView[]>;
  close(): Promise<void>;
}

export interface DnrRuleView {
  id: number;
  action: { type: string; redirect?: { regexSubstitution?: string } };
  condition: { regexFilter?: string };
}

/**
 * Headless Chromium with the unpacked extension loaded, in a throw-away profile. Flags from
 * shared/reference/browser-testing.md; `hostResolverRules` points Microsoft hosts at a stand-in.
 */
export async function launchWithExtension(options: {
  executablePath: string;
  extensionDir: string;
  hostResolverRules?: string;
  /** The browser's UI language (chrome.i18n's), e.g. `ar`; default the machine's. */
  lang?: string;
}): Promise<ExtensionBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'passgate-profile-'));
  const args = [
    `--disable-extensions-except=${options.extensionDir}`,
    `--load-extension=${options.extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--ignore-certificate-errors',
  ];
  if (options.hostResolverRules !== undefined)
    args.push(`--host-resolver-rules=${options.hostResolverRules}`);
  if (options.lang !== undefined) args.push(`--lang=${options.lang}`);
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath,
      headless: true,
      args,
    });
    const worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    const extensionId = new URL(worker.url()).host;
    const rules = (): Promise<DnrRuleView[]> =>
      worker.evaluate('chrome.declarativeNetRequest.getDynamicRules()') as Promise<DnrRuleView[]>;
    const opened = context;
    return {
      context: opened,
      worker,
      extensionId,
      userDataDir,
      rules,
      async waitForRules(accept, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const current = await rules();
          if (accept(current)) return current;
          if (Date.now() > deadline) throw new Error(`rules never matched; last: ${JSON.stringify(current)}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      },
      async close() {
        await opened.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** True when some redirect rule sends to `portalUrl`. */
export function redirectsTo(portalUrl: string): (rules: DnrRuleView[]) => boolean {
  return (rules) =>
    rules.some((rule) => rule.action.redirect?.regexSubstitution?.startsWith(`${portalUrl}/`) === true);
}
