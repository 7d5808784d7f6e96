import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { ServiceContent } from '../../src/modules/directory/content.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The public Directory of Services pages through HTTP: search, filters, errors, service pages. */

let t: TestApp;
const ids: Record<string, string> = {};

const content = (overrides: Partial<ServiceContent>): ServiceContent => ({
  name: 'A service',
  description: 'What it does.',
  status: 'active',
  isFree: true,
  accessRoute: 'self-referral',
  professionalsOnly: false,
  deliveryModes: ['in-person'],
  levels: [1],
  categories: ['parenting'],
  districts: [],
  countywide: true,
  languages: ['English'],
  contacts: [],
  locations: [],
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  await t.services.directory.loadPostcodeDistricts();
  const org = (
    await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'barnardos')
      .executeTakeFirstOrThrow()
  ).id;
  const actor = { userId: null, label: 'directory HTTP test' };
  const create = async (key: string, c: ServiceContent) =>
    (ids[key] = (await t.services.directory.createService(actor, org, c, { approved: true })).serviceId);
  await create(
    'course',
    content({
      name: 'Parenting Teens Course',
      description: 'Evening course for parents of teenagers.\nSix weekly sessions.',
      levels: [2],
      minimumAge: 11,
      maximumAge: 18,
      howToAccess: 'Phone to book a place.',
      contacts: [{ id: newId(), title: 'Bookings', phone: '01245 555 123', email: 'course@barnardos.example' }],
      locations: [
        {
          id: newId(),
          name: 'Chelmsford Library',
          address1: 'Market Road',
          city: 'Chelmsford',
          postcode: 'CM1 1QH',
          schedules: [{ id: newId(), byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opensAt: '18:30', closesAt: '20:00' }],
        },
      ],
    }),
  );
  await create(
    'hub',
    content({ name: 'Intensive Family Work', levels: [3], accessRoute: 'via-hub', deliveryModes: ['phone'] }),
  );
  await create(
    'secret',
    content({ name: 'Practitioner Consultation Line', professionalsOnly: true, deliveryModes: ['phone'] }),
  );
  for (let i = 1; i <= 25; i++)
    await create(`p${i}`, content({ name: `Quokka club ${String(i).padStart(2, '0')}`, categories: ['youth'] }));
});
afterAll(() => t?.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const get = (url: string) => t.app.inject({ method: 'GET', url });
const resultNames = (html: string) =>
  [
    ...html.matchAll(/<h3 class="govuk-heading-m[^"]*"><a class="govuk-link" href="\/services\/[^"]+">([^<]+)<\/a>/g),
  ].map((m) => m[1]);

describe('GET /services', () => {
  it('shows the search form and every service to anyone, with "Find a service" in the navigation', async () => {
    const page = await get('/services');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-xl">Find a service</h1>');
    expect(page.body).toMatch(/class="govuk-service-navigation__link" href="\/services" aria-current="true"/);
    expect(page.body).toContain('27 services');
    expect(page.body).toContain('name="category" type="checkbox" value="send"');
    expect(page.body).not.toContain('Practitioner Consultation Line');
    expect((await get('/')).body).toContain('href="/services"');
  });

  it('finds by words (with typos) and filters, with a summary of each result', async () => {
    const page = await get('/services?q=parnting&level=2&age=12&free=yes&delivery=in-person&postcode=cm1+1qh');
    expect(page.statusCode).toBe(200);
    expect(resultNames(page.body)).toEqual(['Parenting Teens Course']);
    expect(page.body).toContain('nearest to CM1 1QH first');
    expect(page.body).toContain('Level 2: Additional');
    expect(page.body).toContain('11 to 18 years');
    expect(page.body).toContain('Chelmsford Library, Chelmsford (less than a mile)');
    // The form keeps what was chosen.
    expect(page.body).toContain('name="level" type="checkbox" value="2" checked');
    expect(page.body).toContain('value="cm1 1qh"');
  });

  it('pages 20 at a time, keeping the search in the page links, and says when a page is past the end', async () => {
    const first = await get('/services?category=youth');
    expect(resultNames(first.body)).toHaveLength(20);
    expect(first.body).toContain('href="/services?category=youth&amp;page=2"');
    const second = await get('/services?category=youth&page=2');
    expect(resultNames(second.body)).toEqual(['21', '22', '23', '24', '25'].map((n) => `Quokka club ${n}`));
    const beyond = await get('/services?category=youth&page=7');
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain('There are only 2 pages of results, so this is the last page.');
    expect(resultNames(beyond.body)).toHaveLength(5);
  });

  it.each([
    ['category=astrology', 'Select categories from the list'],
    ['level=9', 'Select levels of need from the list'],
    ['age=eight', 'Enter the child’s age as a whole number, like 8'],
    ['age=-3', 'Enter the child’s age as a whole number, like 8'],
    ['age=40', 'Enter an age from 0 to 25'],
    ['area=atlantis', 'Select an area from the list'],
    ['free=maybe', 'Select “Free” or leave it unselected'],
    ['delivery=telepathy', 'Select how the service is delivered from the list'],
    ['postcode=12345', 'Enter a real postcode, like CM1 1QH'],
    ['postcode=ZZ9+9ZZ', 'We do not know where ZZ9 9ZZ is: check it or leave it blank'],
    ['page=0', 'Page must be a whole number from 1 to 1,000'],
    ['page=-1', 'Page must be a whole number from 1 to 1,000'],
    ['page=two', 'Page must be a whole number from 1 to 1,000'],
    ['page=99999999999999999999', 'Page must be a whole number from 1 to 1,000'],
    [`q=${'a'.repeat(201)}`, 'Search words must be 200 characters or fewer'],
  ])('answers %s with 400 and a message on the page', async (query, message) => {
    const page = await get(`/services?${query}`);
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(errorSummary(page.body)).toEqual([message]);
    expect(page.body).toContain('<title>Error: Find a service');
  });

  it('links the page number problem to the results, and keeps what was typed, escaped', async () => {
    const page = await get('/services?page=0&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(page.body).toContain('href="#results"');
    expect(page.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page.body).not.toContain('<script>alert');
  });

  it('shows services for professionals only to signed-in practitioners', async () => {
    const practitioner = await signedIn('hub.practitioner@essex.example');
    const page = await practitioner.get('/services?q=consultation');
    expect(resultNames(page.body)).toEqual(['Practitioner Consultation Line']);
    expect(page.body).toContain('For professionals only');
    const analyst = await signedIn('analyst@essex.example');
    expect(resultNames((await analyst.get('/services?q=consultation')).body)).toEqual([]);
  });
});

describe('GET /services/:id', () => {
  it('shows what the service offers, who it is for, how to get it, contacts, places with times and when it was checked', async () => {
    const page = await get(`/services/${ids.course}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Parenting Teens Course</h1>');
    expect(page.body).toContain('Barnardo&#39;s');
    expect(page.body).toContain('Families can contact the service themselves');
    expect(page.body).toContain('Phone to book a place.');
    expect(page.body).toContain('href="tel:01245555123"');
    expect(page.body).toContain('href="mailto:course@barnardos.example"');
    expect(page.body).toContain('Monday to Friday, 6:30pm to 8pm');
    expect(page.body).toMatch(/Last checked: \d{1,2} [A-Z][a-z]+ \d{4}/);
  });

  it('says a service is reached through the Hub', async () => {
    const page = await get(`/services/${ids.hub}`);
    expect(page.body).toContain(
      'Through a Request for Support to the Children and Families Hub: families cannot refer themselves.',
    );
  });

  it('goes back to the search the person came from', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/services/${ids.course}`,
      headers: { referer: 'http://localhost:80/services?q=parenting&page=1' },
    });
    expect(page.body).toContain('href="/services?q=parenting&amp;page=1"');
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/services/${ids.course}`,
      headers: { referer: 'https://evil.example/services?q=x' },
    });
    expect(elsewhere.body).toContain('<a href="/services" class="govuk-back-link"');
  });

  it('answers 404 for malformed and unknown ids, and for professionals-only services unless allowed', async () => {
    expect((await get('/services/not-an-id')).statusCode).toBe(404);
    expect((await get(`/services/${newId()}`)).statusCode).toBe(404);
    expect((await get(`/services/${ids.secret}`)).statusCode).toBe(404);
    expect((await (await signedIn('analyst@essex.example')).get(`/services/${ids.secret}`)).statusCode).toBe(404);
    const allowed = await (await signedIn('teacher@essex.example')).get(`/services/${ids.secret}`);
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('Only practitioners signed in to Hearth can see this service.');
  });
});
