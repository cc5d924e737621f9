import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type CarriedJourney, createJourneyBack } from './journey-back.js';

const KEY = Buffer.alloc(32, 7);
const SSPR = `https://passwordreset.microsoftonline.com/?ru=${encodeURIComponent('https://myaccount.microsoft.com/?x=1')}`;

/** The app's clock, as the tests set it. */
let clock = Date.parse('2026-12-01T08:00:00Z');

function app(key = KEY) {
  const back = createJourneyBack({
    secretKey: key,
    publicUrl: 'https://passwords.example.org',
    now: () => clock,
  });
  const web = new Hono();
  web.post('/keep/:journey', async (c) => {
    const from = (await c.req.text()) || null;
    back.keep(c, c.req.param('journey') as CarriedJourney, from);
    return c.body(null, 204);
  });
  web.get('/take/:journey', (c) => c.json(back.take(c, c.req.param('journey') as CarriedJourney)));
  return web;
}

async function keep(web: Hono, journey: string, from: string, cookie = ''): Promise<string> {
  const response = await web.request(`/keep/${journey}`, {
    method: 'POST',
    body: from,
    headers: { Cookie: cookie },
  });
  return response.headers.getSetCookie()[0] ?? '';
}

async function take(web: Hono, journey: string, cookie: string): Promise<unknown> {
  return (await web.request(`/take/${journey}`, { headers: { Cookie: cookie.split(';')[0] ?? '' } })).json();
}

describe('createJourneyBack()', () => {
  it('keeps only the Microsoft landing page in a sealed __Host- cookie, and gives it back at the end', async () => {
    const web = app();
    const cookie = await keep(web, 'reset', SSPR);
    expect(cookie).toMatch(
      /^__Host-pg_back_reset=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(cookie).not.toContain('microsoft');
    expect(await take(web, 'reset', cookie)).toBe('https://myaccount.microsoft.com/');
  });

  it('keeps nothing for an address that is not a Microsoft landing page, and forgets an earlier one', async () => {
    const web = app();
    expect(await keep(web, 'reset', 'https://evil.example/')).toBe('');
    const earlier = await keep(web, 'reset', SSPR);
    const cleared = await keep(web, 'reset', 'https://evil.example/', earlier.split(';')[0]);
    expect(cleared).toMatch(/^__Host-pg_back_reset=; Max-Age=0/);
  });

  it('gives nothing back for another journey, another key, an altered cookie, or after an hour', async () => {
    clock = Date.parse('2026-12-01T08:00:00Z');
    const web = app();
    const cookie = await keep(web, 'reset', SSPR);
    const value = cookie.split(';')[0]?.split('=')[1] ?? '';
    expect(await take(web, 'expired', `__Host-pg_back_expired=${value}`)).toBeNull();
    expect(await take(app(Buffer.alloc(32, 8)), 'reset', cookie)).toBeNull();
    // The last character but one (the last may carry unused bits), replaced by one it is not: a cookie
    // whose character was already the replacement would not be altered at all (about 1 run in 64).
    const at = value.length - 2;
    const altered = `${value.slice(0, at)}${value[at] === 'A' ? 'B' : 'A'}${value.slice(at + 1)}`;
    expect(altered).not.toBe(value);
    expect(await take(web, 'reset', `__Host-pg_back_reset=${altered}`)).toBeNull();
    clock = Date.parse('2026-12-01T09:00:01Z');
    expect(await take(web, 'reset', cookie)).toBeNull();
  });

  // The app's clock, not the machine's: a portal whose clock a test (or a stepped-back server) moves
  // keeps a way back exactly as long as its own other limits say.
  it('ages a kept way back by the clock it is given', async () => {
    clock = Date.parse('2030-01-01T00:00:00Z');
    const web = app();
    const cookie = await keep(web, 'expired', SSPR);
    clock += 59 * 60_000;
    expect(await take(web, 'expired', cookie)).toBe('https://myaccount.microsoft.com/');
    const again = await keep(web, 'expired', SSPR);
    clock += 60 * 60_000 + 1;
    expect(await take(web, 'expired', again)).toBeNull();
  });
});
