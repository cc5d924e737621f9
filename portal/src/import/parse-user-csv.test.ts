import { describe, expect, it } from 'vitest';
import { parseUserCsv } from './parse-user-csv.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseUserCsv()', () => {
  it('reads a header row and one person per row, names optional, blank lines ignored', () => {
    const result = parseUserCsv(
      utf8('email,name\r\nann@contoso.example,Ann Lee\r\n\r\nBob@Contoso.example,\n'),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, email: 'ann@contoso.example', name: 'Ann Lee' },
        { line: 4, email: 'Bob@Contoso.example', name: null },
      ],
    });
  });

  it('takes the columns in either order, a byte-order mark, and no newline at the end', () => {
    expect(parseUserCsv(utf8('\uFEFFName , EMAIL\nZoë Ďurková,zoe@contoso.example'))).toEqual({
      ok: true,
      rows: [{ line: 2, email: 'zoe@contoso.example', name: 'Zoë Ďurková' }],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting lines as an editor does', () => {
    const text =
      'email,name\n"lee@contoso.example","Lee, Ann ""Annie"""\n"kim@contoso.example","Kim\nPark"\nmo@contoso.example,Mo\n';
    const result = parseUserCsv(utf8(text));
    expect(result).toEqual({
      ok: false,
      errors: [{ line: 3, message: 'the name holds a control character (a line break or a tab?)' }],
    });
    const fine = parseUserCsv(
      utf8('email,name\n"lee@contoso.example","Lee, Ann ""Annie"""\nmo@contoso.example,Mo\n'),
    );
    expect(fine).toEqual({
      ok: true,
      rows: [
        { line: 2, email: 'lee@contoso.example', name: 'Lee, Ann "Annie"' },
        { line: 3, email: 'mo@contoso.example', name: 'Mo' },
      ],
    });
  });

  it('reports every bad row with its line and returns no row at all', () => {
    const text = [
      'email,name',
      'ann@contoso.example,Ann',
      'not-an-address,Bob',
      ',Nobody',
      'cy@contoso.example,Cy,extra',
      'dee@contoso.example,Dee "D" Smith',
      '"eve@contoso.example"x,Eve',
      'ann_fabrikam.example#EXT#@contoso.onmicrosoft.com,Guest',
      `fay@contoso.example,${'F'.repeat(257)}`,
      'gus@contoso.example,"Gus',
    ].join('\n');
    const result = parseUserCsv(utf8(text));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.errors.map((e) => e.message)).toEqual([
      '"not-an-address" is not an e-mail address the portal can sign in with',
      'the email field is empty',
      'expected 2 fields (email,name), found 3: a name with a comma must be in double quotes',
      expect.stringMatching(/^a quote inside a field that does not start with one/),
      'after a closing quote, expected a comma or the end of the line',
      expect.stringMatching(/is a guest's name in Microsoft 365 \(#EXT#\), not an e-mail address/),
      'the name is longer than 256 characters',
      'a quoted field is never closed: a closing quote (") is missing',
    ]);
  });

  it('refuses a file without the header row, an empty file, and says so on line 1', () => {
    expect(parseUserCsv(utf8('ann@contoso.example,Ann\n'))).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'expected the header row "email,name", found "ann@contoso.example,Ann"' }],
    });
    expect(parseUserCsv(utf8('email\nann@contoso.example\n'))).toMatchObject({
      ok: false,
      errors: [{ line: 1 }],
    });
    expect(parseUserCsv(utf8('\n\n'))).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'the file is empty: expected the header row "email,name"' }],
    });
  });

  it('names each line that is not UTF-8 (a file saved as Latin-1)', () => {
    const latin1 = Uint8Array.from([
      ...utf8('email,name\nzoe@contoso.example,Zo'),
      0xeb, // ë in Latin-1
      ...utf8('\nann@contoso.example,Ann\nbo@contoso.example,Bj'),
      0xf6,
      ...utf8('rn\n'),
    ]);
    expect(parseUserCsv(latin1)).toEqual({
      ok: false,
      errors: [
        { line: 2, message: 'not UTF-8 text: save the file as UTF-8' },
        { line: 4, message: 'not UTF-8 text: save the file as UTF-8' },
      ],
    });
  });
});
