import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoMarac } from '../../src/demo/seed-marac.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The demo's MARAC cases (issue 15): referred through the service, one in a refuge, one a repeat; seeded once. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 180_000);
afterAll(() => t?.close());

describe('the demo MARAC cases', () => {
  it('refers four cases, a refuge address and a repeat among them, and only once', async () => {
    expect(await seedDemoMarac(t.services)).toBe(4);
    expect(await seedDemoMarac(t.services)).toBe(0);
    const { db } = t.database;
    const cases = await db.selectFrom('marac_cases').selectAll().orderBy('referred_at').execute();
    expect(cases).toHaveLength(4);
    expect(cases.filter((c) => c.repeat_of).map((c) => c.repeat_of)).toEqual([cases[0]!.id]);
    expect(cases.map((c) => c.risk_basis)).toEqual([
      ['risk-checklist'],
      ['professional-judgement'],
      ['escalation'],
      ['risk-checklist'],
    ]);
    const refuges = await db.selectFrom('marac_case_people').select('case_id').where('refuge', '=', true).execute();
    expect(refuges.length).toBe(2);
  });

  it('gives them research, a heard meeting with its discussion and a plan (one done, one overdue, one for the child), and a next meeting to prepare', async () => {
    const { db } = t.database;
    const today = todayInLondon();
    const cases = await db.selectFrom('marac_cases').selectAll().orderBy('referred_at').execute();
    const [shannon, priya, leanne, repeat] = cases;
    expect(shannon).toMatchObject({ status: 'closed' });
    expect(priya).toMatchObject({ status: 'heard' });
    const heard = await db
      .selectFrom('marac_hearings as h')
      .innerJoin('marac_meetings as m', 'm.id', 'h.meeting_id')
      .select(['h.id', 'h.case_id', 'h.discussion', 'h.heard_at', 'm.status', 'm.agencies_present', 'm.starts_at'])
      .where('h.heard_at', 'is not', null)
      .orderBy('m.starts_at')
      .execute();
    expect(heard.map((h) => h.case_id)).toEqual([shannon!.id, priya!.id]);
    const meeting = heard[1]!;
    expect(meeting).toMatchObject({ status: 'held' });
    expect(meeting.agencies_present).toHaveLength(5);
    expect(meeting.discussion).toContain('Coercive control');
    expect(meeting.heard_at!.getTime()).toBeLessThan(Date.now() - 15 * 86_400_000);
    const research = await db.selectFrom('marac_research').selectAll().where('hearing_id', '=', meeting.id).execute();
    expect(research.map((r) => r.agency).sort()).toEqual(['education', 'health', 'idva', 'police', 'social-care']);
    expect(research.every((r) => r.recorded_at < meeting.starts_at)).toBe(true);
    const actions = await db.selectFrom('marac_actions').selectAll().where('case_id', '=', priya!.id).execute();
    expect(actions).toHaveLength(3);
    expect(actions.filter((a) => a.status === 'done')).toHaveLength(1);
    expect(actions.filter((a) => a.status === 'open' && a.due_on < today)).toHaveLength(1);
    expect(actions.filter((a) => a.for_children && a.request_draft_id)).toHaveLength(1);
    // The next meeting's list: the third case and the repeat, researched by the police (and the IDVA for the repeat).
    const next = await t.services.maracMeetings.next();
    const listed = await db.selectFrom('marac_hearings').select('case_id').where('meeting_id', '=', next!.id).execute();
    expect(listed.map((h) => h.case_id).sort()).toEqual([leanne!.id, repeat!.id].sort());
    // The figures count them.
    const compute = (key: string) =>
      t.services.computedIndicators
        .find((i) => i.key === key)!
        .compute(db, { from: '2000-01-01', to: addDaysIso(today, 1) });
    expect((await compute('marac.cases-heard')).total.value).toBe(2);
    expect((await compute('marac.actions-done')).total.value).toBe(2);
    expect((await compute('marac.actions-overdue')).total.value).toBe(1);
  });
});

const addDaysIso = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
