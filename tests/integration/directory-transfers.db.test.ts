import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Directory imports and exports through HTTP: who may use them, and what bad input gets back. */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  await client.get('/');
  return client;
}

const row = (overrides: Record<string, string> = {}) => ({
  id: '',
  organisation: 'barnardos',
  name: 'Tendring Toy Library',
  description: 'Borrow toys and play equipment for children under 5.',
  free: 'yes',
  access_route: 'self-referral',
  delivery: 'in-person',
  levels: '1',
  categories: 'early-years',
  countywide: 'no',
  districts: 'Tendring',
  location_1_name: 'Clacton Family Hub',
  location_1_address: 'Old Road',
  location_1_city: 'Clacton-on-Sea',
  location_1_postcode: 'CO15 3AA',
  location_1_opening_times: 'Mon-Fri 09:00-12:00',
  ...overrides,
});
const csv = (rows: Record<string, string>[]) => stringify(rows, { header: true, columns: Object.keys(rows[0]!) });
const pages = [
  '/admin/directory/transfers',
  '/admin/directory/import/csv',
  '/admin/directory/import/oruk',
  '/admin/directory/template.csv',
  '/admin/directory/export.csv',
];

describe('who may import and export', () => {
  it('sends someone signed out to sign in', async () => {
    for (const url of pages) {
      const response = await t.app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.headers.location]).toEqual([url, 303, '/sign-in']);
    }
  });

  it('refuses a directory provider everything, and records the refusals', async () => {
    const provider = await signedIn('provider@essex.example');
    for (const url of pages) expect([url, (await provider.get(url)).statusCode]).toEqual([url, 403]);
    expect((await provider.post('/admin/directory/import/csv', { csv: csv([row()]) })).statusCode).toBe(403);
    expect(
      (await provider.post('/admin/directory/import/oruk', { url: 'https://example.org/api/oruk' })).statusCode,
    ).toBe(403);
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .execute();
    expect(denied.map((d) => (d.details as { action: string }).action)).toEqual(
      expect.arrayContaining(['directory:import', 'directory:export']),
    );
    expect(await t.database.db.selectFrom('directory_imports').select('id').execute()).toEqual([]);
  });

  it('lets an analyst export, but not import', async () => {
    const analyst = await signedIn('analyst@essex.example');
    const page = await analyst.get('/admin/directory/transfers');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /href="\/admin" aria-current="true">\s*<strong class="govuk-service-navigation__active-fallback">Admin/,
    );
    expect(page.body).toContain('Export the directory as CSV');
    expect(page.body).not.toContain('/admin/directory/import/csv');
    expect(page.body).not.toContain('Past imports');
    const exported = await analyst.get('/admin/directory/export.csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.headers['content-disposition']).toMatch(
      /^attachment; filename="hearth-directory-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    for (const url of ['/admin/directory/import/csv', '/admin/directory/template.csv'])
      expect((await analyst.get(url)).statusCode).toBe(403);
  });
});

describe('a moderator importing a CSV file', () => {
  let moderator: TestClient;
  beforeAll(async () => {
    moderator = await signedIn('moderator@essex.example');
  });

  it('downloads the template, which imports as one new service', async () => {
    const template = await moderator.get('/admin/directory/template.csv');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toBe('attachment; filename="hearth-directory-template.csv"');
    expect(template.body).toMatch(/^\uFEFFid,organisation,name,description,status,professionals_only,/);
    await moderator.get('/admin/directory/import/csv');
    const response = await moderator.post('/admin/directory/import/csv', { csv: template.body });
    expect(response.statusCode).toBe(303);
    const report = await moderator.follow(response);
    expect(report.body).toContain('Import finished: 1 service added, 0 updated, 0 unchanged, 0 rejected.');
    expect(report.body).toContain('Dads Matter drop-in');
  });

  it('shows every problem of a broken file, row by row, keeps what was pasted and saves nothing', async () => {
    await moderator.get('/admin/directory/import/csv');
    const pasted = csv([row(), row({ name: '', delivery: 'carrier pigeon' }), row({ id: newId() })]);
    const response = await moderator.post('/admin/directory/import/csv', { csv: pasted });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'Row 3, column name: Enter the service name',
      'Row 3, column delivery: “carrier pigeon” is not a way of delivering a service: use in-person, online or phone',
      'Row 4, column id: There is no service with this id: leave it blank to add a new service',
    ]);
    expect(response.body).toContain(
      'The file has 3 problems. Nothing has been saved: correct the file and paste it again.',
    );
    expect(response.body).toContain('Problems in the file (3)');
    expect(response.body).toContain('Tendring Toy Library');
    expect(await t.database.db.selectFrom('directory_imports').select('id').execute()).toHaveLength(1);
  });

  it('imports the corrected file and shows the report, which stays available', async () => {
    await moderator.get('/admin/directory/import/csv');
    const response = await moderator.post('/admin/directory/import/csv', {
      csv: csv([row(), row({ name: 'Harwich Toy Library', districts: 'tendring' })]),
    });
    expect(response.statusCode).toBe(303);
    const location = String(response.headers.location);
    expect(location).toMatch(/^\/admin\/directory\/imports\/[0-9a-f-]{36}$/);
    const report = await moderator.follow(response);
    expect(report.body).toContain('Import finished: 2 services added, 0 updated, 0 unchanged, 0 rejected.');
    expect(report.body).toMatch(
      /<dt class="govuk-summary-list__key">\s*Added\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2\s*<\/dd>/,
    );
    const again = await moderator.get(location);
    expect(again.body).not.toContain('Import finished');
    expect(again.body).toContain('Harwich Toy Library');
    const list = await moderator.get('/admin/directory/transfers');
    expect(list.body).toContain(`href="${location}"`);
    expect(list.body).toContain('CSV file, 2 rows');
  });

  it('takes a pasted file larger than other forms may send', async () => {
    await moderator.get('/admin/directory/import/csv');
    const response = await moderator.post('/admin/directory/import/csv', {
      csv: csv([row({ description: 'x'.repeat(1_200_000) })]),
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'Row 2, column description: The description must be 5000 characters or fewer',
    ]);
  });

  it('explains an empty form, an unknown report and a form without its token', async () => {
    await moderator.get('/admin/directory/import/csv');
    const empty = await moderator.post('/admin/directory/import/csv', { csv: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Paste the contents of the CSV file']);
    expect((await moderator.get('/admin/directory/imports/not-an-id')).statusCode).toBe(404);
    expect((await moderator.get(`/admin/directory/imports/${newId()}`)).statusCode).toBe(404);
    expect((await moderator.post('/admin/directory/import/csv', { csv: 'x', _csrf: 'forged' })).statusCode).toBe(403);
  });
});

describe('a moderator importing from an Open Referral UK API', () => {
  let moderator: TestClient;
  const form = (overrides: Record<string, string | string[]> = {}) => ({
    url: 'https://example.org/api/oruk',
    organisationId: '',
    levels: [],
    category: '',
    countywide: 'no',
    accessRoute: 'self-referral',
    deliveryModes: [],
    ...overrides,
  });
  beforeAll(async () => {
    moderator = await signedIn('moderator@essex.example');
  });

  it.each<[Record<string, string | string[]>, string]>([
    [{ url: '' }, 'Enter the address of the Open Referral UK API'],
    [{ url: 'ftp://example.org/api' }, 'Enter a web address that starts with https:// or http://'],
    [{ url: 'example.org' }, 'Enter the API’s full web address, like https://example.org/api/oruk'],
    [
      { url: 'http://127.0.0.1:9/api/oruk' },
      'Hearth does not import from addresses on a private or local network (127.0.0.1:9): enter the API’s public address',
    ],
    [
      { url: 'http://169.254.169.254/latest' },
      'Hearth does not import from addresses on a private or local network (169.254.169.254): enter the API’s public address',
    ],
    [{ levels: ['7'] }, 'Select levels of need from the list'],
    [{ levels: ['lots'] }, 'Select levels of need from the list'],
    [{ category: 'knitting' }, 'Select a category from the list'],
    [{ organisationId: newId() }, 'Select an organisation from the list'],
    [{ countywide: '' }, 'Select whether a service that does not say where it works covers the whole area'],
    [{ accessRoute: 'teleport' }, 'Select how families get the services'],
    [{ deliveryModes: ['post'] }, 'Select ways of delivering from the list'],
  ])('%j: %s', async (overrides, message) => {
    await moderator.get('/admin/directory/import/oruk');
    const response = await moderator.post('/admin/directory/import/oruk', form(overrides));
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([message]);
    if (typeof overrides.url === 'string' && overrides.url) expect(response.body).toContain(`value="${overrides.url}"`);
  });

  it('shows a past run’s report with every rejected service and why', async () => {
    const id = newId();
    const service = (
      await t.database.db.selectFrom('directory_services').select('id').limit(1).executeTakeFirstOrThrow()
    ).id;
    const report = {
      created: [{ serviceId: service, name: 'Harlow Parent Support', externalId: 'a-1' }],
      updated: [],
      unchanged: [{ serviceId: service, name: 'Epping Toy Library', externalId: 'a-2' }],
      rejected: [
        {
          externalId: 'a-3',
          name: 'Community Counselling',
          reasons: ['Location “MyCity Civic Center”: its latitude must be 90 or less', 'It has no description'],
        },
        {
          externalId: 'a-4',
          name: 'Drop-in',
          reasons: ['It does not say which organisation runs it: choose an organisation on the import form'],
        },
      ],
    };
    await t.database.db
      .insertInto('directory_imports')
      .values({
        id,
        kind: 'oruk',
        source: 'https://example.org/api/oruk',
        started_by: null,
        started_at: new Date(),
        counts: JSON.stringify({ created: 1, updated: 0, unchanged: 1, rejected: 2 }),
        report: JSON.stringify(report),
      })
      .execute();
    const page = await moderator.get(`/admin/directory/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Import from an Open Referral UK API</h1>');
    expect(page.body).toContain('Rejected (2)');
    expect(page.body).toContain('<li>Location “MyCity Civic Center”: its latitude must be 90 or less</li>');
    expect(page.body).toContain(
      'It does not say which organisation runs it: choose an organisation on the import form',
    );
    expect(page.body).toContain('Id in the API: a-3');
    expect(page.body).toContain(`href="/services/${service}">Harlow Parent Support</a>`);
    expect(page.body).toContain('Show the unchanged services');
  });

  it('shows the form with what to do when a service does not say', async () => {
    const page = await moderator.get('/admin/directory/import/oruk');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Address of the API');
    expect(page.body).toContain('name="accessRoute" type="radio" value="self-referral" checked');
    expect(page.body).toContain('Level 2: Additional');
  });
});
