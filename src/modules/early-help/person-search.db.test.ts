import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { userByEmail } from './test-support.ts';

/** Issue 11, item 5: a partner's person search from "Start early help" shows nobody they have nothing to do with. */

let t: TestApp;
let teacher: CurrentUser;
let tafso: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const child = { firstName: 'Łucja', lastName: 'Zielińska', dateOfBirth: '2015-03-04', postcode: 'CM20 1AB' };
let personId: string;

beforeAll(async () => {
  t = await createTestApp();
  teacher = await userByEmail(t.services, 'teacher@essex.example');
  tafso = await userByEmail(t.services, 'tafso@essex.example');
  personId = await t.services.people.createPerson(actorFor(tafso), child);
});
afterAll(() => t?.close());

const searches = async (userId: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('actor_user_id', '=', userId)
    .where('action', '=', 'person.searched')
    .execute();

describe('person search from early help', () => {
  it('shows a partner nobody outside their families on partial details, and audits the search', async () => {
    const found = await t.services.earlyHelp.searchPeople(actorFor(teacher), teacher, {
      firstName: 'Lucja',
      lastName: 'Zielinska',
    });
    expect(found).toEqual([]);
    const withDate = await t.services.earlyHelp.searchPeople(actorFor(teacher), teacher, {
      firstName: 'Łucja',
      lastName: 'Zielińska',
      dateOfBirth: '2015-03-04',
    });
    expect(withDate).toEqual([]);
    const audited = await searches(teacher.id);
    expect(audited).toHaveLength(2);
    expect(audited[0]!.details).toMatchObject({ fullDetails: false, shown: 0 });
  });

  it('shows only the one confident match on full details', async () => {
    const found = await t.services.earlyHelp.searchPeople(actorFor(teacher), teacher, child);
    expect(found.map((c) => c.person.id)).toEqual([personId]);
    const wrongDate = await t.services.earlyHelp.searchPeople(actorFor(teacher), teacher, {
      ...child,
      dateOfBirth: '2012-11-20',
    });
    expect(wrongDate).toEqual([]);
  });

  it('shows the people of a family the searcher is involved with on partial details', async () => {
    await t.services.earlyHelp.startByPartner(
      actorFor(teacher),
      { ...teacher, displayName: 'Teacher' },
      {
        familyName: 'The Zielińska family',
        districtCode: (await t.services.reference.districts())[0]!.code,
        person: { personId },
        relationship: 'child',
      },
    );
    const found = await t.services.earlyHelp.searchPeople(actorFor(teacher), teacher, {
      firstName: 'Lucja',
      lastName: 'Zielinska',
    });
    expect(found.map((c) => c.person.id)).toContain(personId);
  });
});
