import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../../platform/http/types.ts';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import { TeamViewDenied, type HomeService } from './service.ts';
import { addDays, todayInLondon } from '../plan/rules.ts';
import { londonInstant } from '../taf/schemas.ts';
import { hubWorkItem, userByEmail } from '../test-support.ts';

/**
 * The worker's home page and the manager's team view, against the real plan, TAF and Family
 * Solutions services, on PGlite and PostgreSQL. Data is dated from the real today (T: plans cannot
 * start in the past), and the pages are asked about a fixed day Q = T + 5, so every boundary is exact.
 */

let t: TestApp;
let home: HomeService;
let tafso: CurrentUser;
let teacher: CurrentUser;
let police: CurrentUser;
let worker: CurrentUser;
let manager: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const T = todayInLondon();
const Q = addDays(T, 5);
const episodeVersion = async (id: string) => (await t.services.earlyHelp.episodeRow(id))!.version;

/**
 * A TAF family the TAF support officer has taken on, supporting the police officer who knows the family as
 * lead professional (seed 004: TAFSOs do not hold cases), with a plan from T and one goal (the officer helps
 * the lead set it up).
 */
async function tafFamily(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'taf', surname, children: ['Poppy'], parent: 'Kerry' });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(tafso),
    tafso,
    item.id,
    item.version,
    { lead: { kind: 'practitioner', email: 'police@essex.example' } },
  );
  const planId = await t.services.plans.startPlan(actorFor(tafso), tafso, episodeId, { startDate: T });
  const plan = async () => (await t.services.plans.repository.plan(planId))!;
  const goalId = await t.services.plans.addGoal(actorFor(tafso), tafso, planId, (await plan()).version, {
    needId: null,
    area: 'education',
    description: 'Poppy gets to school every day',
    startScore: 3,
  });
  const members = await t.services.earlyHelp.membersOf(familyId);
  const action = async (description: string, dueDate: string, practitioner?: CurrentUser) =>
    t.services.plans.addAction(actorFor(tafso), tafso, planId, (await plan()).version, {
      goalId,
      description,
      dueDate,
      who: practitioner
        ? { kind: 'practitioner', userId: practitioner.id }
        : { kind: 'family-member', memberId: members[0]!.id },
    });
  return { familyId, episodeId, planId, action, members };
}

/** A Harlow Family Solutions family the manager takes on and allocates to the worker. */
async function fsFamily(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Sam'], parent: 'Alex' });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(manager),
    manager,
    item.id,
    item.version,
  );
  const harlow = (await t.services.familySolutions.allocationOverview(manager)).teams.find(
    (team) => team.name === 'Family Solutions Harlow',
  )!;
  await t.services.familySolutions.allocate(actorFor(manager), manager, episodeId, await episodeVersion(episodeId), {
    teamId: harlow.id,
    workerId: worker.id,
  });
  return { familyId, episodeId, teamId: harlow.id };
}

let a: Awaited<ReturnType<typeof tafFamily>>;
let b: Awaited<ReturnType<typeof tafFamily>>;

beforeAll(async () => {
  t = await createTestApp();
  home = t.services.home;
  const user = (name: string) => userByEmail(t.services, `${name}@essex.example`);
  [tafso, teacher, police, worker, manager] = await Promise.all([
    user('tafso'),
    user('teacher'),
    user('police'),
    user('fs.worker'),
    user('fs.manager'),
  ]);
  a = await tafFamily('Nguyen');
  b = await tafFamily('Okoro');
  // The teacher joins the Team Around the Family of the Nguyens only.
  await t.services.earlyHelp.addTafMember(actorFor(tafso), tafso, a.episodeId, await episodeVersion(a.episodeId), {
    email: 'teacher@essex.example',
  });
});
afterAll(() => t?.close());

describe('the worker’s home page', () => {
  it('lists the families the viewer is involved with, by role, and nothing else', async () => {
    const mine = await home.workerHome(police, Q);
    expect(
      mine.families.filter((f) => [a.familyId, b.familyId].includes(f.family_id)).map((f) => [f.family_name, f.roles]),
    ).toEqual([
      ['The Nguyen family', ['lead-professional']],
      ['The Okoro family', ['lead-professional']],
    ]);
    // The TAF Support Officer supports both leads and holds neither case: "families you support".
    const officer = await home.workerHome(tafso, Q);
    expect(officer.families).toEqual([]);
    expect(officer.supported.map((f) => [f.family_name, f.roles, f.lead_name])).toEqual([
      ['The Nguyen family', ['taf-support'], 'Dan Whitfield'],
      ['The Okoro family', ['taf-support'], 'Dan Whitfield'],
    ]);
    expect(officer.leadNotAgreed).toEqual([]);
    const theirs = await home.workerHome(teacher, Q);
    expect(theirs.families.map((f) => [f.family_id, f.roles])).toEqual([[a.familyId, ['taf-member']]]);
    const nobody = await home.workerHome(worker, Q);
    expect(nobody.counts).toEqual({
      families: 0,
      supported: 0,
      leadNotAgreed: 0,
      actionsOverdue: 0,
      actionsDue: 0,
      reviewsOverdue: 0,
      reviewsDue: 0,
      meetings: 0,
      warnings: 0,
    });
  });

  it('splits actions into overdue (before today) and due (today to today + 7), and shows a TAF member only their own', async () => {
    await a.action('Call the school nurse', addDays(Q, -1), teacher);
    await a.action('Book the housing appointment', Q);
    await a.action('Go to the parenting course', addDays(Q, 7));
    await a.action('Apply for free school meals', addDays(Q, 8));
    const done = await a.action('Meet the landlord', addDays(Q, -2));
    await t.services.plans.setActionStatus(
      actorFor(tafso),
      tafso,
      a.planId,
      done,
      (await t.services.plans.repository.action(done))!.version,
      'done',
    );
    await b.action('Register with a GP', addDays(Q, 1));

    const mine = await home.workerHome(police, Q);
    expect(mine.actions.overdue.map((x) => [x.description, x.mine])).toEqual([['Call the school nurse', false]]);
    expect(mine.actions.due.map((x) => x.description)).toEqual([
      'Book the housing appointment',
      'Register with a GP',
      'Go to the parenting course',
    ]);
    expect(mine.until).toBe(addDays(Q, 7));

    const theirs = await home.workerHome(teacher, Q);
    expect(theirs.actions.overdue.map((x) => [x.description, x.family_id, x.mine])).toEqual([
      ['Call the school nurse', a.familyId, true],
    ]);
    expect(theirs.actions.due).toEqual([]);
    expect((await home.workerHome(worker, Q)).actions.overdue).toEqual([]);
  });

  it('lists reviews overdue and due by today + 7 for families the viewer leads, not to a TAF member', async () => {
    await t.database.db
      .updateTable('plans')
      .set({ next_review_date: addDays(Q, -1) })
      .where('id', '=', a.planId)
      .execute();
    await t.database.db
      .updateTable('plans')
      .set({ next_review_date: addDays(Q, 7) })
      .where('id', '=', b.planId)
      .execute();
    const mine = await home.workerHome(police, Q);
    expect(mine.reviews.overdue.map((r) => r.family_id)).toEqual([a.familyId]);
    expect(mine.reviews.due.map((r) => r.family_id)).toEqual([b.familyId]);
    // A day earlier, the Okoros' review is 8 days away and the Nguyens' is due today.
    const before = await home.workerHome(police, addDays(Q, -1));
    expect([before.reviews.overdue.length, before.reviews.due.map((r) => r.family_id)]).toEqual([0, [a.familyId]]);
    expect((await home.workerHome(teacher, Q)).reviews).toEqual({ overdue: [], due: [] });
  });

  it('lists meetings from the start of today to the end of today + 7 where the viewer is invited, leads or supports', async () => {
    const schedule = (
      family: typeof a,
      day: string,
      time: string,
      invite: { userIds?: string[]; personIds?: string[] },
    ) =>
      t.services.taf.schedule(actorFor(tafso), tafso, family.episodeId, 'upcoming', {
        startsAt: londonInstant(day, time),
        online: true,
        place: null,
        userIds: invite.userIds ?? [],
        emails: [],
        personIds: invite.personIds ?? [],
      });
    const first = await schedule(a, Q, '00:00', { userIds: [teacher.id] });
    const last = await schedule(a, addDays(Q, 7), '23:59', { userIds: [teacher.id] });
    await schedule(a, addDays(Q, -1), '23:59', { userIds: [teacher.id] });
    await schedule(a, addDays(Q, 8), '00:00', { userIds: [teacher.id] });
    const notTeacher = await schedule(b, addDays(Q, 2), '10:00', { personIds: [b.members[0]!.person_id] });
    const cancelled = await schedule(a, addDays(Q, 3), '10:00', { userIds: [teacher.id] });
    await t.services.taf.cancel(actorFor(tafso), tafso, cancelled, 1, 'The family asked to move it');

    // The lead, and the TAF Support Officer who supports them, know of every meeting.
    expect((await home.workerHome(police, Q)).meetings.map((m) => m.id)).toEqual([first, notTeacher, last]);
    expect((await home.workerHome(tafso, Q)).meetings.map((m) => m.id)).toEqual([first, notTeacher, last]);
    expect((await home.workerHome(teacher, Q)).meetings.map((m) => [m.id, m.invited])).toEqual([
      [first, true],
      [last, true],
    ]);
  });

  it('warns the allocated worker of Family Solutions time limits and a missing family agreement', async () => {
    const c = await fsFamily('Carter');
    const day = await home.workerHome(worker, T);
    expect(day.warnings.filter((w) => w.family_id === c.familyId).map((w) => w.kind)).toEqual(['no-agreement']);
    // Ten months after it opened, the 9-month warning shows too.
    const opened = new Date((await t.services.earlyHelp.episodeRow(c.episodeId))!.opened_at);
    const later = todayInLondon(new Date(opened.getTime() + 305 * 86_400_000));
    expect(
      (await home.workerHome(worker, later)).warnings
        .filter((w) => w.family_id === c.familyId)
        .map((w) => [w.kind, w.months]),
    ).toEqual([
      ['time-limit', 9],
      ['no-agreement', 0],
    ]);
    // The manager is not the allocated worker: no warnings on their own day.
    expect((await home.workerHome(manager, T)).warnings).toEqual([]);
  });
});

describe('the manager’s team view', () => {
  it('shows caseloads, the team’s overdue reviews and supervision due, and only to a manager', async () => {
    const d = await fsFamily('Dixon');
    const before = await home.teamView(manager, Q);
    const joBefore = before.teams.flatMap((x) => x.workers).find((w) => w.id === worker.id)!;
    expect(joBefore).toMatchObject({ display_name: 'Jo Carter', team_name: 'Family Solutions Harlow' });
    expect(joBefore.families).toBeGreaterThanOrEqual(2);
    expect(joBefore.fs_families).toBe(joBefore.families);
    expect(before.supervisionDue.map((s) => s.family_id)).toContain(d.familyId);

    const planId = await t.services.plans.startPlan(actorFor(worker), worker, d.episodeId, { startDate: T });
    await t.database.db
      .updateTable('plans')
      .set({ next_review_date: addDays(Q, -1) })
      .where('id', '=', planId)
      .execute();
    await t.services.familySolutions.recordSupervision(actorFor(manager), manager, d.episodeId, {
      supervisedOn: T,
      notes: 'Going well.',
      decisions: 'Carry on.',
      nextDue: addDays(Q, 1),
    });
    const after = await home.teamView(manager, Q);
    expect(after.reviews.map((r) => [r.family_id, r.lead_name])).toEqual([[d.familyId, 'Jo Carter']]);
    expect(after.teams.flatMap((x) => x.workers).find((w) => w.id === worker.id)!.overdueReviews).toBe(1);
    expect(after.supervisionDue.map((s) => s.family_id)).not.toContain(d.familyId);
    // On the next supervision's date it is due again.
    expect((await home.teamView(manager, addDays(Q, 1))).supervisionDue.map((s) => s.family_id)).toContain(d.familyId);
    // The TAF families (not allocated to the manager's team) never appear.
    expect(after.reviews.map((r) => r.family_id)).not.toContain(a.familyId);

    await expect(home.teamView(worker, Q)).rejects.toBeInstanceOf(TeamViewDenied);
    await expect(home.teamView(tafso, Q)).rejects.toBeInstanceOf(TeamViewDenied);
  });
});
