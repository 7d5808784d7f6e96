import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The email outbox holds set-password links: on a training or staging instance put on a network,
 * an anonymous visitor reading it could take over a new account. Only a signed-in system
 * administrator sees it, and only where DEV_OUTBOX switches it on.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ DEV_OUTBOX: 'true', SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' });
  // An invitation with a set-password link, as an administrator adding a Hub manager makes.
  await t.services.notify.sendEmail({
    template: 'invitation',
    to: 'new.manager@essex.example',
    subject: 'You have been given an account on Hearth',
    body: 'Create your password: http://localhost/account/set-password?token=secret-token-value',
  });
});
afterAll(() => t.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

describe('/dev/outbox', () => {
  it('sends an anonymous visitor to sign in, showing no email', async () => {
    const response = await new TestClient(t.app).get('/dev/outbox');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
    expect(response.body).not.toContain('secret-token-value');
  });

  it('refuses signed-in users who are not system administrators, and audits the refusal', async () => {
    for (const email of ['hub.manager@essex.example', 'hub.practitioner@essex.example', 'moderator@essex.example']) {
      const response = await (await signedIn(email)).get('/dev/outbox');
      expect(response.statusCode, email).toBe(403);
      expect(response.body).not.toContain('secret-token-value');
    }
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .execute();
    expect(denied.map((d) => (d.details as { action: string }).action)).toContain('dev:outbox');
  });

  it('shows the outbox to a signed-in system administrator', async () => {
    const response = await (await signedIn('admin@essex.example')).get('/dev/outbox');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('secret-token-value');
  });
});

describe('/dev/outbox switched off', () => {
  it('does not exist, even for a system administrator', async () => {
    const off = await createTestApp({ DEV_OUTBOX: 'false' });
    try {
      const admin = new TestClient(off.app);
      await admin.get('/sign-in');
      await admin.post('/sign-in', { email: 'admin@essex.example', password: DEMO_PASSWORD });
      expect((await admin.get('/dev/outbox')).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});
