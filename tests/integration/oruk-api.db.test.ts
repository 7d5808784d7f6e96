import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.ts';
import type { ServiceContent } from '../../src/modules/directory/content.ts';
import { ORUK_PROFILE_URL, ORUK_VERSION, serviceAtLocationId } from '../../src/modules/directory/oruk/mapping.ts';
import {
  WINDSCREEN_TAXONOMY,
  CATEGORY_TAXONOMY,
  derivedId,
  taxonomyId,
  termId,
} from '../../src/modules/directory/taxonomy.ts';
import { querySchemas } from '../../src/modules/directory/oruk/routes.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ORUK_STANDARD } from '../helpers/standards.ts';

/**
 * The ORUK API end to end: every endpoint's responses are checked against the standard's own
 * schemas (standards/oruk-3.0, the published files, never a copy written here).
 */
const STANDARD = ORUK_STANDARD;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const dir of ['schema', 'schema/compiled']) {
  for (const file of readdirSync(path.join(STANDARD, dir)).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    // Keyed by file name, as the schemas' own $refs name each other ('taxonomy_term.json').
    ajv.addSchema(
      JSON.parse(readFileSync(path.join(STANDARD, dir, file), 'utf8')),
      dir === 'schema' ? file : `compiled/${file}`,
    );
  }
}
const standardOpenapi = JSON.parse(readFileSync(path.join(STANDARD, 'schema/openapi.json'), 'utf8'));
ajv.addSchema(standardOpenapi.components.schemas.Page, 'Page');

function expectValid(schema: string, data: unknown) {
  const validate = ajv.getSchema(schema);
  if (!validate) throw new Error(`no schema ${schema}`);
  expect(validate(data), `${schema}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}
/** The UK profile omits optional fields rather than sending null. */
function expectNoNulls(value: unknown, at = '$'): void {
  expect(value, at).not.toBeNull();
  if (Array.isArray(value)) value.forEach((v, i) => expectNoNulls(v, `${at}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) expectNoNulls(v, `${at}.${k}`);
}
function expectPage(body: Record<string, unknown>, itemSchema: string) {
  expectValid('Page', body);
  expect(Object.keys(body).sort()).toEqual([
    'contents',
    'empty',
    'first_page',
    'last_page',
    'page_number',
    'size',
    'total_items',
    'total_pages',
  ]);
  for (const item of body.contents as unknown[]) expectValid(itemSchema, item);
  expectNoNulls(body);
}

let t: TestApp;
let organisationId: string;
let hiddenOrganisationId: string;
const ids: Record<string, string> = {};
const actor = { userId: null, label: 'ORUK API test' };
const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { response, body: response.json() };
};
const la = 'essex';
const term = (taxonomy: string, code: string) => termId(la, taxonomy, code);

function content(overrides: Partial<ServiceContent>): ServiceContent {
  return {
    name: 'A service',
    description: 'What the service does.',
    status: 'active',
    isFree: true,
    accessRoute: 'self-referral',
    professionalsOnly: false,
    deliveryModes: ['in-person'],
    levels: [1],
    categories: ['parenting'],
    districts: ['chelmsford'],
    countywide: false,
    languages: ['English'],
    contacts: [],
    locations: [],
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  organisationId = newId();
  await t.database.db
    .insertInto('organisations')
    .values({
      id: organisationId,
      code: 'oruk-test-charity',
      name: 'ORUK Test Charity',
      type_code: 'voluntary',
      created_by: null,
      updated_by: null,
    })
    .execute();
  hiddenOrganisationId = newId();
  await t.database.db
    .insertInto('organisations')
    .values({
      id: hiddenOrganisationId,
      code: 'oruk-hidden',
      name: 'ORUK Hidden Provider',
      type_code: 'voluntary',
      created_by: null,
      updated_by: null,
    })
    .execute();
  const create = async (key: string, c: ServiceContent, approved = true, owner = organisationId) => {
    ids[key] = (await t.services.directory.createService(actor, owner, c, { approved })).serviceId;
  };
  const hall = () => ({
    id: newId(),
    name: 'Hidden Hall',
    address1: '2 Hall Lane',
    city: 'Chelmsford',
    postcode: 'CM1 1AB',
    schedules: [],
  });
  await create(
    'playgroup',
    content({
      name: 'Little Steps Playgroup',
      description: 'Play sessions for babies and toddlers with their parents.',
      url: 'https://example.org/little-steps',
      email: 'hello@example.org',
      minimumAge: 0,
      maximumAge: 5,
      levels: [1, 2],
      categories: ['early-years', 'parenting'],
      districts: ['chelmsford', 'colchester'],
      languages: ['English', 'Polish'],
      contacts: [
        { id: newId(), name: 'Sam Carer', title: 'Play leader', phone: '01245 000000' },
        { id: newId(), phone: '01245 111111' },
      ],
      locations: [
        {
          id: newId(),
          name: 'Springfield Hall',
          address1: '1 Hall Lane',
          city: 'Chelmsford',
          postcode: 'CM1 1AA',
          latitude: 51.73,
          longitude: 0.47,
          schedules: [
            { id: newId(), byday: ['MO', 'WE'], opensAt: '09:30', closesAt: '12:00', description: 'Term time only' },
          ],
        },
      ],
    }),
  );
  await create(
    'mentoring',
    content({
      name: 'Youth Mentoring',
      description: 'Mentors for young people.',
      isFree: false,
      fees: '£5 a session',
      minimumAge: 11,
      maximumAge: 18,
      levels: [2, 3],
      categories: ['youth'],
      districts: [],
      countywide: true,
      deliveryModes: ['online'],
    }),
  );
  await create('pending', content({ name: 'Excluded pending service', locations: [hall()] }), false);
  await create(
    'professionals',
    content({ name: 'Excluded professionals service', professionalsOnly: true, locations: [hall()] }),
  );
  await create('inactive', content({ name: 'Excluded inactive service', status: 'inactive', locations: [hall()] }));
  await create(
    'hidden',
    content({ name: 'Excluded professionals-only provider', professionalsOnly: true }),
    true,
    hiddenOrganisationId,
  );
});
afterAll(() => t?.close());

describe('GET /api/oruk/ and the OpenAPI document', () => {
  it('describes the API: HSDS UK 3.0, the profile and where the OpenAPI document is', async () => {
    const { response, body } = await get('/api/oruk/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(body).toEqual({
      version: ORUK_VERSION,
      profile: ORUK_PROFILE_URL,
      openapi_url: 'http://localhost:3000/api/oruk/openapi.json',
    });
    expect((await get('/api/oruk')).body).toEqual(body);
  });

  it('serves the standard OpenAPI document with this deployment as its server and the paging limits', async () => {
    const { response, body } = await get('/api/oruk/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(body.servers).toEqual([
      { url: 'http://localhost:3000/api/oruk', description: 'Hearth Directory of Services' },
    ]);
    expect(Object.keys(body.paths)).toEqual(Object.keys(standardOpenapi.paths));
    expect(body.info).toEqual(standardOpenapi.info);
    expect(body.components.parameters.per_page.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(body.components.parameters.per_page.description).toMatch(/a larger value is served as 100/);
    // Every parameter the server accepts is in the document, each a parameter the standard defines.
    const names = (path: string) =>
      (body.paths[path].get.parameters as { $ref: string }[]).map((p) =>
        p.$ref.replace('#/components/parameters/', ''),
      );
    expect(names('/services')).toEqual(
      expect.arrayContaining(['organization_id', 'modified_after', 'minimal', 'full', 'format', 'taxonomy_term_id']),
    );
    expect(names('/service_at_locations')).toEqual(
      expect.arrayContaining(['organization_id', 'modified_after', 'postcode', 'proximity', 'format']),
    );
    expect(names('/taxonomy_terms')).toEqual(expect.arrayContaining(['taxonomy_id', 'page', 'per_page']));
    for (const name of names('/services')) expect(standardOpenapi.components.parameters[name], name).toBeDefined();
    // The server accepts exactly what the document lists for /services.
    expect(Object.keys(querySchemas.services.shape ?? {}).sort()).toEqual([...names('/services')].sort());
  });
});

describe('GET /api/oruk/services', () => {
  it('lists only approved, public, active services, each valid against compiled/service_list.json', async () => {
    const { response, body } = await get('/api/oruk/services?organization_id=' + organisationId);
    expect(response.statusCode).toBe(200);
    expectPage(body, 'compiled/service_list.json');
    expect(body.contents.map((s: { name: string }) => s.name)).toEqual(['Little Steps Playgroup', 'Youth Mentoring']);
    const all = (await get('/api/oruk/services?per_page=100')).body;
    expectPage(all, 'compiled/service_list.json');
    expect(JSON.stringify(all)).not.toMatch(/Excluded/);
    expect(body.contents[0]).toEqual({
      id: ids.playgroup,
      organization_id: organisationId,
      name: 'Little Steps Playgroup',
      description: 'Play sessions for babies and toddlers with their parents.',
      url: 'https://example.org/little-steps',
      email: 'hello@example.org',
      status: 'active',
      minimum_age: 0,
      maximum_age: 5,
      assured_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      last_modified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      organization: { id: organisationId, name: 'ORUK Test Charity', description: 'Voluntary and community sector' },
    });
  });

  it('returns fully nested services with full=true, and only ids and modified dates with minimal=true', async () => {
    const full = (await get(`/api/oruk/services?full=true&organization_id=${organisationId}`)).body;
    expectPage(full, 'compiled/service.json');
    expect(full.contents[0].attributes.length).toBeGreaterThan(0);
    const minimal = (await get(`/api/oruk/services?minimal=true&organization_id=${organisationId}`)).body;
    expectValid('Page', minimal);
    expect(minimal.contents).toEqual([
      { id: ids.playgroup, last_modified: expect.any(String) },
      { id: ids.mentoring, last_modified: expect.any(String) },
    ]);
  });
});

describe('GET /api/oruk/services/{id}', () => {
  it('returns the fully nested service, valid against compiled/service.json, with stable derived ids', async () => {
    const { response, body } = await get(`/api/oruk/services/${ids.playgroup}`);
    expect(response.statusCode).toBe(200);
    expectValid('compiled/service.json', body);
    expectNoNulls(body);
    const s = ids.playgroup!;
    const [location] = body.service_at_locations;
    expect(location).toEqual({
      id: serviceAtLocationId(s, location.location_id),
      service_id: s,
      location_id: location.location_id,
      location: {
        id: location.location_id,
        location_type: 'physical',
        name: 'Springfield Hall',
        latitude: 51.73,
        longitude: 0.47,
        addresses: [
          {
            id: derivedId(location.location_id, 'address'),
            location_id: location.location_id,
            address_1: '1 Hall Lane',
            city: 'Chelmsford',
            state_province: 'Essex',
            postal_code: 'CM1 1AA',
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    });
    expect(body.schedules).toEqual([
      {
        id: expect.any(String),
        service_at_location_id: location.id,
        freq: 'WEEKLY',
        byday: 'MO,WE',
        opens_at: '09:30',
        closes_at: '12:00',
        description: 'Term time only',
      },
    ]);
    expect(body.service_areas).toEqual([
      {
        id: derivedId(s, 'service_area/chelmsford'),
        service_id: s,
        name: 'Chelmsford',
        service_area: 'Chelmsford',
        uri: 'http://statistics.data.gov.uk/id/statistical-geography/E07000070',
      },
      {
        id: derivedId(s, 'service_area/colchester'),
        service_id: s,
        name: 'Colchester',
        service_area: 'Colchester',
        uri: 'http://statistics.data.gov.uk/id/statistical-geography/E07000071',
      },
    ]);
    expect(body.cost_options).toEqual([{ id: derivedId(s, 'cost_option'), service_id: s, option: 'Free', amount: 0 }]);
    expect(body.languages).toEqual([
      { id: derivedId(s, 'language/english'), service_id: s },
      { id: derivedId(s, 'language/polish'), service_id: s },
    ]);
    expect(body.contacts).toEqual([{ id: expect.any(String), service_id: s, name: 'Sam Carer', title: 'Play leader' }]);
    // Windscreen levels and categories are attributes, each with its taxonomy term nested.
    const terms = body.attributes.map(
      (a: { taxonomy_term_id: string; taxonomy_term: { id: string }; link_id: string; link_type: string }) => {
        expect(a.taxonomy_term.id).toBe(a.taxonomy_term_id);
        expect(a.link_id).toBe(s);
        return [a.link_type, a.taxonomy_term_id];
      },
    );
    expect(terms).toEqual(
      expect.arrayContaining([
        ['level_of_need', term(WINDSCREEN_TAXONOMY, 'level-1')],
        ['level_of_need', term(WINDSCREEN_TAXONOMY, 'level-2')],
        ['category', term(CATEGORY_TAXONOMY, 'early-years')],
        ['category', term(CATEGORY_TAXONOMY, 'parenting')],
      ]),
    );
    expect(terms).toHaveLength(4);
    expect((await get(`/api/oruk/services/${ids.playgroup}`)).body).toEqual(body);
  });

  it('maps fees, a whole-county service area and no locations', async () => {
    const { body } = await get(`/api/oruk/services/${ids.mentoring}`);
    expectValid('compiled/service.json', body);
    expect(body.cost_options).toEqual([
      { id: derivedId(ids.mentoring!, 'cost_option'), service_id: ids.mentoring, amount_description: '£5 a session' },
    ]);
    expect(body.service_areas).toEqual([
      expect.objectContaining({
        name: 'Essex County Council',
        uri: 'http://statistics.data.gov.uk/id/statistical-geography/E10000012',
      }),
    ]);
    expect(body.service_at_locations).toEqual([]);
  });

  it.each(['pending', 'professionals', 'inactive', 'hidden'])(
    'does not show the %s service (404 as JSON)',
    async (key) => {
      const { response, body } = await get(`/api/oruk/services/${ids[key]}`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(body).toEqual({
        status: 404,
        title: 'Not found',
        detail: `There is no public service with the id ${ids[key]}.`,
      });
    },
  );
});

describe('taxonomies and taxonomy terms', () => {
  it('lists the two taxonomies and returns each with its terms, valid against taxonomy.json', async () => {
    const list = (await get('/api/oruk/taxonomies')).body;
    expectPage(list, 'taxonomy.json');
    expect(list.contents.map((x: { id: string }) => x.id).sort()).toEqual(
      [taxonomyId(la, CATEGORY_TAXONOMY), taxonomyId(la, WINDSCREEN_TAXONOMY)].sort(),
    );
    const { body } = await get(`/api/oruk/taxonomies/${taxonomyId(la, WINDSCREEN_TAXONOMY)}`);
    expectValid('taxonomy.json', body);
    expect(body.name).toBe('Effective Support Windscreen');
    expect(body.taxonomy_terms.map((x: { id: string }) => x.id)).toEqual(
      [1, 2, 3, 4].map((n) => term(WINDSCREEN_TAXONOMY, `level-${n}`)),
    );
  });

  it('lists terms (optionally of one taxonomy) and returns one, valid against taxonomy_term.json', async () => {
    const all = (await get('/api/oruk/taxonomy_terms?per_page=100')).body;
    expectPage(all, 'taxonomy_term.json');
    expect(all.total_items).toBe(15);
    const levels = (await get(`/api/oruk/taxonomy_terms?taxonomy_id=${taxonomyId(la, WINDSCREEN_TAXONOMY)}`)).body;
    expect(levels.total_items).toBe(4);
    const { body } = await get(`/api/oruk/taxonomy_terms/${term(CATEGORY_TAXONOMY, 'youth')}`);
    expectValid('taxonomy_term.json', body);
    expect(body).toMatchObject({
      id: term(CATEGORY_TAXONOMY, 'youth'),
      taxonomy_id: taxonomyId(la, CATEGORY_TAXONOMY),
      taxonomy: 'Essex Directory of Services categories',
    });
  });
});

describe('organizations', () => {
  it('lists organisations that provide public services, valid against compiled/organization_list.json', async () => {
    const { body } = await get('/api/oruk/organizations?per_page=100');
    expectPage(body, 'compiled/organization_list.json');
    expect(body.contents).toContainEqual({
      id: organisationId,
      name: 'ORUK Test Charity',
      description: 'Voluntary and community sector',
    });
    expect(body.contents.map((o: { name: string }) => o.name)).not.toContain('Essex Police');
    expect(body.contents.map((o: { id: string }) => o.id)).not.toContain(hiddenOrganisationId);
    expect((await get(`/api/oruk/organizations/${hiddenOrganisationId}`)).response.statusCode).toBe(404);
  });

  it('returns one with its services, valid against compiled/organization.json, fully nested with full_service=true', async () => {
    for (const query of ['', '?full_service=true']) {
      const { body } = await get(`/api/oruk/organizations/${organisationId}${query}`);
      expectValid('compiled/organization.json', body);
      expectNoNulls(body);
      expect(body.services.map((s: { id: string }) => s.id)).toEqual([ids.playgroup, ids.mentoring]);
      expect('attributes' in body.services[0]).toBe(query !== '');
    }
  });
});

describe('service_at_locations', () => {
  it('lists each public service at each of its locations, valid against compiled/service_at_location_list.json', async () => {
    const { body } = await get(`/api/oruk/service_at_locations?organization_id=${organisationId}`);
    expectPage(body, 'compiled/service_at_location_list.json');
    expect(body.total_items).toBe(1);
    expect(JSON.stringify((await get('/api/oruk/service_at_locations?per_page=100')).body)).not.toMatch(
      /Excluded|Hidden Hall/,
    );
    expect(body.contents[0]).toMatchObject({
      service_id: ids.playgroup,
      location: { name: 'Springfield Hall' },
      service: { name: 'Little Steps Playgroup' },
    });
  });

  it('returns one fully nested, valid against compiled/service_at_location.json', async () => {
    const listed = (await get(`/api/oruk/service_at_locations?organization_id=${organisationId}`)).body.contents[0];
    const { response, body } = await get(`/api/oruk/service_at_locations/${listed.id}`);
    expect(response.statusCode).toBe(200);
    expectValid('compiled/service_at_location.json', body);
    expectNoNulls(body);
    expect(body.location.addresses[0].postal_code).toBe('CM1 1AA');
    expect(body.service.schedules).toHaveLength(1);
    expect(
      (await get(`/api/oruk/service_at_locations/${derivedId(ids.pending!, 'anything')}`)).response.statusCode,
    ).toBe(404);
  });
});

describe('CORS', () => {
  it('is open for reads of /api/oruk, including errors and preflight requests', async () => {
    for (const url of ['/api/oruk/services', '/api/oruk/services/not-a-uuid', '/api/oruk/nothing-here']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
    }
    expect(
      (await t.app.inject({ method: 'HEAD', url: '/api/oruk/taxonomies' })).headers['access-control-allow-origin'],
    ).toBe('*');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/oruk/services',
      headers: {
        origin: 'https://finder.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD, OPTIONS',
      'access-control-allow-headers': 'accept',
    });
  });

  it('is not opened for writes, nor anywhere outside /api/oruk', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/api/oruk/services', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    for (const url of ['/health', '/sign-in', '/api/other']) {
      expect((await t.app.inject({ method: 'GET', url })).headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });
});
