import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { demoUser, expectCountedOnly, expectRecordsAsCounted } from '../helpers/drill-down.ts';
import { insertMaracCase } from '../helpers/marac-case.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MARAC meetings' figures (issue 15 in issue 14's framework): cases heard, safety action plan actions done, and
 * actions overdue at the period's end, each checked against rows written here as the meetings' services write them
 * (so the days can be chosen). March 2026 ends in British Summer Time (29 March): its last hour in England is 22:00
 * to 23:00 UTC on 31 March.
 */

let t: TestApp;
const MARCH = { from: '2026-03-01', to: '2026-04-01' };
const compute = (key: string, period = MARCH, by?: string) => {
  const found = t.services.computedIndicators.find((i) => i.key === key);
  if (!found) throw new Error(`no ${key}`);
  return found.compute(t.database.db, period, by);
};
const values = (groups: { key: string; figure: { value: number | null } }[] | undefined) =>
  Object.fromEntries((groups ?? []).map((g) => [g.key, g.figure.value]));
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.database;
  const coordinator = await userByEmail(t.services, 'marac.coordinator@essex.example');
  const by = coordinator.id;
  const referredAt = new Date('2026-02-20T10:00:00Z');
  const a = await insertMaracCase(db, { referredBy: by, referredAt });
  const b = await insertMaracCase(db, { referredBy: by, referredAt, repeatOf: a.id });
  const c = await insertMaracCase(db, { referredBy: by, referredAt });
  const d = await insertMaracCase(db, { referredBy: by, referredAt });
  await db.updateTable('marac_cases').set({ district_code: 'chelmsford' }).where('id', 'in', [a.id, d.id]).execute();
  await db.updateTable('marac_cases').set({ district_code: 'basildon' }).where('id', '=', b.id).execute();
  // C has no district: "Not known".

  const meeting = async (startsAt: string) => {
    const id = newId();
    await db
      .insertInto('marac_meetings')
      .values({ id, starts_at: new Date(startsAt), slot: 'morning', status: 'held', updated_at: new Date() })
      .execute();
    return id;
  };
  const hearing = async (caseId: string, meetingId: string, heardAt: string | null) =>
    db
      .insertInto('marac_hearings')
      .values({
        id: newId(),
        case_id: caseId,
        meeting_id: meetingId,
        heard_at: heardAt ? new Date(heardAt) : null,
        heard_by: heardAt ? by : null,
        discussion: heardAt ? 'Discussed.' : null,
        updated_at: new Date(),
      })
      .execute();
  const feb = await meeting('2026-02-28T23:00:00Z');
  const m1 = await meeting('2026-03-01T00:30:00Z');
  const m2 = await meeting('2026-03-10T10:00:00Z');
  const m3 = await meeting('2026-03-20T10:00:00Z');
  const apr = await meeting('2026-03-31T23:00:00Z');
  await hearing(a.id, m2, '2026-03-10T10:30:00Z');
  // A heard again for a review in March: counted once.
  await hearing(a.id, m3, '2026-03-20T10:30:00Z');
  // B heard on the last moment of February and on the first half hour of 1 April (BST): never in March.
  await hearing(b.id, feb, '2026-02-28T23:59:59Z');
  await hearing(b.id, apr, '2026-03-31T23:30:00Z');
  // C heard in the first half hour of March (GMT).
  await hearing(c.id, m1, '2026-03-01T00:30:00Z');
  // D listed in March, not yet heard.
  await hearing(d.id, m3, null);

  const today = todayInLondon();
  const action = async (
    caseId: string,
    createdAt: string,
    dueOn: string,
    reviews: [string, 'open' | 'done' | 'cancelled'][] = [],
    forChildren = false,
  ) => {
    const id = newId();
    const last = reviews.at(-1);
    await db
      .insertInto('marac_actions')
      .values({
        id,
        case_id: caseId,
        agency: 'idva',
        description: 'Safety planning',
        owner_name: 'Sam Owner',
        due_on: dueOn,
        status: last?.[1] ?? 'open',
        done_at: last && last[1] !== 'open' ? new Date(last[0]) : null,
        for_children: forChildren,
        created_at: new Date(createdAt),
        created_by: by,
        updated_at: new Date(),
      })
      .execute();
    for (const [at, status] of reviews)
      await db
        .insertInto('marac_action_updates')
        .values({
          id: newId(),
          action_id: id,
          note: 'Reviewed.',
          status_after: status,
          recorded_by: by,
          recorded_at: new Date(at),
        })
        .execute();
    return id;
  };
  // Done in March, before its due day: done, never overdue.
  await action(a.id, '2026-03-01T12:00:00Z', '2026-03-15', [['2026-03-12T10:00:00Z', 'done']]);
  // Due 20 March, done on 2 April: overdue at the end of March, not done in it.
  await action(a.id, '2026-03-01T12:00:00Z', '2026-03-20', [['2026-04-02T10:00:00Z', 'done']]);
  // Due on March's last day and still open: overdue once March has ended (and now).
  await action(a.id, '2026-03-01T12:00:00Z', '2026-03-31');
  // Due on 1 April and open: not overdue at the end of March (overdue now).
  await action(a.id, '2026-03-01T12:00:00Z', '2026-04-01');
  // Cancelled in March, due before: neither done nor overdue.
  await action(a.id, '2026-03-01T12:00:00Z', '2026-03-10', [['2026-03-25T10:00:00Z', 'cancelled']]);
  // Done, reopened and done again in March: done once.
  await action(a.id, '2026-03-01T12:00:00Z', '2026-03-30', [
    ['2026-03-05T10:00:00Z', 'done'],
    ['2026-03-06T10:00:00Z', 'open'],
    ['2026-03-07T10:00:00Z', 'done'],
  ]);
  // Done in the first half hour of 1 April (BST): not in March; open and overdue at March's end.
  await action(d.id, '2026-03-01T12:00:00Z', '2026-03-30', [['2026-03-31T23:30:00Z', 'done']]);
  // Added after March: never in March's figures (overdue now, still open).
  await action(a.id, '2026-04-05T12:00:00Z', '2026-04-06');
  // For the children, on the case with no district: overdue at the end of March and now.
  await action(c.id, '2026-03-01T12:00:00Z', '2026-03-05', [], true);
  // Due in the future: not overdue now.
  await action(a.id, '2026-03-01T12:00:00Z', addDays(today, 10));
});
afterAll(() => t?.close());

describe('MARAC meetings’ figures', () => {
  it('counts the cases heard in the period in England’s time, each once, by quadrant and district and repeat', async () => {
    const heard = await compute('marac.cases-heard', MARCH, 'quadrant');
    expect(heard.total.value).toBe(2);
    expect(values(heard.groups)).toEqual({ mid: 1, unknown: 1 });
    expect(heard.groups?.find((g) => g.key === 'unknown')?.label).toBe('Not known');
    expect(values((await compute('marac.cases-heard', MARCH, 'district')).groups)).toEqual({
      chelmsford: 1,
      unknown: 1,
    });
    // B, a repeat, was heard in February and in April.
    expect(values((await compute('marac.cases-heard', MARCH, 'repeat')).groups)).toEqual({ first: 2 });
    expect(
      values((await compute('marac.cases-heard', { from: '2026-04-01', to: '2026-05-01' }, 'repeat')).groups),
    ).toEqual({ repeat: 1 });
    expect((await compute('marac.cases-heard', { from: '2026-02-01', to: '2026-03-01' }, 'quadrant')).groups).toEqual([
      { key: 'south', label: 'South', figure: { value: 1 } },
    ]);
  });

  it('counts the actions reviewed as done in the period, each once, never a cancelled one', async () => {
    const done = await compute('marac.actions-done', MARCH, 'for');
    expect(done.total.value).toBe(2);
    expect(values(done.groups)).toEqual({ other: 2 });
    expect(done.groups?.[0]?.label).toBe('For the victim and others');
    const april = await compute('marac.actions-done', { from: '2026-04-01', to: '2026-05-01' }, 'district');
    expect(april.total.value).toBe(2);
    expect(values(april.groups)).toEqual({ chelmsford: 2 });
  });

  it('counts the actions overdue at the end of the period, and as of now for a period not yet over', async () => {
    const overdue = await compute('marac.actions-overdue', MARCH, 'for');
    // Due 20 March (done in April), due 31 March, due 30 March (done in April's first half hour), for the children.
    expect(overdue.total.value).toBe(4);
    expect(values(overdue.groups)).toEqual({ children: 1, other: 3 });
    expect(values((await compute('marac.actions-overdue', MARCH, 'quadrant')).groups)).toEqual({ mid: 3, unknown: 1 });
    // February's end: nothing had been added.
    expect((await compute('marac.actions-overdue', { from: '2026-02-01', to: '2026-03-01' })).total.value).toBe(0);
    // This month (not over): as of now, the four still open and past due; not the one due in ten days.
    const [y, m] = todayInLondon().split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const now = await compute('marac.actions-overdue', { from: `${y}-${String(m).padStart(2, '0')}-01`, to: next });
    expect(now.total.value).toBe(4);
  });

  it('shows its SQL on the “how this is counted” page without a name', () => {
    for (const key of ['marac.cases-heard', 'marac.actions-done', 'marac.actions-overdue']) {
      const indicator = t.services.computedIndicators.find((i) => i.key === key)!;
      const text = indicator.query(t.database.db, MARCH);
      expect(text).toContain('marac_');
      expect(text).not.toMatch(/first_name|last_name/);
    }
  });
});

describe('the records behind MARAC’s figures (the drill-down, issue 14)', () => {
  const FEBRUARY = { from: '2026-02-01', to: '2026-03-01' };
  const FIGURES = [
    ['marac.referrals', FEBRUARY, ['quadrant', 'district', 'repeat']],
    ['marac.repeat-referrals', FEBRUARY, ['district']],
    ['marac.children', FEBRUARY, ['district']],
    ['marac.cases-heard', MARCH, ['quadrant', 'district', 'repeat']],
    ['marac.actions-done', MARCH, ['district', 'for']],
    ['marac.actions-overdue', MARCH, ['quadrant', 'for']],
  ] as const;

  it('has as many records behind each figure as it counts, whole and in each group', async () => {
    for (const [key, period, by] of FIGURES)
      expect(await expectRecordsAsCounted(t.services, t.database.db, key, period, by), key).toBeGreaterThan(0);
  });

  it('never lists them, not even to the MARAC coordinator: they are restricted records, only counted', async () => {
    const [coordinator, hub] = await Promise.all([
      demoUser(t.services, 'marac.coordinator@essex.example'),
      demoUser(t.services, 'hub.manager@essex.example'),
    ]);
    for (const [key, period] of FIGURES)
      for (const viewer of [coordinator, hub]) await expectCountedOnly(t.services, viewer, key, period);
  });
});
