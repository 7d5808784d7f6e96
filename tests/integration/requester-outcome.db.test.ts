import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Issue 17, item 8: the requester learns the Hub's outcome on their own request page and in the email, level included. */

let t: TestApp;
let teacher: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  teacher = new TestClient(t.app);
  await teacher.get('/sign-in');
  await teacher.post('/sign-in', { email: 'teacher@essex.example', password: DEMO_PASSWORD });
});
afterAll(() => t?.close());

describe('the outcome of a request, for its requester', () => {
  it('shows the level in words, the pathway and what happens next, and the email names the level', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Outcome', children: ['Ivy'] });
    const email = await t.services.notify.latestTo('teacher@essex.example');
    expect(email?.body).toContain('The level of need is level 2 (Additional)');
    expect(email?.body).toContain('We suggest a Team Around the Family');

    const page = await teacher.get(`/requests/sent/${item.requestId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('the Hub’s decision</h1>');
    expect(page.body).toContain('Level 2: Additional');
    expect(page.body).toContain('Suggest a Team Around the Family');
    expect(page.body).toContain('The Early Help team will be in touch.');
  });

  it('says only "Request sent" while the Hub is still working on it, and shows nobody else the request', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Waiting', children: ['Rex'] });
    // As if a manager had returned the decision to screening: the request is open again.
    await t.database.db
      .updateTable('requests_for_support')
      .set({ status: 'in-screening' })
      .where('id', '=', item.requestId)
      .execute();
    const page = await teacher.get(`/requests/sent/${item.requestId}`);
    expect(page.body).toContain('Request sent');
    expect(page.body).not.toContain('Level 2: Additional');

    const police = new TestClient(t.app);
    await police.get('/sign-in');
    await police.post('/sign-in', { email: 'police@essex.example', password: DEMO_PASSWORD });
    expect((await police.get(`/requests/sent/${item.requestId}`)).statusCode).toBe(404);
  });
});
