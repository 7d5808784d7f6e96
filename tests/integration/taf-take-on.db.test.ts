import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Taking on the Hub's Team Around the Family work over HTTP: the officer says who leads (seed 004: TAFSOs "do
 * not case hold"); bad answers come back on the form with what was typed; nobody else gets the page.
 */

let t: TestApp;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('taking on TAF work', () => {
  it('asks who leads, keeps what was typed when the answer is wrong, then records the requester as lead', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Maldon', children: ['Ella'], parent: 'Jo' });
    const officer = await signedIn('tafso@essex.example');
    const page = await officer.get(`/early-help/work/${item.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Grace Okafor, Essex schools and academies');
    expect(page.body).toContain('Class teacher');
    const accept = `/early-help/work/${item.id}/accept`;
    const version = String(item.version);

    const none = await officer.post(accept, { version });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body)).toEqual([
      'Choose who will be the family’s lead professional, or that it is not yet agreed',
    ]);
    const noEmail = await officer.post(accept, { version, lead: 'practitioner', leadEmail: '' });
    expect(errorSummary(noEmail.body)).toEqual(['Enter the lead professional’s email address']);
    const madeUp = await officer.post(accept, { version, lead: 'someone-else', leadEmail: '' });
    expect(madeUp.statusCode).toBe(400);
    const unknown = await officer.post(accept, { version, lead: 'practitioner', leadEmail: 'nobody@essex.example' });
    expect(errorSummary(unknown.body)).toEqual(['There is no active Hearth user with that email address']);
    expect(unknown.body).toContain('value="nobody@essex.example"');
    const self = await officer.post(accept, { version, lead: 'practitioner', leadEmail: 'tafso@essex.example' });
    expect(errorSummary(self.body)[0]).toMatch(/^Sam Patel is a TAF Support Officer/);

    const done = await officer.post(accept, { version, lead: 'requester' });
    expect(done.statusCode).toBe(303);
    const family = await officer.get(done.headers.location as string);
    expect(family.body).toContain('Grace Okafor is their lead professional; you are supporting them.');
    // A second go is told the work has been taken on.
    const again = await officer.post(accept, { version, lead: 'requester' });
    expect(again.statusCode).toBe(400);
  });

  it('is not offered to those who do not take on TAF work', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Tolleshunt', children: ['Kai'] });
    const worker = await signedIn('fs.worker@essex.example');
    // A Family Solutions worker takes on Family Solutions work only: the TAF page sends them back to their list.
    expect((await worker.get(`/early-help/work/${item.id}`)).headers.location).toBe('/early-help/work');
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get(`/early-help/work/${item.id}`)).statusCode).toBe(403);
  });
});
