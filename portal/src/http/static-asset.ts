import { createHash } from 'node:crypto';
import { type CompressedBodies, compressOnce } from './compress-once.js';

/** A file held in memory, with the version that goes into its URL so it can be cached for a year. */
export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  version: string;
  href: string;
  /** The body compressed once, at start (text types only): see compress-once.ts. */
  compressed: CompressedBodies;
}

/** A file from its bytes: versioned by the hash of its content, compressed once when it is text. */
export function assetOf(bytes: Uint8Array, contentType: string, urlPath: string): StaticAsset {
  const body = new Uint8Array(bytes);
  const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return {
    body,
    contentType,
    version,
    href: `${urlPath}?v=${version}`,
    compressed: compressOnce(body, contentType),
  };
}
