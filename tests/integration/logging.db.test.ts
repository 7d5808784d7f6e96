import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(
    { LOG_LEVEL: 'info' },
    {
      logStream: { write: (line) => void lines.push(line) },
      beforeReady: (app) => {
        app.get('/test/boom', { config: { access: { public: 'a test route that fails' } } }, async () => {
          throw new Error('secret internal detail at /work/main/src/x.ts:12');
        });
      },
    },
  );
});
afterAll(() => t.close());

describe('logs and the 500 page', () => {
  it('logs JSON with request ids and no personal data: no emails, passwords, query strings, cookies or ids', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in?email=someone@essex.example');
    await client.post('/sign-in', { email: 'hub.practitioner@essex.example', password: DEMO_PASSWORD });
    const user = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'hub.practitioner@essex.example')
      .executeTakeFirstOrThrow();
    await client.get(`/admin/users/${user.id}`);
    const log = lines.join('');
    const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { path?: string } });
    expect(entries.filter((e) => e.req).every((e) => typeof e.reqId === 'string' && e.reqId.length === 36)).toBe(true);
    expect(entries.some((e) => e.req?.path === '/admin/users/:id')).toBe(true);
    for (const secret of ['essex.example', DEMO_PASSWORD, 'hearth_session', user.id, '_csrf'])
      expect(log).not.toContain(secret);
  });

  it('an unexpected error shows the 500 page with a reference, logs the detail, and shows none of it', async () => {
    const response = await t.app.inject('/test/boom');
    expect(response.statusCode).toBe(500);
    expect(response.body).toContain('Sorry, there is a problem with the service');
    const reference = /give them this reference: <strong>([0-9a-f-]{36})<\/strong>/.exec(response.body)?.[1];
    expect(reference).toBeDefined();
    expect(response.body).not.toContain('secret internal detail');
    const logged = lines
      .map((line) => JSON.parse(line) as { reqId?: string; level: number; err?: { message: string } })
      .find((e) => e.reqId === reference && e.level >= 50);
    expect(logged?.err?.message).toContain('secret internal detail');
  });
});
