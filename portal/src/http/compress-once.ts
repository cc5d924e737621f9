import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Encoded forms of one static body; absent where the encoding would not make it smaller. */
export interface CompressedBodies {
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

const done = new Map<string, CompressedBodies>();

const COMPRESSIBLE = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;

/**
 * Compresses a static body once, at start, at the highest levels: the files are few and never
 * change while the process runs, so brotli's slow best setting costs tens of milliseconds once
 * instead of CPU on every request (hono/compress would gzip per response, and cannot brotli on Node 20).
 * Only public, identical-for-everyone files get here, never pages: see docs/admin.md "Compression".
 */
export function compressOnce(body: Uint8Array, contentType: string): CompressedBodies {
  if (!COMPRESSIBLE.test(contentType)) return {};
  // Apps made again in one process (tests, a reload) find the same files: compress each once.
  const key = createHash('sha256').update(body).digest('hex');
  const known = done.get(key);
  if (known !== undefined) return known;
  const out: CompressedBodies = {};
  done.set(key, out);
  const br = new Uint8Array(
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    }),
  );
  if (br.byteLength < body.byteLength) out.br = br;
  const gzip = new Uint8Array(gzipSync(body, { level: 9 }));
  if (gzip.byteLength < body.byteLength) out.gzip = gzip;
  return out;
}

/**
 * The encoding to send for an Accept-Encoding header: brotli, then gzip, each only when listed with a
 * non-zero q (RFC 9110 §12.5.3); null for the body as it is.
 */
export function pickEncoding(
  acceptEncoding: string | undefined,
  available: CompressedBodies,
): 'br' | 'gzip' | null {
  if (acceptEncoding === undefined) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (name: string): boolean => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (available.br !== undefined && allows('br')) return 'br';
  if (available.gzip !== undefined && allows('gzip')) return 'gzip';
  return null;
}
