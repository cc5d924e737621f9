import type { AuditEvent } from '@passgate/core/events';
import { describe, expect, it } from 'vitest';
import { auditCsvHeaderLine, auditCsvLine, csvCell } from './audit-csv.js';

describe('csvCell()', () => {
  it('prefixes a cell a spreadsheet would run as a formula with an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`);
  });

  it('quotes every cell, doubling quotes inside, so commas, semicolons and line breaks stay in their cell', () => {
    expect(csvCell('ann@contoso.example')).toBe('"ann@contoso.example"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(true)).toBe('"true"');
  });

  it('keeps a semicolon-smuggled formula inside one quoted cell (Excel with ; as list separator)', () => {
    // Unquoted, a semicolon-locale Excel reads this as two cells, the second one a formula.
    expect(csvCell("Mozilla;=cmd|' /C calc'!A0")).toBe(`"Mozilla;=cmd|' /C calc'!A0"`);
    expect(csvCell(';=1+1')).toBe('";=1+1"');
  });
});

describe('auditCsvLine()', () => {
  it('writes one CRLF-terminated line in the header order, with a hostile user agent defused', () => {
    const event: AuditEvent = {
      id: 'e1',
      event_type: 'user_unlocked',
      timestamp: '2026-11-30T12:00:00.000Z',
      resource: { type: 'user', id: 'u1', username: 'ann@contoso.example' },
      changes: [{ field: 'locked', from: true, to: false }],
      initiated_by: { type: 'admin', id: 'sub-1', email: 'it@contoso.example' },
      client_ip: null,
      useragent: '=cmd|"/c calc"!A1',
      success: true,
      error_message: null,
      correlation: { id: 'c1' },
    };
    expect(auditCsvLine(event)).toBe(
      '"e1","user_unlocked","2026-11-30T12:00:00.000Z","user","u1","ann@contoso.example","admin","sub-1","it@contoso.example","true","locked: true -> false","","","\'=cmd|""/c calc""!A1","c1"\r\n',
    );
  });
});

describe('auditCsvHeaderLine()', () => {
  it('quotes the header names like every other cell', () => {
    expect(auditCsvHeaderLine()).toMatch(/^"id","event_type","timestamp",.*"correlation_id"\r\n$/);
  });
});
