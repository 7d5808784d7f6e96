import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A backup restored on another machine, with another SESSION_SECRET: two-factor secrets are
 * encrypted under TWO_FACTOR_KEYS, not the session secret, so everyone can still sign in; and a
 * secret Hearth cannot read is a clear page, never a 500.
 */
const KEYS = `k2026=${'a'.repeat(40)}`;
const codeFor = (secret: string, stepOffset = 0) =>
  generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + stepOffset), 6);

let t: TestApp;
let secret: string;
const EMAIL = 'hub.practitioner@essex.example';

/** The same database, served by an app with other settings: a restore. */
async function restoredApp(env: Record<string, string>): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false', ...env });
  const { app } = await buildApp({ config, database: t.database, tenantName: 'Essex County Council' });
  await app.ready();
  return app;
}

async function signInWithCode(app: FastifyInstance, code: string) {
  const client = new TestClient(app);
  await client.get('/sign-in');
  const password = await client.post('/sign-in', { email: EMAIL, password: DEMO_PASSWORD });
  expect(password.headers.location).toBe('/sign-in/two-factor');
  await client.get('/sign-in/two-factor');
  return client.post('/sign-in/two-factor', { code });
}

beforeAll(async () => {
  t = await createTestApp({
    TWO_FACTOR: 'required',
    SESSION_SECRET: 'the-original-session-secret-of-the-old-server',
    TWO_FACTOR_KEYS: KEYS,
  });
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  await client.post('/sign-in', { email: EMAIL, password: DEMO_PASSWORD });
  const setup = await client.get('/sign-in/set-up-two-factor');
  secret = /data-qa="totp-secret">([A-Z2-7]+)</.exec(setup.body)![1]!;
  expect((await client.post('/sign-in/set-up-two-factor', { code: codeFor(secret, -1) })).statusCode).toBe(303);
});
afterAll(() => t.close());

describe('a restore under a different SESSION_SECRET', () => {
  it('still signs people in with their authenticator app', async () => {
    const app = await restoredApp({
      TWO_FACTOR: 'required',
      SESSION_SECRET: 'a-brand-new-session-secret-on-the-new-server',
      TWO_FACTOR_KEYS: KEYS,
    });
    try {
      const response = await signInWithCode(app, codeFor(secret));
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
    } finally {
      await app.close();
    }
  });

  it('shows a clear page, not a 500, when the two-factor key is not the one the secret was encrypted with', async () => {
    const app = await restoredApp({ TWO_FACTOR: 'required', TWO_FACTOR_KEYS: `k2026=${'b'.repeat(40)}` });
    try {
      const response = await signInWithCode(app, codeFor(secret, 1));
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('We cannot check your code');
      expect(response.body).toContain('not with your code');
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await app.close();
    }
  });
});
