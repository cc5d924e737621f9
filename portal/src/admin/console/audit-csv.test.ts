import type { AuditEvent } from '@passgate/core/events';
import { describe, expect, it } from 'vitest';
import { auditCsvLine, csvCell } from './audit-csv.js';

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

  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('ann@contoso.example')).toBe('ann@contoso.example');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
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
      'e1,user_unlocked,2026-11-30T12:00:00.000Z,user,u1,ann@contoso.example,admin,sub-1,it@contoso.example,true,locked: true -> false,,,"\'=cmd|""/c calc""!A1",c1\r\n',
    );
  });
});
