import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { ServiceContent } from '../content.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, derivedId, taxonomyId, termId } from '../taxonomy.ts';

/** The ORUK API's filters (alone and combined), paging and refusal of bad input. */

let t: TestApp;
const org: Record<'filters' | 'paging' | 'police', string> = { filters: '', paging: '', police: '' };
const ids: Record<string, string> = {};
const extraTaxonomy = derivedId('test', 'taxonomy');
const term = (taxonomy: string, code: string) => termId('essex', taxonomy, code);
const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { response, body: response.json() };
};
/** Names of the services a query finds among the filter fixtures. */
const names = async (query: string) => {
  const { response, body } = await get(`/api/oruk/services?organization_id=${org.filters}&${query}`);
  expect(response.statusCode, JSON.stringify(body)).toBe(200);
  return body.contents.map((s: { name: string }) => s.name);
};
const locationNames = async (query: string) => {
  const { response, body } = await get(`/api/oruk/service_at_locations?organization_id=${org.filters}&${query}`);
  expect(response.statusCode, JSON.stringify(body)).toBe(200);
  return body.contents.map((s: { location: { name: string } }) => s.location.name);
};

const location = (
  name: string,
  postcode: string,
  schedule: { byday: ('MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU')[]; opensAt: string; closesAt: string },
  at?: { latitude: number; longitude: number },
) => ({
  id: newId(),
  name,
  address1: '1 High Street',
  city: 'Essex',
  postcode,
  ...at,
  schedules: [{ id: newId(), ...schedule }],
});
function content(overrides: Partial<ServiceContent>): ServiceContent {
  return {
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
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const actor = { userId: null, label: 'ORUK query test' };
  for (const key of ['filters', 'paging'] as const) {
    org[key] = newId();
    await db
      .insertInto('organisations')
      .values({
        id: org[key],
        code: `oruk-${key}`,
        name: `ORUK ${key} org`,
        type_code: 'voluntary',
        created_by: null,
        updated_by: null,
      })
      .execute();
  }
  org.police = (
    await db.selectFrom('organisations').select('id').where('code', '=', 'essex-police').executeTakeFirstOrThrow()
  ).id;
  const create = async (key: string, organisationId: string, c: ServiceContent) => {
    ids[key] = (await t.services.directory.createService(actor, organisationId, c, { approved: true })).serviceId;
  };
  await create(
    'baby',
    org.filters,
    content({
      name: 'Baby Massage Group',
      categories: ['early-years'],
      levels: [1],
      minimumAge: 0,
      maximumAge: 1,
      locations: [
        location(
          'Chelmsford Centre',
          'CM1 1AA',
          { byday: ['MO', 'TH'], opensAt: '10:00', closesAt: '11:30' },
          { latitude: 51.7356, longitude: 0.4685 },
        ),
      ],
    }),
  );
  await create(
    'teen',
    org.filters,
    content({
      name: 'Teen Talk Counselling',
      categories: ['emotional-wellbeing', 'youth'],
      levels: [2, 3],
      minimumAge: 13,
      maximumAge: 18,
      locations: [location('Harlow Hub', 'cm20 1ab', { byday: ['TU'], opensAt: '16:00', closesAt: '19:00' })],
    }),
  );
  await create(
    'course',
    org.filters,
    content({
      name: 'Parenting Teens Course',
      categories: ['parenting', 'youth'],
      levels: [2],
      minimumAge: 11,
      maximumAge: 18,
      locations: [location('Colchester Library', 'CO1 9ZZ', { byday: ['SA'], opensAt: '09:00', closesAt: '12:00' })],
    }),
  );
  await create('forum', org.filters, content({ name: 'Online Parent Forum', deliveryModes: ['online'] }));
  for (let i = 1; i <= 7; i++) await create(`page${i}`, org.paging, content({ name: `Paging service ${i}` }));
  await db
    .updateTable('directory_listings')
    .set({ modified_at: new Date('2024-01-01T00:00:00Z') })
    .where('service_id', '=', ids.forum!)
    .execute();
  // Where postcodes are: Harlow's full postcode is known, Colchester's only by its district.
  for (const [postcode, latitude, longitude] of [
    ['CM1 1AA', 51.7356, 0.4685],
    ['CM20 1AB', 51.77, 0.09],
  ] as const) {
    await db
      .insertInto('postcodes')
      .values({ postcode, latitude, longitude })
      .onConflict((oc) => oc.column('postcode').doUpdateSet({ latitude, longitude }))
      .execute();
  }
  for (const [outward, latitude, longitude] of [
    ['CO1', 51.889, 0.901],
    ['CM1', 51.73, 0.47],
  ] as const) {
    await db
      .insertInto('postcode_districts')
      .values({ outward, latitude, longitude })
      .onConflict((oc) => oc.column('outward').doUpdateSet({ latitude, longitude }))
      .execute();
  }
  await db
    .insertInto('directory_taxonomies')
    .values({
      id: extraTaxonomy,
      code: 'oruk-test',
      name: 'Unused',
      description: 'No service uses it.',
      uri: null,
      version: null,
    })
    .execute();
});
afterAll(() => t?.close());

describe('GET /api/oruk/services filters', () => {
  it('finds by search, in names and category names', async () => {
    expect(await names('search=counselling')).toEqual(['Teen Talk Counselling']);
    expect((await names('search=teens')).sort()).toEqual(['Parenting Teens Course', 'Teen Talk Counselling']);
    expect((await names('search=Youth%20services')).sort()).toEqual([
      'Parenting Teens Course',
      'Teen Talk Counselling',
    ]);
    expect(await names('search=zebra')).toEqual([]);
    expect(await names('search=%25')).toEqual([]);
  });

  it('filters by taxonomy term (a category or a Windscreen level) and by taxonomy', async () => {
    expect((await names(`taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'youth')}`)).sort()).toEqual([
      'Parenting Teens Course',
      'Teen Talk Counselling',
    ]);
    expect(await names(`taxonomy_term_id=${term(WINDSCREEN_TAXONOMY, 'level-3')}`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`taxonomy_id=${taxonomyId('essex', WINDSCREEN_TAXONOMY)}`)).toHaveLength(4);
    expect(await names(`taxonomy_id=${extraTaxonomy}`)).toEqual([]);
  });

  it('filters by organization', async () => {
    expect(await names('')).toHaveLength(4);
    expect((await get(`/api/oruk/services?organization_id=${org.paging}`)).body.total_items).toBe(7);
    expect((await get(`/api/oruk/services?organization_id=${org.police}`)).body.total_items).toBe(0);
  });

  it('filters by modified_after, on or after the moment given, with or without an offset', async () => {
    expect(await names('modified_after=2024-01-01T00:00:00Z')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T01:00:00%2B01:00')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T01:00:00+01:00')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T00:00:00.001Z')).not.toContain('Online Parent Forum');
    expect(await names('modified_after=2999-01-01')).toEqual([]);
  });

  it('filters by ages and by opening day and times (one opening must meet them all)', async () => {
    expect(await names('minimum_age=11')).toEqual(['Parenting Teens Course', 'Teen Talk Counselling']);
    expect(await names('maximum_age=1')).toEqual(['Baby Massage Group']);
    expect(await names('day=TU')).toEqual(['Teen Talk Counselling']);
    expect(await names('day=saturday')).toEqual(['Parenting Teens Course']);
    expect(await names('start_time=10:00')).toEqual(['Baby Massage Group', 'Teen Talk Counselling']);
    expect(await names('end_time=12:00:00')).toEqual(['Baby Massage Group', 'Parenting Teens Course']);
    expect(await names('day=MO&start_time=10:00&end_time=11:30')).toEqual(['Baby Massage Group']);
    expect(await names('day=MO&start_time=16:00')).toEqual([]);
  });

  it('combines filters with AND', async () => {
    const youth = `taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'youth')}`;
    expect(await names(`${youth}&search=counselling`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`${youth}&minimum_age=12`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`${youth}&day=SA&search=parenting`)).toEqual(['Parenting Teens Course']);
    expect(await names(`taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'early-years')}&search=counselling`)).toEqual([]);
    expect((await get(`/api/oruk/services?organization_id=${org.paging}&search=counselling`)).body.total_items).toBe(0);
  });
});

describe('paging', () => {
  const pageOf = async (query: string) => (await get(`/api/oruk/services?organization_id=${org.paging}&${query}`)).body;
  const envelope = (body: Record<string, unknown>) => ({ ...body, contents: undefined });

  it('counts pages and flags the first, last and empty ones', async () => {
    const pages = [
      await pageOf('per_page=3'),
      await pageOf('per_page=3&page=2'),
      await pageOf('per_page=3&page=3'),
      await pageOf('per_page=3&page=4'),
    ];
    expect(pages.map(envelope)).toEqual([
      {
        total_items: 7,
        total_pages: 3,
        page_number: 1,
        size: 3,
        first_page: true,
        last_page: false,
        empty: false,
        contents: undefined,
      },
      {
        total_items: 7,
        total_pages: 3,
        page_number: 2,
        size: 3,
        first_page: false,
        last_page: false,
        empty: false,
        contents: undefined,
      },
      {
        total_items: 7,
        total_pages: 3,
        page_number: 3,
        size: 1,
        first_page: false,
        last_page: true,
        empty: false,
        contents: undefined,
      },
      {
        total_items: 7,
        total_pages: 3,
        page_number: 4,
        size: 0,
        first_page: false,
        last_page: true,
        empty: true,
        contents: undefined,
      },
    ]);
    const paged = pages.flatMap((p) => p.contents.map((s: { id: string }) => s.id));
    expect(new Set(paged).size).toBe(7);
    expect(paged).toEqual((await pageOf('per_page=100')).contents.map((s: { id: string }) => s.id));
    expect(envelope(await pageOf('per_page=7'))).toMatchObject({
      total_pages: 1,
      size: 7,
      first_page: true,
      last_page: true,
    });
  });

  it('has 50 a page by default (100 with minimal=true) and an empty envelope for no results', async () => {
    const all = (await get('/api/oruk/services?per_page=1')).body.total_items;
    expect((await get('/api/oruk/services')).body.total_pages).toBe(Math.ceil(all / 50));
    expect((await get('/api/oruk/services?minimal=true')).body.total_pages).toBe(Math.ceil(all / 100));
    expect(envelope((await get(`/api/oruk/services?organization_id=${org.police}`)).body)).toEqual({
      total_items: 0,
      total_pages: 0,
      page_number: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: undefined,
    });
  });
});

describe('GET /api/oruk/service_at_locations near a postcode', () => {
  it('keeps locations within the proximity, nearest first, finding locations by coordinates, postcode or district', async () => {
    expect(await locationNames('postcode=CM1%201AA&proximity=1000')).toEqual(['Chelmsford Centre']);
    expect(await locationNames('postcode=cm11aa&proximity=30000')).toEqual(['Chelmsford Centre', 'Harlow Hub']);
    expect(await locationNames('postcode=CM1 1AA&proximity=40000')).toEqual([
      'Chelmsford Centre',
      'Harlow Hub',
      'Colchester Library',
    ]);
    expect(await locationNames('postcode=CO1')).toEqual(['Colchester Library', 'Chelmsford Centre', 'Harlow Hub']);
    expect(await locationNames('postcode=CM20%201AB&proximity=1')).toEqual(['Harlow Hub']);
  });

  it('applies the service filters to each location, schedules included', async () => {
    expect(await locationNames('day=SA')).toEqual(['Colchester Library']);
    expect(
      await locationNames(`taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'youth')}&postcode=CM1&proximity=30000`),
    ).toEqual(['Harlow Hub']);
  });
});

describe('filters and paging a client of many feeds relies on', () => {
  const unknown = derivedId('another feed', 'term');
  it.each([
    `/api/oruk/services?taxonomy_term_id=${unknown}`,
    `/api/oruk/services?taxonomy_id=${unknown}`,
    `/api/oruk/services?organization_id=${unknown}`,
    `/api/oruk/service_at_locations?taxonomy_term_id=${unknown}`,
    `/api/oruk/service_at_locations?organization_id=${unknown}`,
    `/api/oruk/taxonomy_terms?taxonomy_id=${unknown}`,
  ])('a well-formed id Hearth does not hold gives an empty page: %s', async (url) => {
    const { response, body } = await get(url);
    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({ total_items: 0, empty: true, contents: [] });
  });

  it('serves per_page above 100 at 100 rather than refusing it', async () => {
    for (const asked of [101, 500, 999_999_999]) {
      const { response, body } = await get(`/api/oruk/services?per_page=${asked}`);
      expect(response.statusCode).toBe(200);
      expect(body.contents.length).toBe(Math.min(body.total_items, 100));
      expect(body.total_pages).toBe(Math.max(1, Math.ceil(body.total_items / 100)));
    }
    expect((await get('/api/oruk/taxonomies?per_page=500')).response.statusCode).toBe(200);
  });

  it('accepts format=json on every endpoint', async () => {
    const plain = (await get('/api/oruk/services')).body;
    expect((await get('/api/oruk/services?format=json')).body).toEqual(plain);
    expect((await get('/api/oruk/services?format=JSON&per_page=5')).response.statusCode).toBe(200);
    for (const url of [
      '/api/oruk/?format=json',
      '/api/oruk/openapi.json?format=json',
      '/api/oruk/taxonomies?format=json',
    ])
      expect((await get(url)).response.statusCode, url).toBe(200);
  });
});

describe('bad input is a 400 (an unknown id a 404) as JSON, never a 500', () => {
  const unknown = derivedId('unknown', 'id');
  const cases: [string, number, RegExp][] = [
    ['/api/oruk/services?page=-1', 400, /page must be a whole number from 1 to 10000/],
    ['/api/oruk/services?page=0', 400, /page must be/],
    ['/api/oruk/services?page=1.5', 400, /page must be/],
    ['/api/oruk/services?page=abc', 400, /page must be/],
    ['/api/oruk/services?page=99999999999999999999', 400, /page must be/],
    ['/api/oruk/services?page=10001', 400, /page must be/],
    ['/api/oruk/services?page=1&page=2', 400, /Give page once/],
    ['/api/oruk/services?per_page=0', 400, /per_page must be a whole number from 1/],
    ['/api/oruk/services?per_page=-5', 400, /per_page must be/],
    ['/api/oruk/services?per_page=lots', 400, /per_page must be/],
    ['/api/oruk/services?format=xml', 400, /format must be json/],
    ['/api/oruk/taxonomies?format=ndjson', 400, /format must be json/],
    ['/api/oruk/services?taxonomy_term_id=not-a-uuid', 400, /taxonomy_term_id must be a UUID/],
    ['/api/oruk/services?organization_id=123', 400, /organization_id must be a UUID/],
    ['/api/oruk/services?modified_after=yesterday', 400, /modified_after must be an ISO 8601 date/],
    ['/api/oruk/services?modified_after=2024-13-01', 400, /modified_after/],
    ['/api/oruk/services?modified_after=2023-02-29T10:00:00Z', 400, /modified_after/],
    ['/api/oruk/services?minimal=yes', 400, /minimal must be true or false/],
    ['/api/oruk/services?full=1', 400, /full must be true or false/],
    ['/api/oruk/services?minimal=true&full=true', 400, /not both/],
    ['/api/oruk/services?minimum_age=-1', 400, /minimum_age must be a number/],
    ['/api/oruk/services?day=XX', 400, /day must be one of MO/],
    ['/api/oruk/services?start_time=25:00', 400, /start_time must be a time/],
    [`/api/oruk/services?search=${'a'.repeat(201)}`, 400, /search must be 200 characters or fewer/],
    [
      '/api/oruk/services?colour=blue&size=2',
      400,
      /Unknown query parameters: colour, size\. This endpoint accepts search, format, page, per_page/,
    ],
    ['/api/oruk/services/not-a-uuid', 400, /The id in the address must be a UUID/],
    [`/api/oruk/services/${unknown}`, 404, /There is no public service with the id/],
    ['/api/oruk/?debug=1', 400, /Unknown query parameter: debug\. This endpoint accepts format\./],
    ['/api/oruk/taxonomies/123', 400, /must be a UUID/],
    [`/api/oruk/taxonomies/${unknown}`, 404, /no taxonomy with the id/],
    ['/api/oruk/taxonomy_terms?taxonomy_id=bad', 400, /taxonomy_id must be a UUID/],
    [`/api/oruk/taxonomy_terms/${unknown}`, 404, /no taxonomy term with the id/],
    ['/api/oruk/organizations?page=0', 400, /page must be/],
    ['/api/oruk/organizations/x?full_service=maybe', 400, /must be a UUID.*full_service must be true or false/],
    [`/api/oruk/organizations/${unknown}`, 404, /no organization providing public services/],
    ['/api/oruk/service_at_locations?postcode=NOTAPOSTCODE', 400, /postcode must be a UK postcode/],
    ['/api/oruk/service_at_locations?postcode=ZZ9%209ZZ', 400, /Hearth does not know where ZZ9 9ZZ is/],
    ['/api/oruk/service_at_locations?postcode=CM1&proximity=far', 400, /proximity must be a number from 0 to 200000/],
    ['/api/oruk/service_at_locations?proximity=1000', 400, /proximity needs a postcode/],
    [`/api/oruk/service_at_locations/${unknown}`, 404, /no public service at location/],
    ['/api/oruk/openapi.json?v=2', 400, /Unknown query parameter: v/],
    ['/api/oruk/no-such-endpoint', 404, /There is no GET \/api\/oruk\/no-such-endpoint in this API/],
  ];

  it.each(cases)('GET %s → %i', async (url, status, detail) => {
    const { response, body } = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(Object.keys(body).sort()).toEqual(['detail', 'status', 'title']);
    expect(body.status).toBe(status);
    expect(body.title).toBe(status === 400 ? 'Bad request' : 'Not found');
    expect(body.detail).toMatch(detail);
  });
});
