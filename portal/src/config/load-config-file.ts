import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { type Env, parseConfig } from './parse-config.js';
import type { PortalConfig } from './portal-config-schema.js';

/** Reads a JSON (.json) or YAML (anything else) config file and parses it; relative paths are the file's. */
export async function loadConfigFile(path: string, env: Env): Promise<PortalConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new ConfigError([{ field: '(file)', message: `${absolute}: ${reason}` }]);
  }
  let input: unknown;
  try {
    input = extname(absolute).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a secret: give only the position.
    const where = error instanceof Error && 'linePos' in error ? ' (see the line it points at)' : '';
    throw new ConfigError([
      {
        field: '(file)',
        message: `${absolute} is not valid ${extname(absolute) === '.json' ? 'JSON' : 'YAML'}${where}`,
      },
    ]);
  }
  return parseConfig(input, env, { baseDir: dirname(absolute) });
}
