import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { knownDemographics } from './demographics.ts';
import { PeopleService, PersonInputError } from './service.ts';

const actor = { userId: null, label: 'test' };
let testDb: TestDatabase;
let people: PeopleService;

beforeAll(async () => {
  testDb = await createTestDatabase();
  people = new PeopleService(testDb.database.db, new AuditLog(testDb.database.db));
});
afterAll(() => testDb?.close());

const auditOf = (personId: string) =>
  testDb.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('subject_id', '=', personId)
    .where('action', '=', 'person.demographics-changed')
    .execute();

describe('a person’s ethnicity and SEND (issue 14)', () => {
  it('a new person keeps what the request said; an unknown code is refused and nothing is created', async () => {
    const id = await people.createPerson(
      actor,
      { firstName: 'Ada', lastName: 'Ethnos', dateOfBirth: '2015-03-27' },
      { ethnicity: 'white-irish', send: 'ehc-plan' },
    );
    expect(await people.person(id)).toMatchObject({ ethnicity: 'white-irish', send: 'ehc-plan', version: 1 });
    const before = await testDb.database.db.selectFrom('people').select('id').execute();
    await expect(
      people.createPerson(actor, { firstName: 'Bo', lastName: 'Ethnos' }, { ethnicity: 'martian' }),
    ).rejects.toMatchObject({ field: 'ethnicity' });
    await expect(
      people.createPerson(actor, { firstName: 'Bo', lastName: 'Ethnos' }, { send: 'statement' }),
    ).rejects.toBeInstanceOf(PersonInputError);
    expect(await testDb.database.db.selectFrom('people').select('id').execute()).toHaveLength(before.length);
  });

  it('a linked request fills only what the record leaves empty, audited old → new once', async () => {
    const id = await people.createPerson(actor, { firstName: 'Cy', lastName: 'Ethnos' }, { send: 'none' });
    const filled = await people.fillEmptyDemographics(actor, id, { ethnicity: 'asian-indian', send: 'ehc-plan' });
    expect(filled).toEqual({ ethnicity: { from: null, to: 'asian-indian' } });
    expect(await people.person(id)).toMatchObject({ ethnicity: 'asian-indian', send: 'none', version: 2 });
    // Again, or with different codes: the record already says, so nothing changes and nothing is audited.
    expect(await people.fillEmptyDemographics(actor, id, { ethnicity: 'white-roma', send: 'sen-support' })).toEqual({});
    expect(await people.person(id)).toMatchObject({ ethnicity: 'asian-indian', send: 'none', version: 2 });
    const events = await auditOf(id);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ ethnicity: { from: null, to: 'asian-indian' }, reason: 'from-request' });
  });

  it('an edit changes both, checks the version and audits old → new; a stale page saves nothing', async () => {
    const id = await people.createPerson(actor, { firstName: 'Di', lastName: 'Ethnos' }, { ethnicity: 'white-other' });
    const changed = await people.changeDemographics(actor, id, 1, { ethnicity: 'mixed-other', send: 'sen-support' });
    expect(changed).toEqual({
      ethnicity: { from: 'white-other', to: 'mixed-other' },
      send: { from: null, to: 'sen-support' },
    });
    expect(await people.person(id)).toMatchObject({ ethnicity: 'mixed-other', send: 'sen-support', version: 2 });
    await expect(people.changeDemographics(actor, id, 1, { ethnicity: 'white-british' })).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    // Blank clears a field (the user sees what they remove).
    await people.changeDemographics(actor, id, 2, { ethnicity: '', send: 'sen-support' });
    expect(await people.person(id)).toMatchObject({ ethnicity: null, send: 'sen-support', version: 3 });
    await expect(people.changeDemographics(actor, id, 3, { ethnicity: '<b>x</b>' })).rejects.toMatchObject({
      field: 'ethnicity',
    });
    await expect(people.changeDemographics(actor, id, 3, { send: 'x\u0000' })).rejects.toMatchObject({
      field: 'send',
    });
    expect(await people.person(id)).toMatchObject({ ethnicity: null, version: 3 });
    const events = await auditOf(id);
    expect(events.map((e) => e.details)).toEqual([
      expect.objectContaining({ ethnicity: { from: 'white-other', to: 'mixed-other' }, reason: 'edited' }),
      expect.objectContaining({ ethnicity: { from: 'mixed-other', to: null }, reason: 'edited' }),
    ]);
  });

  it('another record’s unknown code is left out, not carried and not an error', () => {
    expect(knownDemographics({ ethnicity: 'martian', send: 'ehc-plan' })).toEqual({
      ethnicity: null,
      send: 'ehc-plan',
    });
    expect(knownDemographics({ ethnicity: null })).toEqual({ ethnicity: null, send: null });
  });
});
