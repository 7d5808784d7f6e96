import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '4096', SESSION_IDLE_MINUTES: '30' });
});
afterAll(() => t.close());

const noStackTrace = (body: string) => expect(body).not.toMatch(/(at \S+ \(|node_modules|\.ts:\d+)/);

describe('operations', () => {
  it('reports health with a database round trip, and Prometheus metrics', async () => {
    const health = await t.app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });
    await t.app.inject('/sign-in');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toContain(
      'hearth_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/sign-in",status="200"}',
    );
  });

  it('sends strict security headers and a safe session cookie', async () => {
    const response = await t.app.inject('/sign-in');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(String(response.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('bad requests get a clear page, never a stack trace', () => {
  it('unknown routes: a 404 page for people, JSON for the API', async () => {
    const page = await t.app.inject('/no/such/page');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    const api = await t.app.inject({ url: '/api/nothing', headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ status: 404, title: 'Page not found' });
  });

  it('an oversized body: 413 with a page saying nothing was saved', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'a@b.c', password: 'x'.repeat(10_000) });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('What you sent is too large');
    noStackTrace(response.body);
  });

  it('an unsupported content type: 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.statusCode).toBe(415);
    noStackTrace(response.body);
  });

  it('an idle session expires: the next page asks the user to sign in again and says why', async () => {
    const client = new TestClient(t.app);
    await client.get('/sign-in');
    await client.post('/sign-in', { email: 'fs.worker@essex.example', password: DEMO_PASSWORD });
    expect((await client.get('/account')).statusCode).toBe(200);
    // Wind the session's last activity back past the 30-minute idle timeout.
    const row = await t.database.db
      .selectFrom('sessions')
      .select(['id', 'data'])
      .where('user_id', 'is not', null)
      .orderBy('expires_at', 'desc')
      .executeTakeFirstOrThrow();
    const data = { ...(row.data as Record<string, unknown>), lastSeenAt: Date.now() - 31 * 60_000 };
    await t.database.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', row.id)
      .execute();
    const expired = await client.get('/account');
    expect(expired.headers.location).toBe('/sign-in?expired=1');
    expect((await client.follow(expired)).body).toContain(
      'You were signed out because you had not done anything for a while',
    );
    const event = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'session.expired')
      .executeTakeFirst();
    expect(event).toBeDefined();
  });
});

describe('when the database is down', () => {
  it('answers 503 with a clear page, and /health says unavailable', async () => {
    const down = await createTestApp();
    await down.database.close();
    const page = await down.app.inject('/sign-in');
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Sorry, the service is unavailable');
    noStackTrace(page.body);
    const health = await down.app.inject('/health');
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable' });
    // The whole test app, so its scratch database on PostgreSQL is dropped too (closing the app alone left it behind).
    await down.close();
  });
});

describe('static assets', () => {
  it('are served without touching the database, so error pages keep their styles', async () => {
    const down = await createTestApp();
    const client = new TestClient(down.app);
    await client.get('/sign-in');
    expect(client.sessionCookie).toBeDefined();
    await down.database.close();
    for (const url of ['/govuk/govuk-frontend.min.css', '/public/application.js', '/assets/images/favicon.svg']) {
      const response = await client.get(url);
      expect(response.statusCode, url).toBe(200);
    }
    expect((await client.get('/sign-in')).statusCode).toBe(503);
    await down.close();
  });
});
