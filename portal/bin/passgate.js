#!/usr/bin/env node
// npm links a workspace's bin only when the file exists at install time, and dist/ appears only
// after `npm run build`; this committed launcher is what npm links.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write('Passgate is not built yet: run `npm run build` first.\n');
  process.exitCode = 1;
}
