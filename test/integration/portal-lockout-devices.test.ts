import { unlockUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formClient } from '../support/browser-like.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

// Issue 15, findings 6 and 7: failures made elsewhere must not lock a person out of the browser they
// proved their password in, and one IPv6 client must not escape the per-address limit by rotating
// through its /64. Real HTTP, real account services and store.
const OLD = 'Harbour-Lantern-73!';
const owner = 'olga.owner@contoso.example';
const mallory = 'mal.lory@contoso.example';
const rotating = 'rob.rotating@contoso.example';
let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({
    users: [owner, mallory, rotating].map((email) => ({ email, password: OLD })),
    policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
    config: { rateLimits: { perAccount: { max: 50 }, perAddress: { max: 30 } } },
  });
});
afterAll(() => t.close());

async function signIn(browser: ReturnType<typeof formClient>, email: string, password: string) {
  await browser.get('/signin');
  return browser.post('/signin', { email, currentPassword: password });
}

describe('lockout with device cookies', () => {
  it('keeps the owner’s own browser working while a guesser elsewhere has locked the account', async () => {
    const ownersBrowser = formClient(t.url);
    expect((await signIn(ownersBrowser, owner, OLD)).status).toBe(200);

    // Someone else guesses until the account locks: they are locked out, even with the right password.
    const guesser = formClient(t.url);
    for (let i = 0; i < 3; i += 1)
      expect((await signIn(guesser, owner, `Wrong-Guess-${i}!`)).status).toBe(401);
    expect((await signIn(guesser, owner, OLD)).status).toBe(423);

    // The owner, in the browser they signed in with before, is not.
    expect((await signIn(ownersBrowser, owner, OLD)).status).toBe(200);
    await ownersBrowser.get('/change');
    const changed = await ownersBrowser.post('/change', {
      email: owner,
      currentPassword: OLD,
      newPassword: 'Sable-Orchid-Lantern-62!',
      confirmPassword: 'Sable-Orchid-Lantern-62!',
    });
    expect(changed).toMatchObject({ status: 303, location: '/change/done' });
    expect((await ownersBrowser.get('/change/done')).status).toBe(200);
    expect(t.emulator.verifyPassword(t.tenantId, owner, 'Sable-Orchid-Lantern-62!')).toBe(true);
    // The owner's success does not hand the guesser fresh attempts: the account's lock stays.
    expect((await signIn(guesser, owner, 'Sable-Orchid-Lantern-62!')).status).toBe(423);

    // Wrong passwords typed in the owner's browser lock that browser alone, for the policy's time.
    for (let i = 0; i < 3; i += 1)
      expect((await signIn(ownersBrowser, owner, `Typo-Again-${i}!`)).status).toBe(401);
    expect((await signIn(ownersBrowser, owner, 'Sable-Orchid-Lantern-62!')).status).toBe(423);

    // An admin's unlock ends every lock on the account, the devices' too.
    expect(await unlockUser(t.portal.adminDeps, owner, new Date(), { type: 'admin', id: 'test' })).toBe(true);
    expect((await signIn(ownersBrowser, owner, 'Sable-Orchid-Lantern-62!')).status).toBe(200);
    expect((await signIn(guesser, owner, 'Sable-Orchid-Lantern-62!')).status).toBe(200);
  });

  it('gives entries made with an old password no standing once the owner changed it', async () => {
    // Someone who knew the password signs in from their own browser, then the owner changes it.
    const email = mallory;
    const intruder = formClient(t.url);
    expect((await signIn(intruder, email, OLD)).status).toBe(200);
    const ownersBrowser = formClient(t.url);
    await ownersBrowser.get('/change');
    const changed = await ownersBrowser.post('/change', {
      email,
      currentPassword: OLD,
      newPassword: 'Quartz-Meadow-Lantern-81!',
      confirmPassword: 'Quartz-Meadow-Lantern-81!',
    });
    expect(changed).toMatchObject({ status: 303, location: '/change/done' });
    expect((await ownersBrowser.get('/change/done')).status).toBe(200);
    // The intruder's guesses now count against the account like anyone's: it locks for everybody
    // without a current entry, the intruder included.
    for (let i = 0; i < 3; i += 1)
      expect((await signIn(intruder, email, `Guess-Again-${i}!`)).status).toBe(401);
    expect((await signIn(intruder, email, 'Quartz-Meadow-Lantern-81!')).status).toBe(423);
    expect((await signIn(formClient(t.url), email, 'Quartz-Meadow-Lantern-81!')).status).toBe(423);
    // The owner's browser was remembered at the new password: it still gets in.
    expect((await signIn(ownersBrowser, email, 'Quartz-Meadow-Lantern-81!')).status).toBe(200);
    await unlockUser(t.portal.adminDeps, email, new Date(), { type: 'admin', id: 'test' });
  });

  it('gives a device cookie for one account no standing with another', async () => {
    // Mallory signs in to her own account, then guesses at the owner's from the same browser.
    const browser = formClient(t.url);
    expect((await signIn(browser, mallory, 'Quartz-Meadow-Lantern-81!')).status).toBe(200);
    const victim = 'rob.rotating@contoso.example';
    for (let i = 0; i < 3; i += 1)
      expect((await signIn(browser, victim, `Wrong-Guess-${i}!`)).status).toBe(401);
    expect((await signIn(formClient(t.url), victim, OLD)).status).toBe(423);
    await unlockUser(t.portal.adminDeps, victim, new Date(), { type: 'admin', id: 'test' });
  });
});

describe('the per-address limit', () => {
  it('counts every address of one IPv6 /64 as one client', async () => {
    const attempt = (i: number) =>
      t.portal.accounts.signIn({
        email: `nobody-${i}@contoso.example`,
        password: 'Whatever-It-Is-1!',
        clientIp: `2001:db8:77:1:${i.toString(16)}::1`,
        userAgent: 'vitest',
      });
    const codes: string[] = [];
    for (let i = 0; i < 31; i += 1) {
      const outcome = await attempt(i);
      codes.push(outcome.status === 'refused' ? (outcome.refusals[0]?.code ?? '') : outcome.status);
    }
    expect(codes.slice(0, 30).every((code) => code === 'INVALID_CREDENTIALS')).toBe(true);
    expect(codes[30]).toBe('RATE_LIMITED');
    // A neighbouring /64 is another client.
    const neighbour = await t.portal.accounts.signIn({
      email: rotating,
      password: OLD,
      clientIp: '2001:db8:77:2::1',
      userAgent: 'vitest',
    });
    expect(neighbour.status).toBe('ok');
  });
});
