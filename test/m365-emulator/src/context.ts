import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DirectoryAuditLog } from './audit-log.js';
import type { Directory } from './directory.js';
import type { ThrottleBuckets } from './throttle.js';
import type { EmulatorRequest } from './types.js';

/** What every handler shares: the directory, the clocks and the token-signing key. */
export interface EmulatorContext {
  directory: Directory;
  /** The emulator's clock, advanced by advanceClock(): token lifetimes are judged by it. */
  now(): number;
  /** The unadvanced clock: client assertions are signed with the client's real clock. */
  wallNow(): number;
  signingKey: KeyObject;
  signingPublicKey: KeyObject;
  keyId: string;
  throttle: ThrottleBuckets;
  /** Adds a request to requests(): for the requests inside a JSON batch, which arrive with no socket of their own. */
  recordRequest(entry: EmulatorRequest): void;
  /** Every tenant's directory audit log (password writes, whichever door). */
  auditLog: DirectoryAuditLog;
}

/** One request in flight: its ids, body and the log entry it will become. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** https://<Host header>, so links work whether the client used localhost or 127.0.0.1. */
  origin: string;
  requestId: string;
  clientRequestId: string | null;
  body: string;
  log: EmulatorRequest;
  /** Set by a `nextLink` fault: the `@odata.nextLink` a list page carries instead of its own. */
  nextLinkOverride?: string;
}

/** The Graph resource identifiers a token may be issued for and Graph accepts as audience. */
export function graphAudiences(exchange: Exchange, port: number): Set<string> {
  return new Set([
    exchange.origin,
    `https://127.0.0.1:${port}`,
    `https://localhost:${port}`,
    '00000003-0000-0000-c000-000000000000',
  ]);
}
