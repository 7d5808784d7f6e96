import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Issue 17, item 7: the people working with a family see how their work began — the Request for Support
 * and the Hub's level, descriptors, reasons and suggested lead — read-only, audited; nobody else does.
 */

let t: TestApp;
let worker: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('the request and the Hub’s decision, from the family page', () => {
  it('shows the allocated worker and a TAF member the request and decision, audits the read, and refuses others', async () => {
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Origin', children: ['Łukasz'] });
    await worker.get('/early-help/work');
    const accepted = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
    const familyPath = String(accepted.headers.location);
    const episode = await t.database.db
      .selectFrom('episodes')
      .select(['id', 'version'])
      .where('hub_work_item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    const originPath = `/early-help/episodes/${episode.id}/request`;

    const family = await worker.get(familyPath);
    expect(family.body).toContain(`href="${originPath}"`);

    const page = await worker.get(originPath);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Level 3:');
    expect(page.body).toContain('Family Solutions (level 3)');
    expect(page.body).toContain('Several needs; the family agree to help.');
    expect(page.body).toContain('Missing school most Mondays.');
    expect(page.body).toContain('Łukasz Origin');
    expect(page.body).not.toContain('action="/hub/');
    const read = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', item.requestId)
      .where('action', '=', 'request-for-support.viewed')
      .execute();
    expect(read.length).toBeGreaterThan(0);

    // A teacher added to the Team Around the Family sees it too.
    await worker.get(`/early-help/episodes/${episode.id}/taf`);
    const added = await worker.post(`/early-help/episodes/${episode.id}/taf`, {
      version: String(episode.version),
      tafEmail: 'teacher@essex.example',
    });
    expect(added.statusCode).toBe(303);
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get(originPath)).statusCode).toBe(200);

    // Someone not working with the family does not.
    const police = await signedIn('police@essex.example');
    expect((await police.get(originPath)).statusCode).toBe(403);
  });

  it('shows the suggested lead professional of a TAF decision to the TAF Support Officer who took it on', async () => {
    const tafso = await signedIn('tafso@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Suggested', children: ['Ana'] });
    await tafso.get('/early-help/work');
    const accepted = await tafso.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
    expect(accepted.statusCode).toBe(303);
    const episode = await t.database.db
      .selectFrom('episodes')
      .select('id')
      .where('hub_work_item_id', '=', item.id)
      .executeTakeFirstOrThrow();
    const page = await tafso.get(`/early-help/episodes/${episode.id}/request`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Suggest a Team Around the Family');
    expect(page.body).toContain('Class teacher');
    // A caseworker not involved is offered break-glass (an audited emergency view), as for the family page.
    const uninvolved = await worker.get(`/early-help/episodes/${episode.id}/request`);
    expect(uninvolved.statusCode).toBe(303);
    expect(String(uninvolved.headers.location)).toMatch(/^\/break-glass\?type=family/);
  });
});
