import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ TWO_FACTOR: 'required', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' });
});
afterAll(() => t.close());

const codeFor = (secret: string, stepOffset = 0) =>
  generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + stepOffset), 6);

async function passwordStep(client: TestClient, email: string, password = DEMO_PASSWORD) {
  await client.get('/sign-in');
  return client.post('/sign-in', { email, password });
}

async function auditActions(userEmail?: string) {
  const rows = await sql<{ action: string; outcome: string }>`
    select action, outcome from audit_events
    where ${userEmail ? sql`subject_id = (select id::text from users where email = ${userEmail})` : sql`true`}
    order by seq`.execute(t.database.db);
  return rows.rows.map((r) => `${r.action}:${r.outcome}`);
}

describe('sign-in with two-factor', () => {
  it('enrols, signs in with a code, refuses a replayed code, and rotates the session id', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const anonymousSession = client.sessionCookie;
    const password = await passwordStep(client, 'hub.manager@essex.example');
    expect(password.statusCode).toBe(303);
    expect(password.headers.location).toBe('/sign-in/set-up-two-factor');
    expect(client.sessionCookie).not.toBe(anonymousSession);

    const setup = await client.get('/sign-in/set-up-two-factor');
    expect(setup.body).toContain('<svg');
    const secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(setup.body)![1]!;

    const wrong = await client.post('/sign-in/set-up-two-factor', {
      code: '000000' === codeFor(secret) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)[0]).toMatch(/code is not right/);

    const enrolled = await client.post('/sign-in/set-up-two-factor', { code: codeFor(secret) });
    expect(enrolled.headers.location).toBe('/sign-in/recovery-codes');
    const codesPage = await client.follow(enrolled);
    const codes = [...codesPage.body.matchAll(/<li>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})<\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    const home = await client.follow(await client.post('/sign-in/recovery-codes'));
    expect(home.body).toContain('Hello, Tom Reid');

    // Sign out, then in again: the code already used for enrolment is refused as a replay.
    await client.post('/sign-out');
    expect((await client.get('/admin/users')).headers.location).toBe('/sign-in');
    await passwordStep(client, 'hub.manager@essex.example');
    await client.get('/sign-in/two-factor');
    const replay = await client.post('/sign-in/two-factor', { code: codeFor(secret) });
    expect(replay.statusCode).toBe(400);
    expect(errorSummary(replay.body)).toEqual([
      'The code is not right or has already been used. Enter the code your app shows now',
    ]);
    const next = await client.post('/sign-in/two-factor', { code: codeFor(secret, 1) });
    // Back to the page they were trying to reach before signing in.
    expect(next.headers.location).toBe('/admin/users');
    expect((await client.follow(next)).body).toContain('<h1 class="govuk-heading-l">Users</h1>');

    // A recovery code works once.
    await client.post('/sign-out');
    await passwordStep(client, 'hub.manager@essex.example');
    await client.get('/sign-in/recovery-code');
    expect((await client.post('/sign-in/recovery-code', { code: codes[0]!.toLowerCase() })).statusCode).toBe(303);
    await client.post('/sign-out');
    await passwordStep(client, 'hub.manager@essex.example');
    await client.get('/sign-in/recovery-code');
    expect((await client.post('/sign-in/recovery-code', { code: codes[0]! })).statusCode).toBe(400);

    const actions = await auditActions('hub.manager@essex.example');
    expect(actions).toEqual(
      expect.arrayContaining([
        'two-factor.enrolled:success',
        'sign-in.completed:success',
        'sign-in.second-factor:failure',
        'sign-out:success',
      ]),
    );
  });

  it('refuses the second-factor pages without a password first', async () => {
    const client = new TestClient(t.app);
    expect((await client.get('/sign-in/two-factor')).headers.location).toBe('/sign-in');
    await client.get('/sign-in');
    const forged = await client.post('/sign-in/two-factor', { code: '123456' });
    expect(forged.headers.location).toBe('/sign-in');
  });
});

describe('bad input at sign-in', () => {
  it('says the same thing for a wrong password and an unknown email, and keeps the email typed', async () => {
    const client = new TestClient(t.app);
    const wrong = await passwordStep(client, 'admin@essex.example', 'not the password');
    const unknown = await passwordStep(client, 'nobody@essex.example', 'not the password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual(['Enter a correct email address and password']);
    }
    expect(unknown.body).toContain('value="nobody@essex.example"');
  });

  it('validates malformed and empty fields with one message each', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const empty = await client.post('/sign-in', {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Enter your email address', 'Enter your password']);
    const malformed = await client.post('/sign-in', { email: 'not-an-email', password: 'x'.repeat(300) });
    expect(errorSummary(malformed.body)).toEqual([
      'Enter an email address in the correct format, like name@example.org',
      'Password must be 256 characters or fewer',
    ]);
    expect(malformed.body).toContain('value="not-an-email"');
  });

  it('refuses a form without its CSRF token, or with a forged one, and changes nothing', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const missing = await client.post('/sign-in', { email: 'admin@essex.example', password: DEMO_PASSWORD, _csrf: '' });
    const forged = await client.post('/sign-in', {
      email: 'admin@essex.example',
      password: DEMO_PASSWORD,
      _csrf: 'forged-token',
    });
    for (const response of [missing, forged]) {
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This form has expired');
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await client.get('/admin/users')).headers.location).toBe('/sign-in');
  });

  it('rate-limits sign-in attempts per client', async () => {
    const limited = await createTestApp({ SIGN_IN_ATTEMPTS_PER_MINUTE: '3' });
    try {
      const client = new TestClient(limited.app);
      await client.get('/sign-in');
      const statuses = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await client.post('/sign-in', { email: 'x@essex.example', password: 'y' })).statusCode);
      expect(statuses).toEqual([400, 400, 400, 429]);
      expect(client.lastHtml).toContain('Too many attempts');
    } finally {
      await limited.close();
    }
  });
});
