/** The ORUK API's paging, locations near a postcode, what clients of many feeds rely on, and bad input (fixture: queries.test-support.ts). */
import { describe, expect, it } from 'vitest';
import { CATEGORY_TAXONOMY, derivedId } from '../taxonomy.ts';
import { org, term, get, locationNames, useOrukQueriesFixture } from './queries.test-support.ts';

useOrukQueriesFixture();

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
