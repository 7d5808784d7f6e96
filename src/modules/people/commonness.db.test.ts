/**
 * How common a name is comes from the people table (PeopleRepository.commonness): a common name with
 * a slipped date elsewhere is no longer "probably the same person"; a rare one still is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { storedKeys, type PersonDetails } from './matching.ts';
import type { NewPersonRow } from './repository.ts';
import { PeopleService } from './service.ts';

let testDb: TestDatabase;
const row = (p: PersonDetails): NewPersonRow => ({
  id: newId(),
  first_name: p.firstName,
  middle_names: p.middleNames ?? null,
  last_name: p.lastName,
  date_of_birth: p.dateOfBirth ?? null,
  expected_date: null,
  gender: p.gender ?? null,
  address: p.address ?? null,
  postcode: p.postcode ?? null,
  ...storedKeys(p),
  created_by: null,
  updated_by: null,
});
const service = () => new PeopleService(testDb.database.db, new AuditLog(testDb.database.db));

/** 5,000 people born over 19 years with varied names, 150 of them called Oliver Smith (or Olly, or Smyth). */
const everyone: NewPersonRow[] = [];
beforeAll(async () => {
  testDb = await createTestDatabase();
  const firsts = ['Amara', 'Bilal', 'Cerys', 'Dmitri', 'Eshe', 'Fintan', 'Giedre', 'Hamza', 'Ines', 'Jovan'];
  const lasts = ['Adeyemi', 'Brannigan', 'Czerwinski', 'Dunmore', 'Ekwueme', 'Fairweather', 'Gallacher', 'Hollis'];
  for (let i = 0; i < 5_000; i += 1) {
    const day = new Date(Date.UTC(2005, 0, 1) + ((i * 7919) % 6940) * 86_400_000).toISOString().slice(0, 10);
    const namesake = i % 33 === 0;
    everyone.push(
      row({
        firstName: namesake ? (i % 2 ? 'Olly' : 'Oliver') : `${firsts[i % 10]}${i % 7 ? '' : 'a'}`,
        lastName: namesake ? (i % 3 ? 'Smith' : 'Smyth') : `${lasts[(i * 7) % 8]}${Math.floor(i / 200)}`,
        dateOfBirth: day,
        gender: 'male',
        address: `${(i % 150) + 1} Station Road`,
        postcode: `CO${(i % 9) + 1} ${(i % 9) + 1}AB`,
      }),
    );
  }
  everyone.push(
    row({
      firstName: 'Peregrine',
      lastName: 'Quenby',
      dateOfBirth: '2016-08-23',
      gender: 'male',
      address: '4 Mill Lane',
      postcode: 'SS1 2BB',
    }),
    row({
      firstName: 'Oliver',
      lastName: 'Smith',
      dateOfBirth: '2019-03-17',
      gender: 'male',
      address: '4 Mill Lane',
      postcode: 'SS1 2BB',
    }),
  );
  await service().repository.insertMany(everyone);
});
afterAll(() => testDb?.close());

const elsewhere = {
  dateOfBirth: '2019-03-14',
  gender: 'male',
  address: '12 Church Road',
  postcode: 'CM1 1AA',
} as const;

describe('PeopleRepository.commonness', () => {
  it('counts live people whose names sound alike, born on the same day, and in all', async () => {
    const people = service();
    const oliver = everyone.at(-1)!;
    const counts = await people.repository.commonness([
      { id: oliver.id, firstName: 'Oliver', lastName: 'Smith', dateOfBirth: '2019-03-17', postcode: 'SS1 2BB' },
    ]);
    const namesakes = everyone.filter((r) => r.first_phon === oliver.first_phon && r.last_phon === oliver.last_phon);
    expect(namesakes.length).toBeGreaterThan(40);
    expect(counts.get(oliver.id)).toEqual({
      namesakes: namesakes.length,
      bornThatDay: everyone.filter((r) => r.date_of_birth === '2019-03-17').length,
      inDistrict: everyone.filter((r) => r.postcode_outward === 'SS1').length,
      people: everyone.length,
    });
  });

  it('leaves merged records out', async () => {
    const [first] = everyone;
    const people = service();
    await testDb.database.db
      .updateTable('people')
      .set({ merged_into: everyone[1]!.id })
      .where('id', '=', first!.id)
      .execute();
    try {
      const counts = await people.repository.commonness([
        { id: 'x', firstName: first!.first_name, lastName: first!.last_name },
      ]);
      expect(counts.get('x')?.people).toBe(everyone.length - 1);
    } finally {
      await testDb.database.db.updateTable('people').set({ merged_into: null }).where('id', '=', first!.id).execute();
    }
  });
});

describe('PeopleService.findCandidates with a common name', () => {
  it('still finds a rare name with a slipped date, living elsewhere, as probably the same person', async () => {
    const [top] = await service().findCandidates({
      firstName: 'Peregrine',
      lastName: 'Quenby',
      ...elsewhere,
      dateOfBirth: '2016-08-28',
    });
    expect(top).toMatchObject({ id: everyone.at(-2)!.id, likely: true });
    expect(top!.reasons.join('; ')).not.toMatch(/common name/);
  });

  it('does not call a very common name with a slipped date elsewhere probably the same person, and says why', async () => {
    const candidates = await service().findCandidates({ firstName: 'Oliver', lastName: 'Smith', ...elsewhere });
    expect(candidates.filter((c) => c.likely)).toEqual([]);
    const oliver = candidates.find((c) => c.id === everyone.at(-1)!.id);
    if (oliver) expect(oliver.reasons.join('; ')).toMatch(/a common name \(\d+ people here have one like it\)/);
  });

  it('still calls a very common name the same person when the date of birth and postcode agree', async () => {
    const [top] = await service().findCandidates({
      firstName: 'Oliver',
      lastName: 'Smith',
      ...elsewhere,
      dateOfBirth: '2019-03-17',
      postcode: 'SS1 2BB',
    });
    expect(top).toMatchObject({ id: everyone.at(-1)!.id, likely: true });
  });
});
