import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { generatePeople, type GeneratedPerson } from '../../../scripts/generate-people.ts';
import { generateQueries } from '../../../scripts/generate-queries.ts';
import { MATCH_THRESHOLD, storedKeys } from './matching.ts';
import { upnCheckLetter } from './matching/identifiers.ts';

const upnFor = (rest: string) => upnCheckLetter(rest) + rest;
import { PeopleService, PersonInputError } from './service.ts';

const actor = { userId: null, label: 'test' };
let testDb: TestDatabase;
let people: PeopleService;
let population: GeneratedPerson[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  people = new PeopleService(testDb.database.db, new AuditLog(testDb.database.db));
  population = generatePeople(3_000, 11);
  await people.repository.insertMany(
    population.map((p) => ({
      id: p.id,
      first_name: p.firstName,
      middle_names: p.middleNames ?? null,
      last_name: p.lastName,
      date_of_birth: p.dateOfBirth,
      expected_date: null,
      gender: p.gender,
      address: p.address,
      postcode: p.postcode,
      ...storedKeys(p),
      created_by: null,
      updated_by: null,
    })),
  );
});
afterAll(() => testDb?.close());

describe('PeopleService.findCandidates on a generated population', () => {
  it('finds corrupted copies of real records first and finds nobody for look-alikes', async () => {
    const queries = generateQueries(population, 150, 5);
    let right = 0;
    let falsePositives = 0;
    for (const q of queries) {
      const [top] = await people.findCandidates(q.query);
      const likely = top && top.score >= MATCH_THRESHOLD ? top.id : null;
      if (q.trueId && likely === q.trueId) right += 1;
      else if (likely) falsePositives += 1;
      else if (!q.trueId) right += 1;
    }
    // The benchmark measures accuracy at scale; here, the whole path (blocks, SQL, scoring) must work.
    expect(right / queries.length).toBeGreaterThanOrEqual(0.95);
    expect(falsePositives).toBeLessThanOrEqual(3);
  });

  it('explains each candidate, best first, with the person’s details', async () => {
    const person = population[10]!;
    const candidates = await people.findCandidates({
      ...person,
      firstName: person.firstName.toUpperCase(),
      dateOfBirth: `${person.dateOfBirth.slice(0, 5)}${person.dateOfBirth.slice(8)}-${person.dateOfBirth.slice(5, 7)}`,
    });
    expect(candidates[0]).toMatchObject({
      id: person.id,
      likely: true,
      person: { firstName: person.firstName, postcode: person.postcode },
    });
    expect(candidates[0]!.reasons).toContain('same first name');
    expect(candidates.length).toBeLessThanOrEqual(5);
  });

  it('returns an empty list when nobody is plausible', async () => {
    expect(
      await people.findCandidates({
        firstName: 'Zebedee',
        lastName: 'Quixotic',
        dateOfBirth: '1901-02-03',
        postcode: 'ZE1 0AA',
      }),
    ).toEqual([]);
  });

  it('refuses details that are not valid, naming the field', async () => {
    await expect(people.findCandidates({ firstName: '', lastName: 'Smith' })).rejects.toMatchObject({
      field: 'firstName',
    });
    await expect(
      people.findCandidates({ firstName: 'Ann', lastName: 'Smith', dateOfBirth: '2016-02-30' }),
    ).rejects.toBeInstanceOf(PersonInputError);
    await expect(
      people.findCandidates({ firstName: 'Ann', lastName: 'Smith', postcode: 'nowhere' }),
    ).rejects.toMatchObject({ field: 'postcode', message: 'Enter a real postcode, like CM1 1QH' });
  });
});

describe('PeopleService.createPerson', () => {
  it('records the person with the audit event, and finds them afterwards', async () => {
    const id = await people.createPerson(actor, {
      firstName: 'Zoë',
      lastName: "O'Brien-Okafor",
      dateOfBirth: '2019-11-02',
      gender: 'female',
      postcode: 'co43qe',
      address: '3 High Street',
    });
    expect(await people.person(id)).toMatchObject({
      id,
      firstName: 'Zoë',
      lastName: "O'Brien-Okafor",
      dateOfBirth: '2019-11-02',
      postcode: 'CO4 3QE',
      version: 1,
      mergedInto: null,
    });
    const events = await testDb.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_id', '=', id)
      .execute();
    expect(events.map((e) => [e.action, e.subject_type])).toEqual([['person.created', 'person']]);
    expect(JSON.stringify(events[0]!.details)).not.toContain('Zo');
    const [top] = await people.findCandidates({
      firstName: 'Zoe',
      lastName: 'Okafor',
      dateOfBirth: '2019-02-11',
      postcode: 'CO4 3QE',
    });
    expect(top).toMatchObject({ id, likely: true });
  });

  it('keeps an NHS number and UPN, and an identifier decides before names and dates', async () => {
    const id = await people.createPerson(actor, {
      firstName: 'Tomasz',
      lastName: 'Wiśniewski',
      dateOfBirth: '2014-06-02',
      nhsNumber: '401 023 2137',
      upn: 'B801200005001',
    });
    expect(await people.person(id)).toMatchObject({ nhsNumber: '4010232137', upn: 'B801200005001' });
    // A hurried entry: a nickname, no date of birth, no address; the NHS number finds the record.
    const [top] = await people.findCandidates({ firstName: 'Tom', lastName: 'Wisniewsky', nhsNumber: '4010232137' });
    expect(top).toMatchObject({ id, likely: true });
    expect(top!.reasons).toContain('same NHS number');
    // The same details with another child's UPN: a twin, not this record.
    const twin = await people.findCandidates({
      firstName: 'Tomasz',
      lastName: 'Wiśniewski',
      dateOfBirth: '2014-06-02',
      upn: upnFor('801200005002'),
    });
    expect(twin.map((c) => c.id)).not.toContain(id);
    await expect(
      people.createPerson(actor, { firstName: 'A', lastName: 'B', nhsNumber: '4010232138' }),
    ).rejects.toThrow(PersonInputError);
  });

  it('finds a person despite a slip in each of the fields that candidate search looks up', async () => {
    // No date of birth on the record and no address in the query: only the names can find it, and
    // the first name is misspelt (Nomran does not sound like Norman, but starts with the same sound).
    const norman = await people.createPerson(actor, {
      firstName: 'Norman',
      middleNames: 'Dennis',
      lastName: 'Wheelwright',
      gender: 'male',
      postcode: 'CM7 3BA',
      address: '160 Park Road',
    });
    const [found] = await people.findCandidates({
      firstName: 'Nomran',
      middleNames: 'Dennis',
      lastName: 'Wheelwright',
      dateOfBirth: '1948-03-01',
      gender: 'male',
    });
    expect(found).toMatchObject({ id: norman, likely: true });
    expect(found!.reasons).toEqual(expect.arrayContaining(['first name spelt differently', 'same middle name']));
    // Krzysztof is filed under his own formal name; Christopher, one slip in the surname and a date one
    // digit out, still finds him.
    const krzysztof = await people.createPerson(actor, {
      firstName: 'Krzysztof',
      middleNames: 'Darren',
      lastName: 'Matthewson',
      dateOfBirth: '1982-01-27',
      gender: 'male',
    });
    const [top] = await people.findCandidates({
      firstName: 'Christopher',
      middleNames: 'Darren',
      lastName: 'Mattwewson',
      dateOfBirth: '1982-01-20',
    });
    expect(top).toMatchObject({ id: krzysztof, likely: true });
    // A brother at another date with another middle name is not him.
    const brother = await people.findCandidates({
      firstName: 'Christopher',
      middleNames: 'Paul',
      lastName: 'Matthewson',
      dateOfBirth: '1985-06-11',
    });
    expect(brother.filter((c) => c.likely)).toEqual([]);
  });

  it('finds a record with no date of birth whose surname is misspelt so that it no longer sounds alike', async () => {
    // Burgfss does not sound like Burgess, the record has no date for the date blocks and the query no
    // postcode: only the first name's sound and the surname's first sound can find it.
    const jacob = await people.createPerson(actor, {
      firstName: 'Jacob',
      lastName: 'Burgess',
      gender: 'male',
      postcode: 'CO11 3DA',
      address: '13 Springfield Road',
    });
    const query = { firstName: 'Jacob', lastName: 'Burgfss', dateOfBirth: '2010-10-24', gender: 'male' as const };
    const [found] = await people.findCandidates({ ...query, address: '13 Springfield Road' });
    expect(found).toMatchObject({ id: jacob, likely: true });
    expect(found!.reasons).toEqual(expect.arrayContaining(['surname spelt differently', 'same address']));
    // Found, but with nothing else agreeing it is not "probably him".
    const elsewhere = await people.findCandidates({ ...query, address: '2 Mill Lane', postcode: 'SS1 9BA' });
    expect(elsewhere.filter((c) => c.likely)).toEqual([]);
  });

  it('matches a baby recorded before birth by the expected date', async () => {
    const expected = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const id = await people.createPerson(actor, {
      firstName: 'Baby',
      lastName: 'Wiśniewska',
      expectedDate: expected,
      postcode: 'SS14 1DW',
      address: '7 Town Square',
    });
    const born = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const [top] = await people.findCandidates({
      firstName: 'Lena',
      lastName: 'Wisniewska',
      dateOfBirth: born,
      postcode: 'SS14 1DW',
    });
    expect(top).toMatchObject({ id, likely: true });
    expect(top!.reasons).toContain('born near the expected date');
  });

  it('writes nothing when the details are not valid', async () => {
    const before = await testDb.database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expect(people.createPerson(actor, { firstName: '<script>', lastName: 'Smith' })).rejects.toMatchObject({
      field: 'firstName',
    });
    await expect(
      people.createPerson(actor, {
        firstName: 'Ann',
        lastName: 'Smith',
        dateOfBirth: '2016-01-01',
        expectedDate: '2030-01-01',
      }),
    ).rejects.toBeInstanceOf(PersonInputError);
    const after = await testDb.database.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('never offers a merged record as a candidate', async () => {
    const kept = await people.createPerson(actor, {
      firstName: 'Ada',
      lastName: 'Quennell',
      dateOfBirth: '2012-05-06',
      postcode: 'CM7 1AA',
    });
    const duplicate = await people.createPerson(actor, {
      firstName: 'Ada',
      lastName: 'Quennel',
      dateOfBirth: '2012-05-06',
      postcode: 'CM7 1AA',
    });
    await testDb.database.db.updateTable('people').set({ merged_into: kept }).where('id', '=', duplicate).execute();
    const candidates = await people.findCandidates({
      firstName: 'Ada',
      lastName: 'Quennell',
      dateOfBirth: '2012-05-06',
      postcode: 'CM7 1AA',
    });
    expect(candidates.map((c) => c.id)).toEqual([kept]);
    expect(await people.person(duplicate)).toMatchObject({ mergedInto: kept });
  });

  it('gives nothing for an unknown or malformed id', async () => {
    expect(await people.person('0190a3f2-0000-7000-8000-000000000000')).toBeUndefined();
    expect(await people.person('not-an-id')).toBeUndefined();
  });
});
