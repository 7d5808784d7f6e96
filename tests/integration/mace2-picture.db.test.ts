import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MACE 2's local picture (issue 13): missing episodes and exploitation concerns counted per district of the
 * quadrant for the last 3 and 12 months, from Hearth's own records, with small numbers suppressed (4 is "fewer than
 * 5", 5 is 5), and places typed two ways counted as one.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const organisationId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

describe('the local picture', () => {
  const AS_OF = '2025-06-30';
  it('counts missing episodes and concerns per district of the quadrant, 4 shown as fewer than 5 and 5 as 5', async () => {
    const { db } = t.database;
    const police = await organisationId('essex-police');
    const teacher = await userByEmail(t.services, 'teacher@essex.example');
    const episodes = [
      ...Array.from({ length: 4 }, () => ({
        district: 'harlow',
        missing_from: 'home' as const,
        returned_where: 'Harlow Town station',
      })),
      ...Array.from({ length: 5 }, () => ({
        district: 'epping-forest',
        missing_from: 'care-placement' as const,
        returned_where: ' harlow town STATION ',
      })),
    ];
    for (const [i, e] of episodes.entries())
      await db
        .insertInto('missing_episodes')
        .values({
          id: newId(),
          organisation_id: police,
          episode_reference: `MACE2-${i}`,
          first_name: 'Child',
          last_name: String(i),
          missing_from: e.missing_from,
          reported_at: new Date('2025-05-10T10:00:00Z'),
          reported_by: 'PC',
          risk_grading: 'medium',
          returned_at: new Date('2025-05-11T10:00:00Z'),
          returned_where: e.returned_where,
          district: e.district,
        })
        .execute();
    for (let i = 0; i < 5; i++)
      await db
        .insertInto('exploitation_concerns')
        .values({
          id: newId(),
          child_first_name: 'Child',
          child_last_name: String(i),
          exploitation_kinds: ['criminal'],
          settings: ['online'],
          what_seen: 'x',
          judgement: 'could-be',
          police_reference: 'ref',
          police_reported_on: '2025-05-01',
          police_officer: 'PC',
          raised_by: teacher.id,
          district: 'uttlesford',
          where_it_happens: i < 4 ? 'an Instagram group' : 'An Instagram Group',
          created_at: new Date('2025-01-15T10:00:00Z'),
        })
        .execute();
    const west = (
      await t.services.mace2.quadrants(await userByEmail(t.services, 'mace.coordinator@essex.example'))
    ).find((q) => q.code === 'west')!;
    const picture = await t.services.mace2Meetings.picture(west, AS_OF);
    expect(picture.districts).toEqual(['Epping Forest', 'Harlow', 'Uttlesford']);
    const [three, twelve] = picture.periods;
    const cells = (period: typeof three, caption: string) =>
      Object.fromEntries(period!.tables.find((x) => x.caption === caption)!.rows.map((r) => [r.label, r.cells]));
    expect(cells(three, 'In total')).toEqual({
      'Missing episodes reported': ['5', 'fewer than 5', 'fewer than 5', '9'],
      // Concerns in January fall in the 12 months, not the last 3.
      'Exploitation concerns recorded': ['fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5'],
    });
    expect(cells(three, 'Where children went missing from')).toMatchObject({
      Home: ['fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5'],
      'Care placement': ['5', 'fewer than 5', 'fewer than 5', '5'],
    });
    expect(Object.values(cells(three, 'Where children were found on return'))).toEqual([
      ['5', 'fewer than 5', 'fewer than 5', '9'],
    ]);
    expect(cells(twelve, 'In total')['Exploitation concerns recorded']).toEqual([
      'fewer than 5',
      'fewer than 5',
      '5',
      '5',
    ]);
    expect(cells(twelve, 'Exploitation concerns: kind and setting')).toMatchObject({
      'Criminal exploitation': ['fewer than 5', 'fewer than 5', '5', '5'],
      'Sexual exploitation': ['fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5'],
      Online: ['fewer than 5', 'fewer than 5', '5', '5'],
    });
    // "an Instagram group" typed two ways is one place.
    expect(cells(twelve, 'Where the exploitation happens, as recorded')).toEqual({
      'An Instagram Group': ['fewer than 5', 'fewer than 5', '5', '5'],
    });
  });
});
