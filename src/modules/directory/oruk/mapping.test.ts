import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { serviceContentSchema } from '../content.ts';
import {
  compact,
  page,
  serviceAtLocation,
  serviceAtLocationId,
  serviceFull,
  serviceMinimal,
  serviceSummary,
  type ListingRow,
  type OrukContext,
} from './mapping.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, derivedId } from '../taxonomy.ts';
import { ORUK_STANDARD } from '../../../../tests/helpers/standards.ts';

/** The ORUK mapping without a database, checked against the standard's own schemas. */
const STANDARD = ORUK_STANDARD;
const read = (file: string) => JSON.parse(readFileSync(path.join(STANDARD, file), 'utf8'));
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const schemas = ['service.json', 'service_list.json', 'service_at_location.json', 'service_at_location_list.json'];
for (const file of schemas) ajv.addSchema(read(`schema/compiled/${file}`), file);
const errorsOf = (schema: string, data: unknown) => {
  const validate = ajv.getSchema(schema)!;
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SERVICE = '01900000-0000-7000-8000-000000000001';
const LOCATION = '01900000-0000-7000-8000-000000000002';
const TERM = '01900000-0000-7000-8000-000000000003';
const LEVEL = '01900000-0000-7000-8000-000000000004';
const TAXONOMY = '01900000-0000-7000-8000-000000000005';

const context: OrukContext = {
  authority: { name: 'Essex County Council', shortName: 'Essex', onsCode: 'E10000012' },
  districts: new Map([['harlow', { name: 'Harlow', onsCode: null }]]),
  terms: new Map([
    [
      LEVEL,
      {
        id: LEVEL,
        code: 'level-2',
        name: 'Level 2: Additional',
        description: 'Some help.',
        parent_id: null,
        taxonomy_id: TAXONOMY,
        taxonomy_code: WINDSCREEN_TAXONOMY,
        taxonomy_name: 'Effective Support Windscreen',
      },
    ],
    [
      TERM,
      {
        id: TERM,
        code: 'youth',
        name: 'Youth',
        description: 'For young people.',
        parent_id: null,
        taxonomy_id: TAXONOMY,
        taxonomy_code: CATEGORY_TAXONOMY,
        taxonomy_name: 'Categories',
      },
    ],
  ]),
};
const row = (overrides: Record<string, unknown> = {}): ListingRow => ({
  service_id: SERVICE,
  organisation_id: TAXONOMY,
  organisation_name: 'A charity',
  organisation_type: 'Voluntary and community sector',
  term_ids: [TERM, LEVEL],
  modified_at: new Date('2024-06-01T09:30:00.123Z'),
  last_checked_at: new Date('2024-06-30T23:30:00Z'),
  content: serviceContentSchema.parse({
    name: 'Youth club',
    description: 'Evenings for young people.',
    isFree: true,
    accessRoute: 'self-referral',
    deliveryModes: ['in-person'],
    levels: [2],
    categories: ['youth'],
    districts: ['harlow'],
    eligibility: 'Young people in Harlow',
    contacts: [{ id: TERM, phone: '01279 000000' }],
    locations: [
      {
        id: LOCATION,
        name: 'The Hut',
        address1: '2 Park Road',
        city: 'Harlow',
        postcode: 'CM20 1AB',
        schedules: [{ id: TAXONOMY, byday: ['FR'], opensAt: '18:00', closesAt: '21:00' }],
      },
    ],
    ...overrides,
  }),
});

describe('the schemas used by the tests are the real ones and do their job', () => {
  it('accepts the standard’s own examples and refuses a service without its required fields', () => {
    expect(errorsOf('service.json', read('examples/service_full.json'))).toEqual([]);
    expect(errorsOf('service_at_location.json', read('examples/service_at_location_full.json'))).toEqual([]);
    for (const item of read('examples/service_list.json').contents)
      expect(errorsOf('service_list.json', item)).toEqual([]);
    expect(errorsOf('service.json', { id: 'not-a-uuid', name: 'x', status: 'open' })).toHaveLength(2);
    expect(errorsOf('service.json', { id: SERVICE, name: 'x', status: 'active', minimum_age: null })).toHaveLength(1);
  });

  it('serves the standard’s OpenAPI document unchanged in the repository (servers are added when served)', () => {
    const vendored = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8'));
    expect(vendored).toEqual(read('schema/openapi.json'));
  });
});

describe('mapping a service', () => {
  it('gives a valid fully nested service with no nulls and nothing the profile does not have', () => {
    const service = serviceFull(row(), context);
    expect(errorsOf('service.json', service)).toEqual([]);
    expect(JSON.stringify(service)).not.toContain('null');
    expect(JSON.stringify(service)).not.toMatch(/eligibility|01279|phones|Young people in Harlow/);
    expect(service.assured_date).toBe('2024-07-01');
    expect(service.last_modified).toBe('2024-06-01T09:30:00.123Z');
    expect(service.service_areas).toEqual([
      { id: derivedId(SERVICE, 'service_area/harlow'), service_id: SERVICE, name: 'Harlow', service_area: 'Harlow' },
    ]);
    expect(service.contacts).toEqual([]);
    expect(service.attributes.map((a) => a.link_type)).toEqual(['level_of_need', 'category']);
    expect('minimum_age' in service).toBe(false);
  });

  it('gives valid list items and service_at_locations, in list and full forms', () => {
    expect(errorsOf('service_list.json', serviceSummary(row()))).toEqual([]);
    expect(serviceMinimal(row())).toEqual({ id: SERVICE, last_modified: '2024-06-01T09:30:00.123Z' });
    const listed = serviceAtLocation(row(), LOCATION, context, false);
    expect(errorsOf('service_at_location_list.json', listed)).toEqual([]);
    expect('addresses' in listed.location).toBe(false);
    const full = serviceAtLocation(row(), LOCATION, context, true);
    expect(errorsOf('service_at_location.json', full)).toEqual([]);
    expect(full.service.schedules).toEqual([
      {
        id: TAXONOMY,
        service_at_location_id: full.id,
        freq: 'WEEKLY',
        byday: 'FR',
        opens_at: '18:00',
        closes_at: '21:00',
      },
    ]);
    expect(() => serviceAtLocation(row(), TERM, context, true)).toThrow(/not in the live version/);
  });

  it('keeps zero ages and uses cost options for fees', () => {
    const service = serviceFull(row({ minimumAge: 0, maximumAge: 0, isFree: false, fees: '£2' }), context);
    expect(service).toMatchObject({ minimum_age: 0, maximum_age: 0 });
    expect(service.cost_options).toEqual([
      { id: derivedId(SERVICE, 'cost_option'), service_id: SERVICE, amount_description: '£2' },
    ]);
    expect(serviceFull(row({ isFree: false }), context).cost_options).toEqual([]);
    expect(errorsOf('service.json', service)).toEqual([]);
  });

  it('derives the same valid UUID for the same nested object every time, and different ones for different objects', () => {
    const ids = [
      serviceAtLocationId(SERVICE, LOCATION),
      serviceAtLocationId(SERVICE, TERM),
      serviceAtLocationId(LEVEL, LOCATION),
    ];
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(serviceAtLocationId(SERVICE, LOCATION)).toBe(ids[0]);
    expect(serviceFull(row(), context)).toEqual(serviceFull(row(), context));
  });

  it('leaves out undefined and null values but keeps 0, false and empty text', () => {
    expect(compact({ a: undefined, b: null, c: 0, d: false, e: '' })).toEqual({ c: 0, d: false, e: '' });
  });
});

describe('the paging envelope', () => {
  it.each([
    [0, 1, 50, 0, { total_pages: 0, first_page: true, last_page: true, empty: true }],
    [7, 1, 3, 3, { total_pages: 3, first_page: true, last_page: false, empty: false }],
    [7, 3, 3, 1, { total_pages: 3, first_page: false, last_page: true, empty: false }],
    [6, 2, 3, 3, { total_pages: 2, first_page: false, last_page: true, empty: false }],
    [7, 9, 3, 0, { total_pages: 3, first_page: false, last_page: true, empty: true }],
  ])('%i items, page %i of %i a page', (total, pageNumber, perPage, size, flags) => {
    const body = page(
      Array.from({ length: size }, (_, i) => i),
      total,
      pageNumber,
      perPage,
    );
    expect(body).toEqual({
      total_items: total,
      page_number: pageNumber,
      size,
      contents: Array.from({ length: size }, (_, i) => i),
      ...flags,
    });
  });
});
