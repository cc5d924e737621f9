import { isExternal, portalAddress } from './classify-entry.js';
import { csvRecords } from './csv-records.js';

export interface CsvUserRow {
  /** The line the row starts on (the header is line 1). */
  line: number;
  /** Trimmed, as written; a valid sign-in address. */
  email: string;
  name: string | null;
}

export interface CsvRowError {
  line: number;
  message: string;
}

export type CsvParseResult = { ok: true; rows: CsvUserRow[] } | { ok: false; errors: CsvRowError[] };

const MAX_NAME = 256;
const HEADER = ['email', 'name'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The line of each undecodable byte sequence, so the admin can find it in an editor. */
function badUtf8Lines(bytes: Uint8Array): number[] {
  const lines: number[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      lines.push(line);
    }
    start = end + 1;
  }
  return lines;
}

function checkRow(
  line: number,
  fields: string[],
  columns: { email: number; name: number },
): CsvUserRow | string {
  if (fields.length !== HEADER.length)
    return `expected 2 fields (email,name), found ${fields.length}: a name with a comma must be in double quotes`;
  const email = (fields[columns.email] ?? '').trim();
  const name = (fields[columns.name] ?? '').trim();
  if (email === '') return 'the email field is empty';
  if (isExternal(email))
    return `${JSON.stringify(email)} is a guest's name in Microsoft 365 (#EXT#), not an e-mail address: leave guests out`;
  if (portalAddress(email) === null)
    return `${JSON.stringify(email)} is not an e-mail address the portal can sign in with`;
  return nameProblem(name) ?? { line, email, name: name === '' ? null : name };
}

/** What is wrong with a person's display name (trimmed), or null: the import's rule, and `users add`'s. */
export function nameProblem(name: string): string | null {
  if (CONTROL.test(name)) return 'the name holds a control character (a line break or a tab?)';
  if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
  return null;
}

/**
 * Reads a UTF-8 CSV of people to import: a header row naming the columns `email` and `name` (either
 * order), then one person per row; blank lines are ignored. Every bad row is reported with its line, and
 * then no row is returned at all: the import writes nothing from a file with a mistake in it.
 */
export function parseUserCsv(bytes: Uint8Array): CsvParseResult {
  const badLines = badUtf8Lines(bytes);
  if (badLines.length > 0)
    return {
      ok: false,
      errors: badLines.map((line) => ({ line, message: 'not UTF-8 text: save the file as UTF-8' })),
    };
  const text = new TextDecoder('utf-8').decode(bytes); // drops a leading byte-order mark
  const rows: CsvUserRow[] = [];
  const errors: CsvRowError[] = [];
  let columns: { email: number; name: number } | null = null;
  for (const record of csvRecords(text)) {
    const blank = record.error === null && record.fields.length === 1 && record.fields[0]?.trim() === '';
    if (blank) continue;
    if (record.error !== null) {
      errors.push({ line: record.line, message: record.error });
      if (columns === null) return { ok: false, errors };
      continue;
    }
    if (columns === null) {
      const names = record.fields.map((f) => f.trim().toLowerCase());
      const email = names.indexOf('email');
      const name = names.indexOf('name');
      if (names.length !== HEADER.length || email === -1 || name === -1) {
        errors.push({
          line: record.line,
          message: `expected the header row "email,name", found ${JSON.stringify(record.fields.join(','))}`,
        });
        return { ok: false, errors };
      }
      columns = { email, name };
      continue;
    }
    const row = checkRow(record.line, record.fields, columns);
    if (typeof row === 'string') errors.push({ line: record.line, message: row });
    else rows.push(row);
  }
  if (columns === null)
    return {
      ok: false,
      errors: [{ line: 1, message: 'the file is empty: expected the header row "email,name"' }],
    };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
