import type { ContentTypeSpec } from './case-shape.js';
import type { BodySpec, FormField, Utf8Mode } from './fuzz-body.js';
import type { FuzzValue } from './fuzz-values.js';
import { percentEncode } from './percent-encoding.js';

export const BOUNDARY = '----passgate-fuzz-7d3a';

const NATURAL: Record<Exclude<BodySpec['kind'], 'none'> | 'multipart' | 'json', string> = {
  form: 'application/x-www-form-urlencoded',
  padded: 'application/x-www-form-urlencoded',
  multipart: `multipart/form-data; boundary=${BOUNDARY}`,
  json: 'application/json',
  bytes: 'application/octet-stream',
};

function toBytes(text: string, mode: Utf8Mode): Uint8Array {
  if (mode === 'latin1') return new Uint8Array(Buffer.from(text, 'latin1'));
  const bytes = new TextEncoder().encode(text);
  if (mode === 'valid') return bytes;
  // A stray continuation byte in the middle and a truncated two-byte sequence at the end.
  const middle = bytes.length >> 1;
  return new Uint8Array([...bytes.subarray(0, middle), 0xff, ...bytes.subarray(middle), 0xc3]);
}

function urlencoded(fields: readonly [string, string][], raw: boolean): string {
  const encode = (text: string): string => (raw ? text : percentEncode(text));
  return fields.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

function multipart(fields: readonly [string, string][]): string {
  const parts = fields.map(
    ([name, value], i) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"` +
      // Every fifth part is sent as a file upload: the parser hands back a File, not a string.
      `${i % 5 === 4 ? '; filename="x.txt"\r\nContent-Type: text/plain' : ''}\r\n\r\n${value}\r\n`,
  );
  return `${parts.join('')}--${BOUNDARY}--\r\n`;
}

/** The body's bytes and the Content-Type header it goes with (null: no header). */
export function encodeBody(
  body: BodySpec,
  contentType: ContentTypeSpec,
  resolve: (value: FuzzValue) => string,
): { bytes: Uint8Array | null; contentType: string | null } {
  const pairs = (fields: FormField[]): [string, string][] =>
    fields.map((field) => [field.name, resolve(field.value)]);
  let bytes: Uint8Array | null = null;
  let natural: string | null = null;
  switch (body.kind) {
    case 'none':
      break;
    case 'bytes':
      bytes = body.bytes;
      natural = NATURAL.bytes;
      break;
    case 'padded': {
      const text = urlencoded(pairs(body.fields), false);
      const room = Math.max(0, body.size - text.length - '&pad='.length);
      bytes = new TextEncoder().encode(`${text}&pad=${'a'.repeat(room)}`);
      natural = NATURAL.padded;
      break;
    }
    case 'form': {
      const fields = pairs(body.fields);
      const text =
        body.encoding === 'json'
          ? JSON.stringify(Object.fromEntries(fields))
          : body.encoding === 'multipart'
            ? multipart(fields)
            : urlencoded(fields, body.rawValues);
      bytes = toBytes(text, body.utf8);
      natural = body.encoding === 'urlencoded' ? NATURAL.form : NATURAL[body.encoding];
      break;
    }
  }
  return { bytes, contentType: headerFor(contentType, natural) };
}

function headerFor(spec: ContentTypeSpec, natural: string | null): string | null {
  if (typeof spec === 'object') return spec.literal;
  const base = natural ?? 'application/x-www-form-urlencoded';
  switch (spec) {
    case 'match':
      return natural;
    case 'none':
      return null;
    case 'charset-latin1':
      return `${base}; charset=ISO-8859-1`;
    case 'charset-utf16':
      return `${base}; charset=utf-16`;
    case 'charset-garbage':
      return `${base}; charset="x\\"y`;
    case 'upper':
      return base.toUpperCase();
    case 'text-plain':
      return 'text/plain;charset=UTF-8';
    case 'multipart-no-boundary':
      return 'multipart/form-data';
    case 'multipart-wrong-boundary':
      return 'multipart/form-data; boundary=nope';
    case 'json':
      return 'application/json';
    case 'garbage':
      return '\u00ff/\u00ff; ;;=';
  }
}
