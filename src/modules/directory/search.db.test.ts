import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { generateServices } from '../../../scripts/generate-directory.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { ReferenceService } from '../reference/index.ts';
import type { ServiceContent } from './content.ts';
import { DirectorySearchError, DirectoryService, type DirectorySearch } from './service.ts';

/** The Directory of Services search (DirectoryService.search over search.ts), on PGlite and PostgreSQL. */

let t: TestDatabase;
let directory: DirectoryService;
const ids: Record<string, string> = {};
const practitioner: Principal = { id: newId(), roles: ['hub-practitioner'], organisationId: newId(), teamIds: [] };
const analyst: Principal = { id: newId(), roles: ['partnership-analyst'], organisationId: newId(), teamIds: [] };

const place = (name: string, city: string, postcode: string) => ({
  id: newId(),
  name,
  address1: '1 High Street',
  city,
  postcode,
  schedules: [{ id: newId(), byday: ['MO' as const], opensAt: '09:00', closesAt: '12:00' }],
});
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

/** Names found, in order, for a search that also excludes the paging fixtures. */
async function names(query: DirectorySearch, viewer: Principal | null = null): Promise<string[]> {
  const result = await directory.search({ pageSize: 100, ...query }, viewer);
  return result.services.map((s) => s.name).filter((n) => !n.startsWith('Zebrafinch'));
}

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.database.db;
  const audit = new AuditLog(db);
  directory = new DirectoryService(db, audit, new ReferenceService(db, audit));
  expect(await directory.loadPostcodeDistricts()).toBeGreaterThanOrEqual(100);
  // County Hall's exact postcode is known; everywhere else only by its district's centre.
  await db.insertInto('postcodes').values({ postcode: 'CM11QH', latitude: 51.7343, longitude: 0.4693 }).execute();
  const org = (await db.selectFrom('organisations').select('id').where('code', '=', 'ecvys').executeTakeFirstOrThrow())
    .id;
  const actor = { userId: null, label: 'search test' };
  const fixtures: Record<string, ServiceContent> = {
    teens: content({
      name: 'Parenting Teens Course',
      categories: ['parenting', 'youth'],
      levels: [2],
      minimumAge: 11,
      maximumAge: 18,
      countywide: false,
      districts: ['colchester'],
      locations: [place('Colchester Library', 'Colchester', 'CO1 1XX')],
    }),
    talk: content({
      name: 'Teen Talk Counselling',
      description: 'One-to-one counselling for worried teenagers.',
      categories: ['emotional-wellbeing'],
      levels: [2, 3],
      minimumAge: 13,
      maximumAge: 18,
      countywide: false,
      districts: ['harlow'],
      isFree: false,
      fees: '£5',
      deliveryModes: ['in-person', 'online'],
      locations: [place('Harlow Hub', 'Harlow', 'cm20 1aa')],
    }),
    baby: content({
      name: 'Baby Massage Group',
      categories: ['early-years'],
      levels: [1],
      minimumAge: 0,
      maximumAge: 1,
      countywide: false,
      districts: ['chelmsford'],
      locations: [place('County Hall', 'Chelmsford', 'CM1 1QH')],
    }),
    forum: content({
      name: 'Online Parent Forum',
      description: 'Talk to other parents online, any time.',
      deliveryModes: ['online'],
    }),
    solutions: content({
      name: 'Family Solutions Test',
      levels: [3],
      accessRoute: 'via-hub',
      locations: [place('Acorn Centre', 'Basildon', 'SS14 1DW')],
    }),
    network: content({ name: 'Professionals Network', professionalsOnly: true, levels: [2], deliveryModes: ['phone'] }),
    closed: content({
      name: 'Closed Youth Club',
      status: 'inactive',
      categories: ['youth'],
      countywide: false,
      districts: ['tendring'],
    }),
    money: content({
      name: 'Rayleigh Money Advice',
      categories: ['money-and-housing'],
      countywide: false,
      districts: ['rochford'],
      deliveryModes: ['phone', 'in-person'],
      locations: [place('Rayleigh Library', 'Rayleigh', 'SS6 7BX')],
    }),
  };
  for (const [key, c] of Object.entries(fixtures))
    ids[key] = (await directory.createService(actor, org, c, { approved: true })).serviceId;
  // 45 more, through the bulk import, for paging: found by their own word.
  const paging = generateServices(45, 7).map((g, i) => ({
    organisationId: org,
    content: {
      ...g.content,
      name: `Zebrafinch group ${String(i + 1).padStart(2, '0')}`,
      status: 'active' as const,
      professionalsOnly: false,
      locations: [],
      deliveryModes: ['online' as const],
    },
  }));
  await directory.importServices(actor, paging, { approved: true });
});
afterAll(() => t?.close());

describe('words', () => {
  it('finds stemmed words in names, categories and descriptions, best match first', async () => {
    expect(await names({ words: 'parents' })).toEqual([
      'Online Parent Forum',
      'Parenting Teens Course',
      'Family Solutions Test',
    ]);
    expect(await names({ words: 'counselling' })).toEqual(['Teen Talk Counselling']);
    expect(await names({ words: 'worried teenagers' })).toEqual(['Teen Talk Counselling']);
    expect(await names({ words: 'nothing matches this' })).toEqual([]);
  });

  it('tolerates spelling mistakes', async () => {
    expect(await names({ words: 'parnting' })).toEqual(
      expect.arrayContaining(['Parenting Teens Course', 'Online Parent Forum']),
    );
    expect(await names({ words: 'counseling' })).toEqual(['Teen Talk Counselling']);
    expect(await names({ words: 'masage babby' })).toEqual(['Baby Massage Group']);
  });

  it('takes quoted phrases and exclusions as typed', async () => {
    expect(await names({ words: '"teen talk"' })).toEqual(['Teen Talk Counselling']);
    expect((await names({ words: 'parenting -teens' })).sort()).toEqual([
      'Family Solutions Test',
      'Online Parent Forum',
    ]);
  });
});

describe('filters', () => {
  it('by category, level, age, cost and how it is delivered', async () => {
    expect(await names({ categories: ['early-years'] })).toEqual(['Baby Massage Group']);
    expect(await names({ categories: ['youth', 'early-years'] })).toEqual([
      'Baby Massage Group',
      'Parenting Teens Course',
    ]);
    expect(await names({ levels: [3] })).toEqual(['Family Solutions Test', 'Teen Talk Counselling']);
    // Ages include both ends; a service with no ages is for everyone.
    expect(await names({ age: 11, categories: ['parenting', 'youth'] })).toEqual([
      'Family Solutions Test',
      'Online Parent Forum',
      'Parenting Teens Course',
    ]);
    expect(await names({ age: 10, categories: ['youth'] })).toEqual([]);
    expect(await names({ age: 1, categories: ['early-years'] })).toEqual(['Baby Massage Group']);
    expect(await names({ age: 2, categories: ['early-years'] })).toEqual([]);
    expect(await names({ freeOnly: true, categories: ['emotional-wellbeing', 'early-years'] })).toEqual([
      'Baby Massage Group',
    ]);
    expect(await names({ delivery: ['online'], categories: ['parenting', 'emotional-wellbeing'] })).toEqual([
      'Online Parent Forum',
      'Teen Talk Counselling',
    ]);
  });

  it('by district or quadrant, counting services that cover the whole area', async () => {
    expect(await names({ districts: ['harlow'] })).toEqual([
      'Family Solutions Test',
      'Online Parent Forum',
      'Teen Talk Counselling',
    ]);
    // South: Basildon, Brentwood, Castle Point, Rochford.
    expect(await names({ quadrant: 'south' })).toEqual([
      'Family Solutions Test',
      'Online Parent Forum',
      'Rayleigh Money Advice',
    ]);
    expect(await names({ quadrant: 'north-east', categories: ['youth'] })).toEqual(['Parenting Teens Course']);
  });

  it('combines filters: all must hold', async () => {
    expect(
      await names({
        words: 'parenting',
        levels: [2],
        age: 12,
        districts: ['colchester'],
        freeOnly: true,
        delivery: ['in-person'],
      }),
    ).toEqual(['Parenting Teens Course']);
    expect(await names({ words: 'parenting', levels: [1], districts: ['colchester'] })).toEqual([
      'Online Parent Forum',
    ]);
  });

  it('never shows inactive services', async () => {
    expect(await names({ words: 'closed youth club' })).toEqual([]);
    expect(await names({ districts: ['tendring'], categories: ['youth'] }, practitioner)).toEqual([]);
  });

  it('refuses unknown filter values', async () => {
    for (const [query, field] of [
      [{ categories: ['astrology'] }, 'category'],
      [{ levels: [7] }, 'level'],
      [{ districts: ['atlantis'] }, 'area'],
      [{ quadrant: 'east-by-north' }, 'area'],
      [{ delivery: ['telepathy'] }, 'delivery'],
      [{ age: -1 }, 'age'],
      [{ age: 2.5 }, 'age'],
    ] as const) {
      await expect(directory.search(query as DirectorySearch, null)).rejects.toMatchObject({ field });
    }
  });
});

describe('distance', () => {
  it('sorts nearest first from a full postcode, services without a place last', async () => {
    const result = await directory.search({ postcode: 'cm1 1qh', pageSize: 100 }, null);
    expect(result.sortedBy).toBe('distance');
    expect(result.origin).toEqual({ postcode: 'CM1 1QH', approximate: false });
    const located = result.services.filter((s) => s.distanceMetres !== null);
    expect(located.slice(0, 5).map((s) => s.name)).toEqual([
      'Baby Massage Group',
      'Family Solutions Test',
      'Rayleigh Money Advice',
      'Teen Talk Counselling',
      'Parenting Teens Course',
    ]);
    expect(located[0]!.distanceMetres).toBeLessThan(1000);
    expect(located[1]!.distanceMetres).toBeGreaterThan(15_000);
    expect(located[1]!.distanceMetres).toBeLessThan(20_000);
    expect(result.services.findIndex((s) => s.distanceMetres === null)).toBe(located.length);
    expect(result.services[0]!.place).toEqual({ name: 'County Hall', city: 'Chelmsford', postcode: 'CM1 1QH' });
  });

  it('uses the district centre for an unknown full postcode or an outward code, with filters and words', async () => {
    const fromColchester = await directory.search(
      { postcode: 'CO4 9ZZ', categories: ['parenting', 'youth'], pageSize: 100 },
      null,
    );
    expect(fromColchester.origin).toEqual({ postcode: 'CO4 9ZZ', approximate: true });
    expect(fromColchester.services[0]!.name).toBe('Parenting Teens Course');
    expect(await names({ postcode: 'CM20', words: 'teen' })).toEqual([
      'Teen Talk Counselling',
      'Parenting Teens Course',
    ]);
  });

  it('refuses a malformed postcode and one it cannot place', async () => {
    await expect(directory.search({ postcode: 'not a postcode' }, null)).rejects.toEqual(
      new DirectorySearchError('postcode', 'Enter a real postcode, like CM1 1QH'),
    );
    await expect(directory.search({ postcode: 'zz9 9zz' }, null)).rejects.toEqual(
      new DirectorySearchError('postcode', 'We do not know where ZZ9 9ZZ is: check it or leave it blank'),
    );
  });
});

describe('paging', () => {
  it('gives 20 a page in name order, and the last page for a page past the end', async () => {
    const first = await directory.search({ words: 'zebrafinch' }, null);
    expect([first.total, first.pages, first.page, first.services.length, first.pastEnd]).toEqual([45, 3, 1, 20, false]);
    expect(first.services[0]!.name).toBe('Zebrafinch group 01');
    const last = await directory.search({ words: 'zebrafinch', page: 3 }, null);
    expect(last.services.map((s) => s.name)).toEqual(
      ['41', '42', '43', '44', '45'].map((n) => `Zebrafinch group ${n}`),
    );
    const beyond = await directory.search({ words: 'zebrafinch', page: 9 }, null);
    expect([beyond.page, beyond.requestedPage, beyond.pastEnd, beyond.services.length]).toEqual([3, 9, true, 5]);
    const none = await directory.search({ words: 'nothing matches this', page: 2 }, null);
    expect([none.total, none.page, none.pages, none.services.length]).toEqual([0, 1, 1, 0]);
  });

  it('refuses a page below 1 or absurdly high', async () => {
    for (const page of [0, -1, 1.5, 1_000_001]) {
      await expect(directory.search({ page }, null)).rejects.toMatchObject({ field: 'page' });
    }
  });
});

describe('professionals-only services', () => {
  it('are hidden from the public and from roles without the permission, and shown to practitioners', async () => {
    expect(await names({ words: 'professionals network' })).toEqual([]);
    expect(await names({ words: 'professionals network' }, analyst)).toEqual([]);
    expect(await names({ words: 'professionals network' }, practitioner)).toEqual(['Professionals Network']);
    expect(await directory.publicService(ids.network!, null)).toBeNull();
    expect(await directory.publicService(ids.network!, analyst)).toBeNull();
    expect((await directory.publicService(ids.network!, practitioner))?.content.name).toBe('Professionals Network');
  });
});

describe('publicService', () => {
  it('returns the live entry with its organisation and categories, and null for unknown or malformed ids', async () => {
    const service = await directory.publicService(ids.talk!, null);
    expect(service).toMatchObject({
      id: ids.talk,
      organisationName: 'Essex Council for Voluntary Youth Services (ECVYS)',
      categories: [{ code: 'emotional-wellbeing', name: 'Emotional wellbeing and mental health' }],
    });
    expect(service?.lastCheckedAt).toBeInstanceOf(Date);
    expect(await directory.publicService(newId(), null)).toBeNull();
    expect(await directory.publicService('not-an-id', null)).toBeNull();
  });
});

describe('search synonyms from the tenant file (config/tenants/essex.search-synonyms.csv)', () => {
  it('finds SEND services for "autism", "ASD" and "ADHD", and anti-bullying help for "bullying"', async () => {
    const essex = new DirectoryService(t.database.db, new AuditLog(t.database.db), undefined, { tenant: 'essex' });
    const org = (await t.database.db.selectFrom('organisations').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const actor = { userId: null, label: 'synonyms test' };
    await essex.createService(
      actor,
      org,
      content({ name: 'Quokka SEND advice line', description: 'Advice for families of children with SEND.' }),
      { approved: true },
    );
    await essex.createService(
      actor,
      org,
      content({ name: 'Quokka friendship groups', description: 'Support for children who are bullied at school.' }),
      { approved: true },
    );
    const found = async (words: string) =>
      (await essex.search({ words, pageSize: 100 }, null)).services
        .map((s) => s.name)
        .filter((n) => n.startsWith('Quokka'));
    expect(await found('autism')).toContain('Quokka SEND advice line');
    expect(await found('ASD')).toContain('Quokka SEND advice line');
    expect(await found('ADHD')).toContain('Quokka SEND advice line');
    expect(await found('bullying')).toContain('Quokka friendship groups');
    // Without the tenant's file, the same words find neither.
    expect(
      (await directory.search({ words: 'autism', pageSize: 100 }, null)).services.map((s) => s.name),
    ).not.toContain('Quokka SEND advice line');
  });
});
