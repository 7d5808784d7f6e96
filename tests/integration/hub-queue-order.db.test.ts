import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { childEntry } from '../helpers/person-entry.ts';

/**
 * Issue 17, item 10: the Hub queue is ordered by time left against each request's timescale (most overdue first),
 * shows the level asked for and the main worries, and pages without overlap; the decide form lists every problem
 * at once (the choices and the chosen pathway's own questions) and keeps what was typed.
 */

let t: TestApp;
let screener: TestClient;
const actor = { userId: null, label: 'queue order test' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const child = (firstName: string) =>
  childEntry({
    firstName,
    lastName: 'Queue',
    dateOfBirth: '2016-02-02',
    address: '1 High Street, Saffron Walden',
    postcode: 'CB10 1AA',
    school: '',
  });

/** A teacher's request in Uttlesford (no other test here uses it), received `ago` ms ago at this priority. */
async function request(firstName: string, priority: string, ago: number, details = 'Missing school.') {
  const teacher = await t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', 'teacher@essex.example')
    .executeTakeFirstOrThrow();
  const { frontDoor } = t.services;
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people: [child(firstName)],
    district: 'uttlesford',
    worries: [
      { area: 'education', details },
      { area: 'health', details: 'Not sleeping.' },
    ],
    strengths: 'Kind.',
    tried: { text: 'Talked to mum.', earlyHelpPlan: false, taf: false },
    level: { level: 3, reasons: 'Several needs.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const sent = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  await t.database.db
    .updateTable('requests_for_support')
    .set({ priority, received_at: new Date(Date.now() - ago) })
    .where('id', '=', sent!.id)
    .execute();
  return sent!.id;
}

const version = async (id: string) =>
  String(
    (
      await t.database.db
        .selectFrom('requests_for_support')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version,
  );

beforeAll(async () => {
  t = await createTestApp();
  screener = await signedIn('hub.practitioner@essex.example');
});
afterAll(() => t?.close());

describe('the Hub queue, least time left first', () => {
  const inUttlesford = { district: ['uttlesford'] };
  let ids: Record<string, string>;

  beforeAll(async () => {
    ids = {
      // Standard is 3 working days; immediate a continuous 4 hours (config/tenants/essex.json).
      longOverdue: await request('Arlo', 'standard', 20 * DAY),
      newest: await request('Cody', 'standard', 0),
      dueSoon: await request('Bram', 'immediate', 1 * HOUR),
      overdueImmediate: await request('Eli', 'immediate', 30 * HOUR, '<b>Bold</b> & not shown as markup'),
    };
  });

  it('puts the most overdue first and the most time left last, whatever the order they arrived in', async () => {
    const { items, total } = await t.services.hub.queue({ ...inUttlesford });
    expect(total).toBe(4);
    expect(items.map((i) => i.id)).toEqual([ids.longOverdue, ids.overdueImmediate, ids.dueSoon, ids.newest]);
    expect(items.map((i) => i.rag?.status)).toEqual(['red', 'red', 'green', 'green']);
    const dues = items.map((i) => i.rag!.due.getTime());
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  });

  it('pages without overlap or gaps in that order', async () => {
    const all = (await t.services.hub.queue({ ...inUttlesford })).items.map((i) => i.id);
    const pages = [];
    for (let offset = 0; offset < 4; offset += 3) {
      const page = await t.services.hub.queue({ ...inUttlesford, limit: 3, offset });
      expect(page.total).toBe(4);
      pages.push(...page.items.map((i) => i.id));
    }
    expect(pages).toEqual(all);
  });

  it('follows the open requests with decided ones when they are asked for', async () => {
    const decided = await request('Finn', 'standard', 40 * DAY);
    await t.database.db
      .updateTable('requests_for_support')
      .set({ status: 'decided' })
      .where('id', '=', decided)
      .execute();
    const both = await t.services.hub.queue({ ...inUttlesford, status: ['new', 'decided'] });
    expect(both.items.map((i) => i.id).at(-1)).toBe(decided);
    expect(both.total).toBe(5);
    const secondPage = await t.services.hub.queue({ ...inUttlesford, status: ['new', 'decided'], limit: 2, offset: 4 });
    expect(secondPage.items.map((i) => i.id)).toEqual([decided]);
  });

  it('shows the level asked for and the main worries, escaped, in each row', async () => {
    const page = await screener.get('/hub?area=district:uttlesford');
    expect(page.statusCode).toBe(200);
    const rows = page.body.split('data-qa="queue-item"').slice(1);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('Arlo Queue');
    expect(rows[3]).toContain('Cody Queue');
    expect(rows[1]).toContain('Level 3: Intensive');
    expect(rows[1]).toContain('Getting a good education');
    expect(rows[1]).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; not shown as markup');
    expect(rows[1]).not.toContain('<b>Bold</b>');
    expect(page.body).toContain('Requests, least time left first');
    // On a phone the filters come first: a link skips them to the results.
    expect(page.body).toMatch(/href="#queue-results" data-qa="skip-to-results">Skip the filters to the \d+ requests</);
  });
});

describe('the decide form', () => {
  it('lists every problem at once, the chosen pathway’s own question with them, and keeps what was typed', async () => {
    const id = await request('Gus', 'standard', 0);
    await screener.get(`/hub/requests/${id}/decide`);
    const empty = await screener.post(`/hub/requests/${id}/decide`, {
      version: await version(id),
      pathway: 'social-care',
      withholdEmail: 'yes',
      leadProfessional: 'Typed <i>before</i>',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select the level of need',
      'Enter the reasons for the decision, in your own words',
      'Select a statutory assessment or a strategy discussion',
      'Say why the outcome email is held back, for example that email is not safe for the family',
    ]);
    expect(empty.body).toContain('value="Typed &lt;i&gt;before&lt;/i&gt;"');

    const mismatched = await screener.post(`/hub/requests/${id}/decide`, {
      version: await version(id),
      level: '2',
      reasons: 'Kept as typed.',
      pathway: 'family-solutions',
      descriptors: ['Made up'],
    });
    expect(errorSummary(mismatched.body)).toEqual([
      'Select descriptors from the list',
      'Family Solutions (level 3) is for level 3: change the level or the pathway',
      'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
    ]);
    expect(mismatched.body).toContain('Kept as typed.');

    const unlinked = await screener.post(`/hub/requests/${id}/decide`, {
      version: await version(id),
      pathway: 'linked-request',
    });
    expect(errorSummary(unlinked.body)).toEqual([
      'Select the level of need',
      'Enter the reasons for the decision, in your own words',
      'Select the other request about the same child that this one is linked to',
    ]);
    expect(
      (await t.database.db.selectFrom('hub_decisions').select('id').where('request_id', '=', id).execute()).length,
    ).toBe(0);
  });

  it('shows the request’s key facts beside the form and the level asked for open', async () => {
    const id = await request('Hal', 'standard', 0, 'Hungry at school <script>x</script>');
    const page = await screener.get(`/hub/requests/${id}/decide`);
    const facts = page.body.slice(
      page.body.indexOf('data-qa="request-facts"'),
      page.body.indexOf('Read the whole request'),
    );
    expect(facts).toContain('Hal Queue, ');
    expect(facts).toContain('Level 3: Intensive');
    expect(facts).toContain('Hungry at school &lt;script&gt;x&lt;/script&gt;');
    expect(facts).toContain('Agreed to the request and to sharing information');
    expect(page.body.match(/data-qa="descriptor-level" open/g)).toHaveLength(1);
    expect(page.body).toContain('govuk-radios__conditional');
  });

  it('searches the directory from inside the form, keeping everything typed and saving nothing', async () => {
    const id = await request('Ivy', 'standard', 0);
    const page = await screener.get(`/hub/requests/${id}/decide`);
    expect(page.body).not.toContain('method="get" action="/hub/requests/');
    const found = await screener.post(`/hub/requests/${id}/decide`, {
      step: 'find',
      q: 'parenting',
      version: await version(id),
      level: '2',
      reasons: 'Typed before searching <b>kept</b>',
      pathway: 'advice',
    });
    expect(found.statusCode).toBe(200);
    expect(errorSummary(found.body)).toEqual([]);
    expect(found.body).toContain('Typed before searching &lt;b&gt;kept&lt;/b&gt;');
    expect(found.body).toMatch(/value="2" checked/);
    // The test app's directory is empty: the search ran, and says so where the services would be listed.
    expect(found.body).toContain('No services found for “parenting”');
    expect(found.body).toContain('data-qa="service-search-details" open');
    expect(
      (await t.database.db.selectFrom('hub_decisions').select('id').where('request_id', '=', id).execute()).length,
    ).toBe(0);
  });
});
