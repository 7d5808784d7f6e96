import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { ServiceContent } from '../content.ts';
import { derivedId, termId } from '../taxonomy.ts';

/** The shared fixture of the ORUK API query tests (queries.db.test.ts, paging.db.test.ts): services to filter and page. */

export let t: TestApp;
export const org: Record<'filters' | 'paging' | 'police', string> = { filters: '', paging: '', police: '' };
export const ids: Record<string, string> = {};
export const extraTaxonomy = derivedId('test', 'taxonomy');
export const term = (taxonomy: string, code: string) => termId('essex', taxonomy, code);
export const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { response, body: response.json() };
};
/** Names of the services a query finds among the filter fixtures. */
export const names = async (query: string) => {
  const { response, body } = await get(`/api/oruk/services?organization_id=${org.filters}&${query}`);
  expect(response.statusCode, JSON.stringify(body)).toBe(200);
  return body.contents.map((s: { name: string }) => s.name);
};
export const locationNames = async (query: string) => {
  const { response, body } = await get(`/api/oruk/service_at_locations?organization_id=${org.filters}&${query}`);
  expect(response.statusCode, JSON.stringify(body)).toBe(200);
  return body.contents.map((s: { location: { name: string } }) => s.location.name);
};

export const location = (
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
export function content(overrides: Partial<ServiceContent>): ServiceContent {
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

export function useOrukQueriesFixture() {
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
}
