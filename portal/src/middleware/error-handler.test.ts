import SQLite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

const FORM = {
  email: 'a@example.org',
  currentPassword: 'Old-Password-2024!',
  newPassword: 'Kettle-Harbour-Violet-93',
  confirmPassword: 'Kettle-Harbour-Violet-93',
};

/** POST /change, where the account service throws `error`. */
async function changeThrowing(error: unknown, headers: Record<string, string> = {}) {
  const accounts = new ScriptedAccounts();
  accounts.changePassword = async () => {
    throw error;
  };
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, logger });
  const response = await submitForm(app, await openForm(app), FORM, { headers });
  return { response, html: await response.text(), lines };
}

function terminated(): pg.DatabaseError {
  // What a pooled connection reports when the server shuts down or an admin ends it (pg_terminate_backend);
  // the message stands in for any text a driver might carry, a connection URL with its password included.
  const message = 'terminating connection: postgres://passgate:Sup3r-Secret@db.internal:5432/passgate';
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = '57P01';
  return error;
}

describe('errorHandler()', () => {
  it('answers a database that cannot be reached with 503, Retry-After and words to come back later', async () => {
    const { response, html, lines } = await changeThrowing(terminated());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('The portal is temporarily unavailable');
    expect(html).toContain('Try again in a few minutes.');
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(html).toContain(`<code>${requestId}</code>`);
    // One line for the admin that says what happened, with what matched; never the driver's words.
    const logged = lines.filter((line) => line.includes('the database is unreachable'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"sign":"57P01"');
    // Once: the request's logger carries it, and the line adds no second copy.
    expect(logged[0]?.split(`"requestId":"${requestId}"`)).toHaveLength(2);
    const all = lines.join('');
    expect(all).not.toContain('unhandled error');
    expect(all).not.toContain('Sup3r-Secret');
    expect(all).not.toContain('db.internal');
    expect(all).not.toContain('Kettle-Harbour');
    expect(html).not.toContain('Sup3r-Secret');
  });

  it('says the database is busy when a SQLite lock outlasted busy_timeout', async () => {
    const { response, lines } = await changeThrowing(
      new SQLite.SqliteError('database is locked', 'SQLITE_BUSY'),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
    const logged = lines.filter((line) => line.includes('the database is busy'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"sign":"SQLITE_BUSY"');
    // Where it waited, in case the lock was the portal's own long transaction.
    expect(logged[0]).toContain('"stack":"SqliteError: database is locked');
  });

  it("words the page in the person's language, from the catalogue", async () => {
    const { response, html } = await changeThrowing(terminated(), { 'Accept-Language': 'de' });
    expect(response.status).toBe(503);
    expect(html).toContain('Das Portal ist vorübergehend nicht verfügbar');
  });

  it('keeps a bug a 500: a TypeError, a constraint violation', async () => {
    const bugs = [
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      new SQLite.SqliteError('UNIQUE constraint failed: users.email', 'SQLITE_CONSTRAINT_UNIQUE'),
    ];
    for (const bug of bugs) {
      const { response, html, lines } = await changeThrowing(bug);
      expect(response.status).toBe(500);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(html).not.toContain('temporarily unavailable');
      expect(lines.filter((line) => line.includes('unhandled error'))).toHaveLength(1);
    }
  });

  it('asks for a retry later on a storage fault too (SAVE_FAILED, 503)', async () => {
    const { response } = await changeThrowing(new SQLite.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('120');
  });
});
