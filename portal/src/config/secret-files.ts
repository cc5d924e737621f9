import { readFileSync } from 'node:fs';
import { describeReadError } from '@passgate/core/files';
import { ConfigError, type ConfigProblem } from './config-error.js';

type Env = Record<string, string | undefined>;

/** The variables that carry secrets, each of which may also be given as `<NAME>_FILE`. */
const SECRET_VARIABLE =
  /^PASSGATE_(SECRET_KEY|DATABASE|MAIL_PASSWORD|METRICS_TOKEN|EXTENSION_ADMIN_TOKEN|ADMIN_OIDC_CLIENT_SECRET|TENANT_[A-Z0-9_]+_CLIENT_SECRET)$/;

/**
 * Turns each secret variable given as a file (`PASSGATE_SECRET_KEY_FILE=/run/credentials/…/secret-key`)
 * into the variable itself, so a service manager's credentials (systemd's LoadCredential=, a container
 * runtime's secrets) reach the portal without the secret ever sitting in the environment block that
 * `ps e` and /proc/PID/environ show. One trailing line break is dropped (`echo` adds it); nothing else
 * is changed. A variable given both ways is refused: which one wins would be a guess.
 */
export function readSecretFiles(env: Env): Env {
  const out: Env = { ...env };
  const problems: ConfigProblem[] = [];
  for (const [key, path] of Object.entries(env)) {
    if (!key.endsWith('_FILE') || path === undefined || path === '') continue;
    const name = key.slice(0, -'_FILE'.length);
    if (!SECRET_VARIABLE.test(name)) continue;
    const field = `environment ${key}`;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push({ field, message: `set ${name} or ${key}, not both` });
      continue;
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push({ field, message: `${path}: ${describeReadError(error)}` });
      continue;
    }
    if (text === '') problems.push({ field, message: `${path} is empty` });
    else out[name] = text;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
