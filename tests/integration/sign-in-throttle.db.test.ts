import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Sign-in throttling (NIST SP 800-63B style): after five wrong tries on one email, or twenty from one
 * address, each further try waits longer. Every email gets the same answer whether or not it has an
 * account, nobody can lock a user out for good, and the real user is told by email.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' });
});
afterAll(() => t.close());

let addresses = 0;
/** A browser at an address of its own, so one test's tries do not count against another's. */
async function browser(remoteAddress = `192.0.2.${++addresses}`) {
  const client = new TestClient(t.app, { remoteAddress });
  await client.get('/sign-in');
  return client;
}
const tryPassword = (client: TestClient, email: string, password = 'not the password at all') =>
  client.post('/sign-in', { email, password });
const answer = (response: { statusCode: number; body: string }) => ({
  status: response.statusCode,
  errors: errorSummary(response.body),
});
const WAIT = /^There have been too many attempts to sign in\. Wait (\d+ seconds|\d+ minutes?) and try again$/;
/** The wait is over: moves every waiting row's time into the past, as the clock would. */
const endTheWait = () =>
  sql`update sign_in_throttles set wait_until = now() - interval '1 second'`.execute(t.database.db);

describe('after five wrong passwords for one email', () => {
  it('gives the same answer for a real account and for an email with no account, even to the right password', async () => {
    const answers = [];
    for (const email of ['analyst@essex.example', 'nobody.here@essex.example']) {
      const client = await browser();
      for (let i = 0; i < 5; i += 1) {
        expect(answer(await tryPassword(client, email))).toEqual({
          status: 400,
          errors: ['Enter a correct email address and password'],
        });
      }
      answers.push(answer(await tryPassword(client, email, DEMO_PASSWORD)));
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.status).toBe(429);
    expect(answers[0]!.errors).toHaveLength(1);
    expect(answers[0]!.errors[0]).toMatch(WAIT);
  });

  it('lets the real user in with the right password once the wait is over', async () => {
    await endTheWait();
    const response = await tryPassword(await browser(), 'analyst@essex.example', DEMO_PASSWORD);
    expect(response.statusCode).toBe(303);
  });

  it('emails the real user once, when the throttling starts, and nobody for an email with no account', async () => {
    const emails = (await t.services.notify.outbox(1000)).filter((m) => m.template === 'sign-in-throttled');
    expect(emails.map((m) => m.recipient)).toEqual(['analyst@essex.example']);
    expect(emails[0]!.body).toContain('tell your administrator');
  });

  it('counts tries on one account from changing addresses', async () => {
    for (let i = 0; i < 5; i += 1) await tryPassword(await browser(), 'moderator@essex.example');
    const sixth = answer(await tryPassword(await browser(), 'moderator@essex.example', DEMO_PASSWORD));
    expect(sixth.status).toBe(429);
    expect(sixth.errors[0]).toMatch(WAIT);
  });
});

describe('after twenty wrong passwords from one address', () => {
  it('makes that address wait, whichever email it tries, while others sign in as usual', async () => {
    const address = '198.51.100.99';
    for (let i = 0; i < 20; i += 1) {
      expect((await tryPassword(await browser(address), `guess${i}@essex.example`)).statusCode).toBe(400);
    }
    const next = answer(await tryPassword(await browser(address), 'teacher@essex.example', DEMO_PASSWORD));
    expect(next.status).toBe(429);
    expect(next.errors[0]).toMatch(WAIT);
    expect((await tryPassword(await browser(), 'teacher@essex.example', DEMO_PASSWORD)).statusCode).toBe(303);
  });
});
