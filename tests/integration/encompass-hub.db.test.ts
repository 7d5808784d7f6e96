import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Operation Encompass, the Hub's side at scale (issue 15): the child's school found from what Hearth holds (a Request
 * for Support naming a school on the list, for a child the people matching finds), the school search that narrows
 * hundreds of schools by name, URN or district (a GET form, no script), and the Hub's lists paged. Bad input: a
 * search with markup, NUL or too long, page numbers out of range or not numbers, an unknown list.
 */

let t: TestApp;
let hub: TestClient;
const SEED = { userId: null, label: 'test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let reference = 0;
async function policeNotification(children: { first_name: string; last_name: string; date_of_birth: string }[]) {
  const force = (await t.services.reference.organisations()).find((o) => o.code === 'essex-police')!;
  const schema = await t.services.police.schema();
  const item = schema.parse({
    police_reference: `43/H${++reference}/26`,
    incident_date: '2026-12-01',
    concern_category: 'domestic-abuse',
    summary: 'Officers called to an argument between the parents.',
    district: 'chelmsford',
    officer: { name: 'PC Amy Clarke' },
    children,
  });
  const [saved] = await t.services.police.receive(
    SEED,
    { organisationId: force.id, organisationName: force.name, apiClientId: null },
    [item],
  );
  return saved!.requestId;
}
const notificationsOf = (requestId: string) =>
  t.database.db
    .selectFrom('encompass_notifications as n')
    .innerJoin('encompass_incidents as i', 'i.id', 'n.incident_id')
    .select(['n.id', 'n.school_urn', 'n.first_name'])
    .where('i.request_id', '=', requestId)
    .orderBy('n.position')
    .execute();

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://hearth.example' });
  // Hundreds of schools, as a county has: 400 more on the list beside the demo's ten.
  await t.database.db
    .insertInto('schools')
    .values(
      Array.from({ length: 400 }, (_, i) => ({
        urn: String(800000 + i),
        name: `${['Oak', 'Ash', 'Elm', 'Birch'][i % 4]} Tree ${i % 2 ? 'Primary' : 'Academy'} ${i}`,
        district: ['basildon', 'harlow', 'colchester', 'tendring'][i % 4]!,
        phase: i % 2 ? 'primary' : 'secondary',
        age_from: i % 2 ? 4 : 11,
        age_to: i % 2 ? 11 : 16,
        dsl_name: 'Lead',
        dsl_email: `lead${i}@school.example`,
        deputy_name: null,
        deputy_email: null,
        updated_by: null,
      })),
    )
    .execute();
  hub = await signedIn('hub.practitioner@essex.example');
});
afterAll(() => t?.close());

describe('the child’s school from what Hearth holds', () => {
  it('a Request for Support naming a school on the list, for the matched child: the notification has that school', async () => {
    const item = await hubWorkItem(t.services, { kind: 'taf', surname: 'Schoolfound', children: ['Poppy'] });
    // The request named the school as its requester typed it: the list's name in other case and spacing.
    await t.database.db
      .updateTable('request_people')
      .set({ school: '  meadowside   PRIMARY school (demo) ' })
      .where('request_id', '=', item.requestId)
      .where('role', '=', 'child')
      .execute();
    const requestId = await policeNotification([
      { first_name: 'Poppy', last_name: 'Schoolfound', date_of_birth: '2014-03-10' },
    ]);
    const [n] = await notificationsOf(requestId);
    expect(n).toMatchObject({ school_urn: '990001' });
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'encompass.incident-recorded')
      .where('subject_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(audited.details).toMatchObject({ schoolKnown: 1, schoolFrom: { 'request-for-support': 1 } });
  });

  it('free text naming no school on the list (or a child not matched) leaves the school for the Hub', async () => {
    await hubWorkItem(t.services, { kind: 'taf', surname: 'Schoolunknown', children: ['Milo'] });
    // hubWorkItem's request says "Harlow Primary": not a school on the list, so never guessed at.
    const requestId = await policeNotification([
      { first_name: 'Milo', last_name: 'Schoolunknown', date_of_birth: '2014-03-10' },
      { first_name: 'Nobody', last_name: 'Knownhere', date_of_birth: '2015-04-11' },
    ]);
    expect((await notificationsOf(requestId)).map((n) => n.school_urn)).toEqual([null, null]);
  });
});

describe('the Hub’s school search', () => {
  let id: string;
  beforeAll(async () => {
    const requestId = await policeNotification([
      { first_name: 'Search', last_name: 'Forschool', date_of_birth: '2015-01-01' },
    ]);
    id = (await notificationsOf(requestId))[0]!.id;
  });

  it('offers no list until the Hub searches; then narrows hundreds of schools by name, URN or district', async () => {
    const page = await hub.get(`/encompass/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-qa="school-search"');
    expect(page.body).not.toContain('data-qa="school-form"');
    expect(page.body).not.toContain('<select');
    expect(page.body).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
    const byName = await hub.get(`/encompass/${id}?q=oak+tree+academy`);
    expect(byName.body).toContain('Showing the first 20 of 100 schools');
    expect(byName.body).toContain('Oak Tree Academy 0');
    expect(byName.body).not.toContain('Ash Tree');
    const byUrn = await hub.get(`/encompass/${id}?q=800007`);
    expect(byUrn.body).toContain('Birch Tree Primary 7');
    expect(byUrn.body).not.toContain('Showing the first');
    const byDistrict = await hub.get(`/encompass/${id}?q=Colchester+elm`);
    expect(byDistrict.body).toContain('Elm Tree Academy 10');
    expect(byDistrict.body).toContain('Showing the first 20 of 100 schools');
    expect(byDistrict.body).not.toContain('Oak Tree');
    const chosen = await hub.post(`/encompass/${id}/school`, {
      version: /name="version" value="(\d+)"/.exec(byUrn.body)![1]!,
      q: '800007',
      school: '800007',
    });
    expect(chosen.statusCode).toBe(303);
    expect(
      (
        await t.database.db
          .selectFrom('encompass_notifications')
          .select('school_urn')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).school_urn,
    ).toBe('800007');
  });

  it('markup is shown as text, wildcards match only themselves, NUL and over-long searches are refused', async () => {
    const markup = await hub.get(`/encompass/${id}?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(markup.statusCode).toBe(200);
    expect(markup.body).toContain('No school on the list matches “&lt;script&gt;alert(1)&lt;/script&gt;”');
    expect(markup.body).not.toContain('<script>alert(1)');
    expect((await hub.get(`/encompass/${id}?q=%25`)).body).toContain('data-qa="no-schools"');
    expect((await hub.get(`/encompass/${id}?q=_`)).body).toContain('data-qa="no-schools"');
    expect((await hub.get(`/encompass/${id}?q=a%00b`)).statusCode).toBe(400);
    const long = await hub.get(`/encompass/${id}?q=${'x'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    expect(errorSummary(long.body)).toEqual(['The search must be 100 characters or fewer']);
    // Two values for q: not a search.
    expect((await hub.get(`/encompass/${id}?q=a&q=b`)).statusCode).toBeLessThan(500);
  });

  it('a school not on the list, sent by hand, is refused and changes nothing', async () => {
    const requestId = await policeNotification([
      { first_name: 'Hand', last_name: 'Typed', date_of_birth: '2015-01-01' },
    ]);
    const [n] = await notificationsOf(requestId);
    const page = await hub.get(`/encompass/${n!.id}?q=oak`);
    const bad = await hub.post(`/encompass/${n!.id}/school`, {
      version: /name="version" value="(\d+)"/.exec(page.body)![1]!,
      q: 'oak',
      school: '<b>1</b>',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual(['Select the child’s school']);
    expect(bad.body).toContain('Oak Tree');
    // The radios are on the page, so the summary links to them.
    expect(bad.body).toContain('href="#school"');

    // Saved without searching: no radios are offered, and the summary links to the search box that shows the error.
    const unsearched = await hub.post(`/encompass/${n!.id}/school`, {
      version: /name="version" value="(\d+)"/.exec(page.body)![1]!,
      q: '',
    });
    expect(unsearched.statusCode).toBe(400);
    expect(errorSummary(unsearched.body)).toEqual(['Select the child’s school']);
    expect(unsearched.body).toContain('href="#q"');
    expect(unsearched.body).not.toContain('href="#school"');
  });

  it('a school chosen from a page someone else has since changed is refused, and the page offers the current version', async () => {
    const requestId = await policeNotification([
      { first_name: 'Stale', last_name: 'Page', date_of_birth: '2015-01-01' },
    ]);
    const [n] = await notificationsOf(requestId);
    const page = await hub.get(`/encompass/${n!.id}?q=oak`);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const urn =
      /name="school" type="radio" value="(\d+)"/.exec(page.body)?.[1] ??
      /value="(\d+)"[^>]*name="school"/.exec(page.body)![1]!;
    expect((await hub.post(`/encompass/${n!.id}/school`, { version, q: 'oak', school: urn })).statusCode).toBe(303);
    const stale = await hub.post(`/encompass/${n!.id}/school`, { version, q: 'oak', school: urn });
    expect(stale.statusCode).toBeGreaterThanOrEqual(400);
    expect(stale.statusCode).toBeLessThan(500);
    const offered = /name="version" value="(\d*)"/.exec(stale.body)?.[1];
    expect(Number(offered)).toBeGreaterThan(Number(version));
  });
});

describe('the Hub’s lists, paged', () => {
  beforeAll(async () => {
    // 60 children whose school Hearth does not know: more than a page.
    for (const batch of [0, 1, 2, 3, 4, 5])
      await policeNotification(
        Array.from({ length: 10 }, (_, i) => ({
          first_name: `Child${'abcdef'[batch]}${'abcdefghij'[i]}`,
          last_name: 'Paged',
          date_of_birth: '2015-02-02',
        })),
      );
  });

  it('50 a page, with the count of each list and govukPagination', async () => {
    const first = await hub.get('/encompass/hub');
    expect(first.statusCode).toBe(200);
    const rows = (body: string) => (body.match(/<tr class="govuk-table__row">\s*<td/g) ?? []).length;
    expect(rows(first.body)).toBe(50);
    expect(first.body).toMatch(/School needed \((\d+)\)/);
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toContain('href="/encompass/hub?list=school-needed&amp;page=2"');
    const second = await hub.get('/encompass/hub?list=school-needed&page=2');
    expect(second.statusCode).toBe(200);
    expect(rows(second.body)).toBeGreaterThan(0);
    expect(second.body).toContain('page 2');
  });

  it('a page past the end shows the last; a page that is not a number, or an unknown list, shows the first', async () => {
    const last = await hub.get('/encompass/hub?list=school-needed&page=9999');
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('page 2');
    for (const bad of ['abc', '-1', '0', '1.5', '99999999', '%3Cb%3E'])
      expect((await hub.get(`/encompass/hub?page=${bad}`)).statusCode).toBe(200);
    expect((await hub.get('/encompass/hub?page=a%00')).statusCode).toBe(400);
    const unknown = await hub.get('/encompass/hub?list=%3Cscript%3E');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('data-qa="school-needed"');
    const none = await hub.get('/encompass/hub?list=no-child-of-school-age');
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('data-qa="without-school-age-empty"');
  });
});
