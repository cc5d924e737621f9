/**
 * Writes public/_locales/<folder>/messages.json for every shipped language from core's catalogues
 * (keys `extension.*`). Run after changing those messages: `npm run generate -w extension`. A unit
 * test fails while a committed file is out of date.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { extensionLocaleFiles, LOCALES_DIR } from './extension-locales.js';

for (const [folder, text] of Object.entries(extensionLocaleFiles())) {
  const dir = new URL(`${folder}/`, LOCALES_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL('messages.json', dir), text);
}
