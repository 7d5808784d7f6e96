import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Behind a load balancer the client's address comes from X-Forwarded-For, which the client can
 * write too. Only the configured proxies' entries are believed: an attacker who changes the header
 * on every try is still one address to the sign-in limits and in the audit trail.
 * (app.inject() requests come from 127.0.0.1, which plays the load balancer here.)
 */
const REAL_CLIENT = '203.0.113.7';

async function attempts(t: TestApp, headerFor: (i: number) => string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    const response = await client.post(
      '/sign-in',
      { email: `someone${i}@essex.example`, password: 'not the password' },
      { 'x-forwarded-for': headerFor(i) },
    );
    statuses.push(response.statusCode);
  }
  return statuses;
}

const auditedAddresses = async (t: TestApp) =>
  (
    await sql<{ ip: string | null }>`select distinct ip from audit_events where action like 'sign-in%'`.execute(
      t.database.db,
    )
  ).rows.map((r) => r.ip);

describe.each([
  ['the load balancer’s address', '127.0.0.1'],
  ['a hop count', '1'],
])('TRUST_PROXY as %s', (_name, trustProxy) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: trustProxy, SIGN_IN_ATTEMPTS_PER_MINUTE: '3' });
  });
  afterAll(() => t?.close());

  it('counts spoofed, changing addresses as the one client they come from, and audits the real address', async () => {
    // The attacker writes a new address each time; the load balancer appends the address it saw.
    const statuses = await attempts(t, (i) => `198.51.100.${i + 1}, ${REAL_CLIENT}`);
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses.slice(3)).toEqual(Array(9).fill(429));
    expect(await auditedAddresses(t)).toEqual([REAL_CLIENT]);
  });
});
