import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createJourneyEnd, journeyEnd } from './journey-end.js';

const KEY = Buffer.alloc(32, 9);

/** The app's clock, as the tests set it. */
let clock = Date.parse('2026-12-01T08:00:00Z');

function app(publicUrl = 'https://passwords.example.org') {
  const end = createJourneyEnd({
    secretKey: KEY,
    publicUrl,
    tenants: [{ domains: ['gov.example'], graph: { cloud: 'usgov-high' } }],
    now: () => clock,
  });
  const web = new Hono();
  web.use(journeyEnd(end));
  web.post('/finish/:email', (c) =>
    c.var.journeyEnd.finish(c, 'change', c.req.param('email'), {
      outcome: { status: 'queued' },
      back: 'https://www.office.com/',
      prompt: null,
    }),
  );
  web.get('/read/:journey', (c) =>
    c.json(c.var.journeyEnd.read(c, c.req.param('journey') as 'change' | 'reset')),
  );
  return web;
}

async function finish(web: Hono, email: string): Promise<{ response: Response; cookie: string }> {
  const response = await web.request(`/finish/${email}`, { method: 'POST' });
  return { response, cookie: response.headers.getSetCookie()[0]?.split(';')[0] ?? '' };
}

describe('journeyEnd()', () => {
  it('answers 303 to the journey page with a __Host- cookie the page reads back', async () => {
    const web = app();
    const { response, cookie } = await finish(web, 'ann@gov.example');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/change/done');
    expect(response.headers.get('set-cookie')).toMatch(
      /^__Host-pg_done=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    const shown = await (await web.request('/read/change', { headers: { Cookie: cookie } })).json();
    expect(shown).toEqual({
      outcome: { status: 'queued' },
      signInUrl: 'https://login.microsoftonline.us/',
      back: 'https://www.office.com/',
      prompt: null,
    });
  });

  it('reads nothing for another journey, another key, or after ten minutes', async () => {
    clock = Date.parse('2026-12-01T08:00:00Z');
    const web = app();
    const { cookie } = await finish(web, 'bob@elsewhere.example');
    expect(await (await web.request('/read/reset', { headers: { Cookie: cookie } })).json()).toBeNull();
    const other = new Hono();
    other.use(
      journeyEnd(
        createJourneyEnd({
          secretKey: Buffer.alloc(32, 1),
          publicUrl: 'https://passwords.example.org',
          tenants: [],
          now: () => clock,
        }),
      ),
    );
    other.get('/read', (c) => c.json(c.var.journeyEnd.read(c, 'change')));
    expect(await (await other.request('/read', { headers: { Cookie: cookie } })).json()).toBeNull();
    clock = Date.parse('2026-12-01T08:09:59Z');
    expect(await (await web.request('/read/change', { headers: { Cookie: cookie } })).json()).toMatchObject({
      signInUrl: 'https://login.microsoftonline.com/',
    });
    clock = Date.parse('2026-12-01T08:10:01Z');
    expect(await (await web.request('/read/change', { headers: { Cookie: cookie } })).json()).toBeNull();
  });
});
