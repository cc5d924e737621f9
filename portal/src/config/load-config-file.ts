import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { describeReadError } from '@passgate/core/files';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { type Env, parseConfig } from './parse-config.js';
import type { PortalConfig } from './portal-config-schema.js';

/** Reads a JSON (.json) or YAML (anything else) config file and parses it; relative paths are the file's. */
export async function loadConfigFile(path: string, env: Env): Promise<PortalConfig> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError([{ field: '(file)', message: `${absolute}: ${describeReadError(error)}` }]);
  }
  let input: unknown;
  if (extname(absolute).toLowerCase() === '.json') {
    try {
      input = JSON.parse(text);
    } catch {
      throw new ConfigError([{ field: '(file)', message: `${absolute} is not valid JSON` }]);
    }
  } else {
    input = parseYamlConfig(text, absolute);
  }
  const config = parseConfig(input, env, { baseDir: dirname(absolute) });
  await checkReadable(config);
  return config;
}

/**
 * The YAML library's own messages and warnings quote the offending line, which may hold a secret
 * (`secretKey: !vault 9f3a…`): they are collected, never printed, and reported by position only.
 * A warning refuses the file too: an unknown tag would otherwise pass its value on untagged.
 */
function parseYamlConfig(text: string, absolute: string): unknown {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines, logLevel: 'silent' });
  const at = (issue: YAMLError): string => {
    const { line, col } = lines.linePos(issue.pos[0]);
    return `line ${line}, column ${col}`;
  };
  const problems: ConfigProblem[] = [
    ...doc.errors.map((error) => ({
      field: '(file)',
      message: `${absolute} is not valid YAML at ${at(error)} (${error.code})`,
    })),
    ...doc.warnings.map((warning) => ({
      field: '(file)',
      message:
        warning.code === 'TAG_RESOLVE_FAILED'
          ? `${absolute}: unknown YAML tag at ${at(warning)} (Passgate resolves no tags: write the value itself, or set it through the environment)`
          : `${absolute}: YAML that Passgate cannot read as written at ${at(warning)} (${warning.code})`,
    })),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  try {
    return doc.toJS();
  } catch {
    throw new ConfigError([{ field: '(file)', message: `${absolute} is not valid YAML (its aliases)` }]);
  }
}

/** Files the portal reads when it starts serving: a missing one is a config mistake, refused now (exit 78). */
async function checkReadable(config: PortalConfig): Promise<void> {
  const files: [string, string | null][] = [
    ['organisation.logoPath', config.organisation.logoPath],
    ['branding.cssFile', config.branding.cssFile],
  ];
  const problems: ConfigProblem[] = [];
  for (const [field, file] of files) {
    if (file === null) continue;
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      await access(file, constants.R_OK);
    } catch {
      problems.push({ field, message: `expected a readable file, cannot read ${file}` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
