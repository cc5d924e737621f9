import type { Kysely } from 'kysely';
import type { PortalConfig } from '../config/portal-config.js';
import { createSealer, type Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { type CodeHasher, createCodeHasher } from './code-hasher.js';

/** What the recovery functions need; runtime.ts builds one per process. */
export interface RecoveryDeps {
  db: Kysely<Database>;
  /** publicUrl: the passkeys' relying party (its host is their rpID, its origin the only one accepted). */
  config: Pick<
    PortalConfig,
    'recovery' | 'organisation' | 'tenants' | 'publicUrl' | 'defaultLanguage' | 'messages'
  >;
  /** Seals authenticator secrets (purpose 'totp', bound to the method's row). */
  totpSealer: Sealer;
  /** Seals queued mails (purpose 'mail'). */
  mailSealer: Sealer;
  codes: CodeHasher;
  /** The in-process mail sender, woken when a code is queued (null: another process sends). */
  mailSender: { wake(): void } | null;
  now: () => Date;
}

/** Builds the deps from the config's secret key (each use its own derived key). */
export function createRecoveryDeps(options: {
  db: Kysely<Database>;
  config: Pick<
    PortalConfig,
    'recovery' | 'organisation' | 'tenants' | 'publicUrl' | 'secretKey' | 'defaultLanguage' | 'messages'
  >;
  mailSender: { wake(): void } | null;
  now: () => Date;
}): RecoveryDeps {
  const { secretKey } = options.config;
  return {
    db: options.db,
    config: options.config,
    totpSealer: createSealer(secretKey, 'totp'),
    mailSealer: createSealer(secretKey, 'mail'),
    codes: createCodeHasher(secretKey),
    mailSender: options.mailSender,
    now: options.now,
  };
}
