import type { Logger } from 'pino';
import type { PortalConfig } from '../config/portal-config.js';
import { createLogger } from '../log/create-logger.js';
import type { CliIo } from './cli-io.js';

/** The portal's logger for a one-shot command: JSON lines on stderr, so stdout stays the command's output. */
export function cliLogger(config: PortalConfig, io: CliIo): Logger {
  return createLogger({ level: config.log.level, destination: { write: (line) => io.err(line.trimEnd()) } });
}
