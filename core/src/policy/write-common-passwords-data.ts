import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commonPasswordsText } from './common-passwords-source.js';

/** The TypeScript module that carries the normalised list (see common-passwords-source.ts). */
export function commonPasswordsModule(): string {
  return `// GENERATED from @zxcvbn-ts/language-common's passwords-common list by common-passwords-source.ts.
// Licence: MIT, Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.; Copyright (c) 2021 @zxcvbn-ts.
// Do not edit: common-passwords-data.test.ts fails when this differs from the installed package.
// Regenerate: node --import tsx --conditions=@passgate/source core/src/policy/write-common-passwords-data.ts

/** Normalised common passwords, one per line, most common first. */
export const COMMON_PASSWORDS_TEXT: string =
  ${JSON.stringify(commonPasswordsText())};
`;
}

// Run directly: rewrite the data module next to this file.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(
    fileURLToPath(new URL('./common-passwords-data.ts', import.meta.url)),
    commonPasswordsModule(),
  );
}
