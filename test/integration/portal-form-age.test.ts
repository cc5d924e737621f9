import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../support/browser-like.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { createTestClock, MINUTE } from '../support/test-clock.js';

const clock = createTestClock();
let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({
    now: clock.now,
    users: [{ email: 'ada.age@contoso.example', password: 'Harbour-Lantern-73!' }],
  });
});
afterAll(() => t.close());

describe('how long a form may be kept open, on the portal’s clock', () => {
  it('refuses a form older than two hours with words to open it again, and takes a fresh one', async () => {
    const browser = formClient(t.url);
    const fields = { email: 'ada.age@contoso.example', currentPassword: 'Wrong-Password-1!' };
    expect((await browser.get('/signin')).status).toBe(200);
    clock.advance(121 * MINUTE);
    const stale = await browser.post('/signin', fields);
    expect(stale.status).toBe(403);
    expect(stale.html).toContain('This form has expired');

    await browser.get('/signin');
    clock.advance(119 * MINUTE);
    const fresh = await browser.post('/signin', fields);
    expect(fresh.status).toBe(401);
    expect(fresh.html).not.toContain('This form has expired');
  });
});
