export interface ParsedRegValue {
  key: string;
  name: string;
  type: 'REG_SZ' | 'REG_DWORD';
  data: string | number;
}

function unquote(text: string, where: string): [string, string] {
  if (!text.startsWith('"')) throw new Error(`${where}: expected a quoted string`);
  let value = '';
  let i = 1;
  for (; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      const next = text[++i];
      if (next !== '\\' && next !== '"') throw new Error(`${where}: bad escape \\${next}`);
      value += next;
    } else if (char === '"') {
      return [value, text.slice(i + 1)];
    } else {
      value += char;
    }
  }
  throw new Error(`${where}: unterminated string`);
}

/**
 * A strict reader of Registry Editor 5.00 files, enough for policies: UTF-16LE with a BOM,
 * CRLF lines, [key] headers, "name"="string" and "name"=dword:8-hex-digits values, ; comments.
 * Anything else fails, so the generator cannot drift into something regedit would misread.
 */
export function parseRegFile(bytes: Buffer): ParsedRegValue[] {
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) throw new Error('expected a UTF-16LE byte-order mark');
  const text = bytes.subarray(2).toString('utf16le');
  if (/[^\r]\n/.test(text)) throw new Error('expected CRLF line ends');
  const lines = text.split('\r\n');
  if (lines[0] !== 'Windows Registry Editor Version 5.00') throw new Error('missing the 5.00 header');
  const values: ParsedRegValue[] = [];
  let key: string | null = null;
  lines.slice(1).forEach((line, i) => {
    const where = `line ${i + 2}`;
    if (line === '' || line.startsWith(';')) return;
    const header = /^\[(HKEY_LOCAL_MACHINE\\[^\]]+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      key = header[1];
      return;
    }
    if (key === null) throw new Error(`${where}: value before any [key]`);
    const [name, rest] = unquote(line, where);
    if (!rest.startsWith('=')) throw new Error(`${where}: expected =`);
    const data = rest.slice(1);
    const dword = /^dword:([0-9a-f]{8})$/.exec(data);
    if (dword?.[1] !== undefined) {
      values.push({ key, name, type: 'REG_DWORD', data: Number.parseInt(dword[1], 16) });
      return;
    }
    const [string, tail] = unquote(data, where);
    if (tail !== '') throw new Error(`${where}: text after the value`);
    values.push({ key, name, type: 'REG_SZ', data: string });
  });
  return values;
}
