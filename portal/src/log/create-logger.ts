import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Field names that may hold a secret anywhere in a log object. The code never logs a password on
 * purpose; this is the second line of defence for the day someone logs a whole request or config.
 */
const SECRET_KEYS = [
  'password',
  'currentPassword',
  'newPassword',
  'confirmPassword',
  'secretKey',
  'clientSecret',
  'privateKeyPem',
  'payload',
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'accessToken',
  // The admin console's OpenID Connect sign-in (admin/oidc-relying-party.ts).
  'idToken',
  'id_token',
  'access_token',
  'code_verifier',
  'codeVerifier',
];

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((key) => [
  `${key}`,
  `*.${key}`,
  `*.*.${key}`,
]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'config.tenants[*].graph.clientSecret',
  'config.mail.password',
  'config.admin.oidc.clientSecret',
]);

export interface CreateLoggerOptions {
  level?: LoggerOptions['level'];
  /** Where lines go (default stdout); tests pass a stream to scan for leaks. */
  destination?: DestinationStream;
}

/** The portal's structured logger (JSON lines) with secrets redacted. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const settings: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'passgate' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
