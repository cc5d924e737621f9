import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type SeededApp, seedDemo, seedFromFile } from './seed.js';
import { startM365Emulator } from './start-m365-emulator.js';

const USAGE = `Usage: npm run emulator -w test -- [--port N] [--host H] [--ca-out FILE] [--demo | --seed FILE.json]

Starts the local Microsoft 365 emulator (a test double, not Microsoft). It seeds nothing unless
--demo (a Contoso tenant, Passgate's app and three users) or --seed FILE.json is given.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'ca-out': { type: 'string' },
      demo: { type: 'boolean', default: false },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port: expected a port number 0-65535');
  const emulator = await startM365Emulator({ port, host: values.host });
  const caPath = values['ca-out'] ?? join(mkdtempSync(join(tmpdir(), 'm365-emulator-')), 'ca.pem');
  writeFileSync(caPath, emulator.caCertificatePem);
  let apps: SeededApp[] = [];
  if (values.seed) apps = seedFromFile(emulator, values.seed);
  else if (values.demo) apps = seedDemo(emulator);

  console.log(`Microsoft 365 emulator (test double) listening on ${emulator.origin}`);
  console.log(`CA certificate: ${caPath}`);
  console.log(`Status page: ${emulator.origin}/_emulator/`);
  console.log(`Client config cloud: ${JSON.stringify(emulator.cloud)}`);
  for (const app of apps) console.log(`App: ${JSON.stringify(app)}`);

  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`m365-emulator: ${(error as Error).message}`);
  process.exit(1);
});
