import type { BrowserContext, CDPSession } from 'playwright-core';
import { waitUntil } from '../../support/wait-until.js';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface WorkerWatch {
  /** Whether the extension's service worker runs now, as the browser lists its targets. */
  running(): Promise<boolean>;
  /** Stops the extension's service worker, as the browser does with an idle one, and waits until it is gone. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches the extension's service worker through the DevTools protocol at browser level: a
 * running worker is listed as a `service_worker` target, a stopped one is not (a started worker
 * stays listed for at least the browser's 30-second idle time).
 */
export async function watchWorker(context: BrowserContext, extensionId: string): Promise<WorkerWatch> {
  const browser = context.browser();
  if (browser === null) throw new Error('no browser behind this context');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const prefix = `chrome-extension://${extensionId}/`;
  const workers = async (): Promise<TargetInfo[]> => {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.filter((info) => info.type === 'service_worker' && info.url.startsWith(prefix));
  };
  return {
    running: async () => (await workers()).length > 0,
    async stop() {
      for (const worker of await workers())
        await cdp.send('Target.closeTarget', { targetId: worker.targetId });
      await waitUntil(async () => (await workers()).length === 0);
    },
    close: () => cdp.detach(),
  };
}
