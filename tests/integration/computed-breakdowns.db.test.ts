import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makers } from '../../src/modules/front-door/indicators/indicators.test-support.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { ComputedResult, Period } from '../../src/platform/indicators/computed.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Breakdowns by age band, gender, ethnicity and SEND (issue 14) over hand-built records: the Hub's requests and
 * decisions (the youngest child named, as the request gave them) and missing episodes (the child's person record),
 * a child without a date of birth or a gender (“Not known”), a birthday inside the period, and groups that add up
 * to the total; then the performance framework keeping the groups per period and an import replacing them.
 */

let t: TestApp;
const MARCH: Period = { from: '2026-03-01', to: '2026-04-01' };
const BREAKDOWNS = ['age-band', 'gender', 'ethnicity', 'send'] as const;
const ids = {} as Record<'a' | 'b' | 'c' | 'd', string>;

const indicator = (key: string) => t.services.computedIndicators.find((i) => i.key === key)!;
const groups = (r: ComputedResult) => Object.fromEntries((r.groups ?? []).map((g) => [g.key, g.figure.value]));
const sum = (r: ComputedResult) => (r.groups ?? []).reduce((n, g) => n + (g.figure.value ?? 0), 0);

/** Sets what the request's form said about a child (by first name). */
async function said(requestId: string, first: string, facts: Record<string, string | null>) {
  await t.database.db
    .updateTable('request_people')
    .set(facts)
    .where('request_id', '=', requestId)
    .where('first_name', '=', first)
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const make = await makers(t.services, t.database.db);
  // Amy turns 5 on 15 March: 4 on the 10th (under 5), 5 on the 20th (5 to 9).
  ids.a = await make.request({
    district: 'harlow',
    surname: 'Ames',
    children: { Amy: '2021-03-15' },
    receivedAt: '2026-03-10T10:00:00Z',
  });
  ids.b = await make.request({
    district: 'harlow',
    surname: 'Ames',
    children: { Amy: '2021-03-15' },
    receivedAt: '2026-03-20T10:00:00Z',
  });
  // Two children: the youngest (Cara, 6) is the one counted.
  ids.c = await make.request({
    district: 'basildon',
    surname: 'Cole',
    children: { Ben: '2012-01-01', Cara: '2019-06-01' },
    receivedAt: '2026-03-12T10:00:00Z',
  });
  // No date of birth, no gender, nothing said.
  ids.d = await make.request({
    district: 'colchester',
    surname: 'Drew',
    children: { Dan: '2016-02-02' },
    receivedAt: '2026-03-13T10:00:00Z',
  });
  await said(ids.a, 'Amy', { gender: 'female', ethnicity: 'asian-indian', send: 'sen-support' });
  await said(ids.b, 'Amy', { gender: 'another', ethnicity: 'not-known', send: 'none' });
  await said(ids.c, 'Ben', { gender: 'male', ethnicity: 'white-british', send: 'none' });
  await said(ids.c, 'Cara', { gender: 'female', ethnicity: 'white-irish', send: 'ehc-plan' });
  await said(ids.d, 'Dan', { date_of_birth: null, gender: null, ethnicity: null, send: 'not-known' });
  await make.decide(ids.a, 2, 'advice-signposting', '2026-03-11T10:00:00Z');
  await make.decide(ids.c, 3, 'family-solutions', '2026-03-13T10:00:00Z');
}, 400_000);
afterAll(async () => t?.close());

describe('breakdowns by age band, gender, ethnicity and SEND', () => {
  it('counts the Hub’s requests by the youngest child’s age on the day and what the request said', async () => {
    const requests = indicator('hub.requests-received');
    expect(requests.version).toBeGreaterThanOrEqual(2);
    const total = (await requests.compute(t.database.db, MARCH)).total.value;
    expect(total).toBe(4);
    const by = async (b: string) => requests.compute(t.database.db, MARCH, b);
    expect(groups(await by('age-band'))).toEqual({ '0-4': 1, '5-9': 2, unknown: 1 });
    expect(groups(await by('gender'))).toEqual({ female: 2, other: 1, unknown: 1 });
    expect(groups(await by('ethnicity'))).toEqual({ 'asian-indian': 1, 'white-irish': 1, unknown: 2 });
    expect(groups(await by('send'))).toEqual({ 'ehc-plan': 1, none: 1, 'sen-support': 1, unknown: 1 });
    const labels = Object.fromEntries(((await by('ethnicity')).groups ?? []).map((g) => [g.key, g.label]));
    expect(labels).toEqual({
      'asian-indian': 'Asian, Asian British or Asian Welsh: Indian',
      'white-irish': 'White: Irish',
      unknown: 'Not known',
    });
    for (const b of BREAKDOWNS) expect(sum(await by(b)), b).toBe(total);
  });

  it('counts the Hub’s decisions by level with the same child’s groups', async () => {
    const decisions = indicator('hub.decisions-by-level');
    const total = (await decisions.compute(t.database.db, MARCH)).total.value;
    expect(total).toBe(2);
    expect(groups(await decisions.compute(t.database.db, MARCH, 'age-band'))).toEqual({ '0-4': 1, '5-9': 1 });
    expect(groups(await decisions.compute(t.database.db, MARCH, 'send'))).toEqual({ 'ehc-plan': 1, 'sen-support': 1 });
    for (const b of BREAKDOWNS) expect(sum(await decisions.compute(t.database.db, MARCH, b)), b).toBe(total);
  });

  it('counts missing episodes by the person record the child was matched to, “Not known” unmatched', async () => {
    const db = t.database.db;
    const organisation = (await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
    const actor = { userId: null, label: 'breakdowns test' };
    const eve = await t.services.people.createPerson(actor, {
      firstName: 'Eve',
      lastName: 'Ennis',
      dateOfBirth: '2012-03-20',
      gender: 'female',
    });
    await db
      .updateTable('people')
      .set({ ethnicity: 'black-african', send: 'ehc-plan' })
      .where('id', '=', eve)
      .execute();
    const episode = (n: number, personId: string | null, age: number | null, at: string) =>
      db
        .insertInto('missing_episodes')
        .values({
          id: newId(),
          organisation_id: organisation,
          episode_reference: `BRK-${n}`,
          first_name: 'Eve',
          last_name: 'Ennis',
          date_of_birth: null,
          person_id: personId,
          age_at_missing: age,
          missing_from: 'home',
          reported_at: new Date(at),
          reported_by: 'PC Test',
          risk_grading: 'low',
          district: 'harlow',
        })
        .execute();
    // Eve turns 14 on 20 March; an unmatched child with no age.
    await episode(1, eve, 13, '2026-03-18T12:00:00Z');
    await episode(2, eve, 14, '2026-03-22T12:00:00Z');
    await episode(3, null, null, '2026-03-23T12:00:00Z');
    const episodes = indicator('missing.episodes');
    const total = (await episodes.compute(db, MARCH)).total.value;
    expect(total).toBe(3);
    expect(groups(await episodes.compute(db, MARCH, 'age-band'))).toEqual({ '10-15': 2, unknown: 1 });
    expect(groups(await episodes.compute(db, MARCH, 'gender'))).toEqual({ female: 2, unknown: 1 });
    expect(groups(await episodes.compute(db, MARCH, 'ethnicity'))).toEqual({ 'black-african': 2, unknown: 1 });
    expect(groups(await episodes.compute(db, MARCH, 'send'))).toEqual({ 'ehc-plan': 2, unknown: 1 });
    for (const b of BREAKDOWNS) expect(sum(await episodes.compute(db, MARCH, b)), b).toBe(total);
  });

  it('keeps each shown period’s groups and shows them on the indicator’s page, suppressed', async () => {
    const performance = t.services.performance;
    const row = (await performance.indicator('hub.requests-received'))!;
    await performance.series(row);
    const kept = await t.database.db
      .selectFrom('performance_values')
      .select(['breakdown', 'group_key', 'group_label', 'value', 'counted_version'])
      .where('indicator_id', '=', row.id)
      .where('period_from', '=', sql<string>`cast('2026-03-01' as date)`)
      .where('breakdown', '=', 'gender')
      .orderBy('group_key')
      .execute();
    expect(kept.map((v) => [v.group_key, v.group_label, v.value])).toEqual([
      ['female', 'Female', 2],
      ['other', 'Another gender', 1],
      ['unknown', 'Not known', 1],
    ]);
    expect(kept.every((v) => v.counted_version === indicator('hub.requests-received').version)).toBe(true);
  });
});
