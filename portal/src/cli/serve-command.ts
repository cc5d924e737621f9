import { parseArgs } from 'node:util';
import { openPortal } from '../runtime.js';
import { type RunningServer, startServer } from '../server.js';
import type { CliIo } from './cli-io.js';
import { listenFailure } from './listen-failure.js';
import { loadCliConfig } from './load-cli-config.js';

/** `passgate serve --config FILE`: the portal and its sync worker until SIGINT/SIGTERM. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' } }, strict: true });
  const config = await loadCliConfig(values.config, io.env);
  const portal = await openPortal(config);
  let server: RunningServer;
  try {
    server = await startServer(portal);
  } catch (error) {
    // openPortal has started the sync worker, mail sender and scheduler: left running without a web
    // server, the process would work on headless and never exit, so systemd would never restart it.
    await portal.close();
    io.err(`passgate serve: ${listenFailure(error, config.host, config.port)}`);
    return 1;
  }
  io.out(`Passgate is listening on ${server.url} (public address ${config.publicUrl})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      portal.logger.info({ signal }, 'shutting down: finishing the sync jobs in flight');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  // Jobs in flight finish or keep their lease; either way the next start resumes them.
  await portal.close();
  return 0;
}
