/** One CSV record: the line it starts on (1-based), its fields, and what is wrong with it, if anything. */
export interface CsvRecord {
  line: number;
  fields: string[];
  error: string | null;
}

const UNCLOSED = 'a quoted field is never closed: a closing quote (") is missing';
const AFTER_QUOTE = 'after a closing quote, expected a comma or the end of the line';
const STRAY_QUOTE =
  'a quote inside a field that does not start with one: put the whole field in quotes and write the quote twice ("")';

function endOfLine(text: string, i: number): number {
  if (text[i] === '\n') return 1;
  return text[i] === '\r' && text[i + 1] === '\n' ? 2 : 0;
}

/**
 * Splits CSV text into records as RFC 4180 has them: comma-separated fields, CRLF or LF line ends, a
 * field in double quotes may hold commas, line breaks and quotes written twice. A record with a
 * malformed field carries an error and ends at the end of its line, so every bad line is reported,
 * not only the first.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const skipLine = (): void => {
    while (i < text.length && endOfLine(text, i) === 0) i++;
    if (i < text.length) {
      i += endOfLine(text, i);
      line++;
    }
  };
  while (i < text.length) {
    const record: CsvRecord = { line, fields: [], error: null };
    let field = '';
    let quoted = false;
    let started = false;
    for (;;) {
      if (i >= text.length) {
        if (quoted) record.error = UNCLOSED;
        record.fields.push(field);
        break;
      }
      const c = text[i] as string;
      if (!started && c === '"') {
        started = true;
        quoted = true;
        i++;
        continue;
      }
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
          if (i < text.length && text[i] !== ',' && endOfLine(text, i) === 0) {
            record.error = AFTER_QUOTE;
            record.fields.push(field);
            skipLine();
            break;
          }
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      const eol = endOfLine(text, i);
      if (eol > 0) {
        record.fields.push(field);
        i += eol;
        line++;
        break;
      }
      if (c === ',') {
        record.fields.push(field);
        field = '';
        started = false;
        i++;
        continue;
      }
      if (c === '"') {
        record.error = STRAY_QUOTE;
        record.fields.push(field);
        skipLine();
        break;
      }
      field += c;
      started = true;
      i++;
    }
    yield record;
  }
}
