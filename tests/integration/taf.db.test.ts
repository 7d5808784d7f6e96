import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { CurrentUser } from '../../src/platform/http/types.ts';
import { todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TafPlanChanged, TafProblems, type TafService } from '../../src/modules/early-help/taf/service.ts';
import type { MeetingInput, RecordInput } from '../../src/modules/early-help/taf/schemas.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** TAF meetings and the TAF Support Officers' support log: the service on the database, and the pages over HTTP. */

let t: TestApp;
let taf: TafService;
let worker: CurrentUser;
let teacher: CurrentUser;
let tafso: CurrentUser;
const actorFor = (u: CurrentUser) => ({ userId: u.id, label: u.email });
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await createTestApp();
  taf = t.services.taf;
  worker = await userByEmail(t.services, 'fs.worker@essex.example');
  teacher = await userByEmail(t.services, 'teacher@essex.example');
  tafso = await userByEmail(t.services, 'tafso@essex.example');
});
afterAll(() => t?.close());

/** A family the Family Solutions worker has taken on from the Hub: they lead it. */
async function family(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Mia'], parent: 'Dawn' });
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    actorFor(worker),
    worker,
    item.id,
    item.version,
  );
  const members = await t.services.earlyHelp.membersOf(familyId);
  return { familyId, episodeId, personIds: members.map((m) => m.person_id) };
}
const input = (fields: Partial<MeetingInput>): MeetingInput => ({
  startsAt: new Date(Date.now() + 7 * DAY),
  online: false,
  place: 'Harlow Primary, meeting room',
  userIds: [],
  emails: [],
  personIds: [],
  ...fields,
});
const involvementsOf = (episodeId: string, userId: string) =>
  t.database.db
    .selectFrom('episode_involvements')
    .select(['role', 'to_at'])
    .where('episode_id', '=', episodeId)
    .where('user_id', '=', userId)
    .execute();
const auditActions = async (subjectId: string) =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', subjectId)
      .orderBy('id')
      .execute()
  ).map((e) => e.action);

describe('scheduling a meeting', () => {
  it('invites practitioners of any organisation, who join the TAF, and family members; practitioners are emailed a date and a link only', async () => {
    const f = await family('Ashworth');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      input({ emails: ['teacher@essex.example', 'police@essex.example'], personIds: f.personIds }),
    );
    expect(await involvementsOf(f.episodeId, teacher.id)).toEqual([{ role: 'taf-member', to_at: null }]);
    const invitees = (await taf.meeting(worker, meetingId))!.invitees;
    expect(invitees.map((i) => i.name)).toEqual([
      'Dan Whitfield',
      'Grace Okafor',
      'Jo Carter',
      'Dawn Ashworth',
      'Mia Ashworth',
    ]);
    const email = (await t.services.notify.latestTo('teacher@essex.example'))!;
    expect(email.template).toBe('taf-meeting-invitation');
    expect(email.body).toContain(`/early-help/meetings/${meetingId}`);
    expect(`${email.subject} ${email.body}`).not.toMatch(/Ashworth|Mia|Dawn|Harlow Primary/);
    expect(await auditActions(f.familyId)).toEqual(
      expect.arrayContaining(['early-help.taf-member.added', 'early-help.taf-meeting.scheduled']),
    );
    // The teacher, now in the TAF, sees the family's meetings, but cannot arrange them.
    expect((await taf.meeting(teacher, meetingId))!.canChange).toBe(false);
    await expect(
      taf.schedule(actorFor(teacher), teacher, f.episodeId, 'upcoming', input({ personIds: f.personIds })),
    ).rejects.toThrow(/Only the lead professional or allocated worker/);
  });

  it('refuses an unknown invitee, someone outside the family, and a meeting with nobody else invited, saving nothing', async () => {
    const f = await family('Brennan');
    const refused = await taf
      .schedule(
        actorFor(worker),
        worker,
        f.episodeId,
        'upcoming',
        input({ emails: ['nobody@essex.example'], personIds: [newId()] }),
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TafProblems);
    expect((refused as TafProblems).problems).toEqual([
      { field: 'emails', text: 'There is no active Hearth user with the email address nobody@essex.example' },
      { field: 'familyMembers', text: 'Choose family members from the list' },
    ]);
    await expect(
      taf.schedule(actorFor(worker), worker, f.episodeId, 'upcoming', input({ emails: ['analyst@essex.example'] })),
    ).rejects.toThrow('Ruth Adams does not work with families in Hearth');
    await expect(taf.schedule(actorFor(worker), worker, f.episodeId, 'upcoming', input({}))).rejects.toThrow(
      'Invite at least one practitioner or family member',
    );
    expect(
      await t.database.db.selectFrom('taf_meetings').select('id').where('episode_id', '=', f.episodeId).execute(),
    ).toEqual([]);
  });
});

describe('recording a meeting', () => {
  const record = (
    fields: Partial<RecordInput> & { version: number; attendance: Record<string, string> },
  ): RecordInput => ({
    notes: 'Mia is attending more; mum has a tenancy support worker.',
    decisions: ['Keep the plan'],
    actionUpdates: null,
    planVersion: null,
    actionChanges: [],
    nextReviewDate: '2099-01-01',
    leadUserId: null,
    ...fields,
  });

  it('records who came, the notes, decisions and next review, and a change of lead professional the way the episode records it', async () => {
    const f = await family('Carver');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'held',
      input({ startsAt: new Date(Date.now() - DAY), emails: ['teacher@essex.example'], personIds: [f.personIds[0]!] }),
    );
    expect(
      await t.database.db
        .selectFrom('notify_outbox')
        .select('id')
        .where('template', '=', 'taf-meeting-invitation')
        .where('body', 'like', `%${meetingId}%`)
        .execute(),
    ).toEqual([]);
    const invitees = await taf.repository.invitees(meetingId);
    const attendance = Object.fromEntries(
      invitees.map((i, n) => [i.id, n === 0 ? 'attended' : n === 1 ? 'apologies' : 'did-not-attend']),
    );
    const meetingDay = new Date(Date.now() - DAY).toISOString().slice(0, 10);

    await expect(
      taf.recordMeeting(
        actorFor(worker),
        worker,
        meetingId,
        record({ version: 1, attendance: { [invitees[0]!.id]: 'attended' }, nextReviewDate: meetingDay }),
      ),
    ).rejects.toSatisfy(
      (e: TafProblems) =>
        e.problems.some((p) => p.field === `attendance-${invitees[1]!.id}`) &&
        e.problems.some(
          (p) => p.field === 'nextReview-day' && p.text.startsWith('The next review must be after the meeting on'),
        ),
    );
    await expect(
      taf.recordMeeting(actorFor(worker), worker, meetingId, record({ version: 1, attendance, leadUserId: newId() })),
    ).rejects.toThrow('Choose the new lead professional from the practitioners invited');
    await expect(
      taf.recordMeeting(actorFor(worker), worker, meetingId, record({ version: 2, attendance })),
    ).rejects.toThrow('This meeting was changed by someone else');

    await taf.recordMeeting(
      actorFor(worker),
      worker,
      meetingId,
      record({
        version: 1,
        attendance,
        leadUserId: teacher.id,
        decisions: ['Grace Okafor leads from now', 'Refer to the school nurse'],
      }),
    );
    const meeting = (await taf.repository.meeting(meetingId))!;
    expect(meeting).toMatchObject({
      status: 'held',
      next_review_date: '2099-01-01',
      decisions: ['Grace Okafor leads from now', 'Refer to the school nurse'],
      lead_changed_to: teacher.id,
      version: 2,
    });
    expect((await taf.repository.invitees(meetingId)).map((i) => [i.id, i.attendance])).toEqual(
      expect.arrayContaining(Object.entries(attendance)),
    );
    const episode = (await t.services.earlyHelp.episodeRow(f.episodeId))!;
    expect(episode.lead_professional_id).toBe(teacher.id);
    expect((await involvementsOf(f.episodeId, teacher.id)).map((i) => i.role).sort()).toEqual([
      'lead-professional',
      'taf-member',
    ]);
    expect(
      (await involvementsOf(f.episodeId, worker.id)).find((i) => i.role === 'lead-professional')!.to_at,
    ).not.toBeNull();
    expect(await auditActions(f.familyId)).toEqual(
      expect.arrayContaining(['early-help.lead-professional.changed', 'early-help.taf-meeting.recorded']),
    );
    await expect(
      taf.recordMeeting(actorFor(teacher), teacher, meetingId, record({ version: 2, attendance })),
    ).rejects.toThrow('This meeting has already been recorded');
  });

  it('will not record a meeting before it starts, and cancels one with a reason, telling those invited', async () => {
    const f = await family('Dunmore');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      input({ emails: ['teacher@essex.example'] }),
    );
    const attendance = Object.fromEntries((await taf.repository.invitees(meetingId)).map((i) => [i.id, 'attended']));
    await expect(
      taf.recordMeeting(actorFor(worker), worker, meetingId, record({ version: 1, attendance })),
    ).rejects.toThrow(/record it once it has started/);
    await taf.cancel(actorFor(worker), worker, meetingId, 1, 'Mum is unwell.');
    expect(await taf.repository.meeting(meetingId)).toMatchObject({
      status: 'cancelled',
      cancelled_reason: 'Mum is unwell.',
    });
    expect((await t.services.notify.latestTo('teacher@essex.example'))!.template).toBe('taf-meeting-cancelled');
  });
});

/** A family with a plan (two actions for the worker) and a meeting held yesterday with everyone attending. */
async function withPlan(surname: string) {
  const f = await family(surname);
  await agreeFamilySolutions(t.services, worker, f.episodeId);
  const plans = t.services.plans;
  const planId = await plans.startPlan(actorFor(worker), worker, f.episodeId, { startDate: todayInLondon() });
  const goalId = await plans.addGoal(actorFor(worker), worker, planId, 1, {
    needId: null,
    area: 'education',
    description: 'Mia gets to school every day',
    startScore: 3,
  });
  const version = async () => (await plans.repository.plan(planId))!.version;
  const due = '2099-06-01';
  const first = await plans.addAction(actorFor(worker), worker, planId, await version(), {
    goalId,
    description: 'Walk Mia to school',
    who: { kind: 'practitioner', userId: worker.id },
    dueDate: due,
  });
  const second = await plans.addAction(actorFor(worker), worker, planId, await version(), {
    goalId,
    description: 'Meet the attendance officer',
    who: { kind: 'practitioner', userId: worker.id },
    dueDate: due,
  });
  const meetingId = await taf.schedule(
    actorFor(worker),
    worker,
    f.episodeId,
    'held',
    input({ startsAt: new Date(Date.now() - DAY), personIds: [f.personIds[0]!] }),
  );
  const attendance = Object.fromEntries((await taf.repository.invitees(meetingId)).map((i) => [i.id, 'attended']));
  return { ...f, planId, first, second, meetingId, attendance, version };
}

describe('updating the plan’s actions at a meeting', () => {
  const record = (
    fields: Partial<RecordInput> & { version: number; attendance: Record<string, string> },
  ): RecordInput => ({
    notes: 'Went through the plan.',
    decisions: [],
    actionUpdates: null,
    planVersion: null,
    actionChanges: [],
    nextReviewDate: '2099-01-01',
    leadUserId: null,
    ...fields,
  });
  it('lists the plan’s actions still to do, and commits their new statuses and notes with the meeting’s record', async () => {
    const p = await withPlan('Ibbotson');
    const shown = (await taf.meeting(worker, p.meetingId))!;
    expect(shown.planActions.map((a) => [a.description, a.due_date])).toEqual([
      ['Walk Mia to school', '2099-06-01'],
      ['Meet the attendance officer', '2099-06-01'],
    ]);
    const before = (await t.services.plans.repository.plan(p.planId))!;
    expect(shown.plan).toEqual({ id: p.planId, version: before.version });

    await taf.recordMeeting(
      actorFor(worker),
      worker,
      p.meetingId,
      record({
        version: 1,
        attendance: p.attendance,
        planVersion: before.version,
        actionChanges: [
          { actionId: p.first, status: 'done', note: 'Mia walked in every day this week.' },
          { actionId: p.second, status: 'open', note: null },
        ],
      }),
    );
    const after = (await t.services.plans.repository.plan(p.planId))!;
    // Progress at a meeting is not a change to what the family agreed: the sign-off stands. The plan's
    // version moves twice (the actions, then the next review the meeting set, which is now the plan's).
    expect([after.version, after.content_version]).toEqual([before.version + 2, before.content_version]);
    expect(after.next_review_date).toBe('2099-01-01');
    const actions = await t.services.plans.repository.actions(p.planId);
    expect(actions.map((a) => [a.description, a.status, a.version, a.taf_status, a.taf_note])).toEqual([
      ['Walk Mia to school', 'done', 2, 'done', 'Mia walked in every day this week.'],
      ['Meet the attendance officer', 'open', 1, null, null],
    ]);
    expect(await taf.repository.actionUpdates(p.meetingId)).toEqual([
      expect.objectContaining({
        action_id: p.first,
        status_before: 'open',
        status_after: 'done',
        note: 'Mia walked in every day this week.',
      }),
    ]);
    expect((await taf.repository.meeting(p.meetingId))!.status).toBe('held');
    expect(await auditActions(p.familyId)).toEqual(
      expect.arrayContaining([
        'early-help.plan.actions-updated-at-meeting',
        'early-help.plan.review-moved-by-meeting',
        'early-help.taf-meeting.recorded',
      ]),
    );
  });

  it('refuses a plan changed since the form was shown, and an action not on the list, saving nothing', async () => {
    const p = await withPlan('Jarvis');
    const shownVersion = await p.version();
    await t.services.plans.setActionStatus(actorFor(worker), worker, p.planId, p.second, 1, 'dropped');
    const stale = record({
      version: 1,
      attendance: p.attendance,
      planVersion: shownVersion,
      actionChanges: [{ actionId: p.first, status: 'done', note: null }],
    });
    await expect(taf.recordMeeting(actorFor(worker), worker, p.meetingId, stale)).rejects.toBeInstanceOf(
      TafPlanChanged,
    );
    const unknown = record({
      version: 1,
      attendance: p.attendance,
      planVersion: await p.version(),
      actionChanges: [{ actionId: p.second, status: 'done', note: null }],
    });
    await expect(taf.recordMeeting(actorFor(worker), worker, p.meetingId, unknown)).rejects.toThrow(
      'Update only the plan’s actions listed on this page',
    );
    expect((await taf.repository.meeting(p.meetingId))!.status).toBe('scheduled');
    expect((await t.services.plans.repository.actions(p.planId)).map((a) => a.status)).toEqual(['open', 'dropped']);
    expect(await taf.repository.actionUpdates(p.meetingId)).toEqual([]);
  });

  it('lists nothing and accepts no action updates when the episode has no plan', async () => {
    const f = await family('Kendrick');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'held',
      input({ startsAt: new Date(Date.now() - DAY), personIds: [f.personIds[0]!] }),
    );
    const shown = (await taf.meeting(worker, meetingId))!;
    expect([shown.plan, shown.planActions]).toEqual([null, []]);
    const attendance = Object.fromEntries((await taf.repository.invitees(meetingId)).map((i) => [i.id, 'attended']));
    await expect(
      taf.recordMeeting(
        actorFor(worker),
        worker,
        meetingId,
        record({ version: 1, attendance, actionChanges: [{ actionId: newId(), status: 'done', note: null }] }),
      ),
    ).rejects.toThrow('This family has no Early Help Plan to update');
    await taf.recordMeeting(
      actorFor(worker),
      worker,
      meetingId,
      record({ version: 1, attendance, actionUpdates: 'Dawn has rung the housing officer.' }),
    );
    expect((await taf.repository.meeting(meetingId))!.action_updates).toBe('Dawn has rung the housing officer.');
  });
});

describe('the support log', () => {
  it('records support to a Hearth user or a named practitioner, links a family both work with, and counts by kind and month', async () => {
    const before = await taf.supportFigures('2025-01-01', '2025-02-28');
    const f = await family('Ellison');
    await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      input({ emails: ['tafso@essex.example', 'teacher@essex.example'] }),
    );
    const base = { practitionerName: null, organisationId: null, organisationName: null, episodeId: null, notes: null };
    await taf.recordSupport(actorFor(tafso), tafso, {
      ...base,
      supportDate: '2025-01-15',
      kind: 'meeting-convened',
      practitionerEmail: 'teacher@essex.example',
      episodeId: f.episodeId,
    });
    await taf.recordSupport(actorFor(tafso), tafso, {
      ...base,
      supportDate: '2025-01-20',
      kind: 'advice',
      practitionerEmail: null,
      practitionerName: 'Ann Lee',
      organisationName: 'Little Stars Nursery',
    });
    await taf.recordSupport(actorFor(tafso), tafso, {
      ...base,
      supportDate: '2025-02-03',
      kind: 'meeting-convened',
      practitionerEmail: 'police@essex.example',
    });

    const figures = await taf.supportFigures('2025-01-01', '2025-02-28');
    expect(figures.months.map((m) => m.label)).toEqual(['January 2025', 'February 2025']);
    expect(figures.months[0]!.counts['meeting-convened'] - before.months[0]!.counts['meeting-convened']).toBe(1);
    expect(figures.months[0]!.counts.advice - before.months[0]!.counts.advice).toBe(1);
    expect(figures.totals['meeting-convened'] - before.totals['meeting-convened']).toBe(2);
    expect(figures.total - before.total).toBe(3);

    const log = await taf.supportLog(tafso);
    expect(
      log.entries.slice(0, 3).map((e) => [e.support_date, e.kindName, e.practitioner, e.organisation, e.family_name]),
    ).toEqual([
      ['2025-02-03', 'TAF meeting convened', 'Dan Whitfield', 'Essex Police', null],
      ['2025-01-20', 'Advice', 'Ann Lee', 'Little Stars Nursery', null],
      ['2025-01-15', 'TAF meeting convened', 'Grace Okafor', 'Essex schools and academies', 'The Ellison family'],
    ]);
  });

  it('refuses an unknown practitioner, a family the officer or practitioner is not involved with, and other roles', async () => {
    const f = await family('Fenwick');
    const base = {
      supportDate: '2025-03-01',
      kind: 'advice' as const,
      practitionerName: null,
      organisationId: null,
      organisationName: null,
      notes: null,
    };
    await expect(
      taf.recordSupport(actorFor(tafso), tafso, {
        ...base,
        practitionerEmail: 'nobody@essex.example',
        episodeId: null,
      }),
    ).rejects.toThrow(/There is no active Hearth user with that email address/);
    await expect(
      taf.recordSupport(actorFor(tafso), tafso, {
        ...base,
        practitionerEmail: 'teacher@essex.example',
        episodeId: f.episodeId,
      }),
    ).rejects.toThrow('Choose one of the families you are involved with, or none');
    await taf.schedule(actorFor(worker), worker, f.episodeId, 'upcoming', input({ emails: ['tafso@essex.example'] }));
    await expect(
      taf.recordSupport(actorFor(tafso), tafso, {
        ...base,
        practitionerEmail: 'teacher@essex.example',
        episodeId: f.episodeId,
      }),
    ).rejects.toThrow('Grace Okafor is not involved with that family’s early help: choose another family, or none');
    await expect(
      taf.recordSupport(actorFor(worker), worker, {
        ...base,
        practitionerEmail: 'teacher@essex.example',
        episodeId: null,
      }),
    ).rejects.toThrow('Only TAF Support Officers keep a support log');
  });
});

describe('the pages', () => {
  let client: TestClient;
  async function signedIn(email: string) {
    const c = new TestClient(t.app);
    await c.get('/sign-in');
    expect((await c.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
    return c;
  }
  beforeAll(async () => {
    client = await signedIn('fs.worker@essex.example');
  });
  const date = (d: Date) => ({
    'date-day': String(d.getUTCDate()),
    'date-month': String(d.getUTCMonth() + 1),
    'date-year': String(d.getUTCFullYear()),
  });

  it('answers bad inputs with messages, never a 500', async () => {
    const f = await family('Garside');
    const path = `/early-help/episodes/${f.episodeId}/meetings/new`;
    expect((await client.get(path)).statusCode).toBe(200);
    const past = await client.post(path, {
      ...date(new Date(Date.now() - 2 * DAY)),
      time: '10:00',
      where: 'online',
      familyMembers: f.personIds[0]!,
    });
    expect(past.statusCode).toBe(400);
    expect(errorSummary(past.body)).toEqual([
      'The meeting must be in the future. To record a meeting that has already happened, use “Record a meeting that has already happened”',
    ]);
    const unknown = await client.post(path, {
      ...date(new Date(Date.now() + 2 * DAY)),
      time: '10:00',
      where: 'in-person',
      place: 'School',
      emails: 'nobody@essex.example',
      practitioners: newId(),
    });
    expect(errorSummary(unknown.body)).toEqual([
      'Choose practitioners from the list',
      'There is no active Hearth user with the email address nobody@essex.example',
    ]);
    expect(unknown.body).toContain('nobody@essex.example</textarea>');
    expect((await client.post(path, {})).statusCode).toBe(400);

    await client.get(`/early-help/episodes/${f.episodeId}/meetings/past`);
    const held = await client.post(`/early-help/episodes/${f.episodeId}/meetings/past`, {
      ...date(new Date(Date.now() - 2 * DAY)),
      time: '10:00',
      where: 'online',
      familyMembers: f.personIds,
    });
    expect(held.statusCode).toBe(303);
    const recordPath = String(held.headers.location);
    const meetingId = recordPath.split('/')[3]!;
    const page = await client.get(recordPath);
    expect(page.statusCode).toBe(200);
    const attendance = Object.fromEntries(
      (await taf.repository.invitees(meetingId)).map((i) => [`attendance-${i.id}`, 'attended']),
    );
    const early = await client.post(recordPath, {
      version: '1',
      notes: 'Notes',
      ...attendance,
      'nextReview-day': '1',
      'nextReview-month': '1',
      'nextReview-year': '2020',
    });
    expect(errorSummary(early.body)).toEqual([expect.stringMatching(/^The next review must be after the meeting on /)]);
    const stale = await client.post(recordPath, {
      version: '7',
      notes: 'Notes',
      ...attendance,
      'nextReview-day': '1',
      'nextReview-month': '1',
      'nextReview-year': '2099',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)).toEqual([
      'Someone else changed this meeting while you were looking at it. Nothing has been saved: check the meeting as it is now.',
    ]);
    expect(stale.body).toContain('name="version" value="1"');
    const saved = await client.post(recordPath, {
      version: '1',
      notes: 'Notes <b>kept</b>',
      decisions: 'One\nTwo',
      ...attendance,
      'nextReview-day': '1',
      'nextReview-month': '1',
      'nextReview-year': '2099',
    });
    expect(saved.statusCode).toBe(303);
    const shown = await client.get(`/early-help/meetings/${meetingId}`);
    expect(shown.body).toContain('Notes &lt;b&gt;kept&lt;/b&gt;');
    expect(shown.body).toContain('1 January 2099');
    expect((await client.get(recordPath)).statusCode).toBe(303);
    expect((await client.get(`/early-help/meetings/${newId()}`)).statusCode).toBe(404);
    expect((await client.get('/early-help/meetings/nope/record')).statusCode).toBe(404);
  });

  it('answers bad action updates with messages, keeps what was typed when the plan changed, and shows the updates', async () => {
    const p = await withPlan('Lomax');
    const recordPath = `/early-help/meetings/${p.meetingId}/record`;
    const page = await client.get(recordPath);
    expect(page.body).toContain(`name="action-${p.first}-status"`);
    expect(page.body).toContain('Meet the attendance officer');
    const planVersion = String(await p.version());
    const base = {
      version: '1',
      notes: 'Notes',
      ...Object.fromEntries(Object.entries(p.attendance).map(([id, a]) => [`attendance-${id}`, a])),
      'nextReview-day': '1',
      'nextReview-month': '1',
      'nextReview-year': '2099',
      planVersion,
    };
    const bad = await client.post(recordPath, {
      ...base,
      [`action-${p.first}-status`]: 'finished',
      [`action-${p.second}-note`]: 'x'.repeat(1001),
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Select whether each action is still to do, done or dropped',
      'An update on an action must be 1,000 characters or fewer',
    ]);
    expect(bad.body).toContain(`href="#action-${p.first}-status"`);
    const unknown = await client.post(recordPath, { ...base, [`action-${newId()}-status`]: 'done' });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual(['Update only the plan’s actions listed on this page']);
    expect(
      errorSummary((await client.post(recordPath, { ...base, 'action-nope-status': 'done', planVersion: 'x' })).body),
    ).toEqual(['Reload the page and try again']);

    await t.services.plans.setActionStatus(actorFor(worker), worker, p.planId, p.second, 1, 'done');
    const stale = await client.post(recordPath, {
      ...base,
      [`action-${p.first}-status`]: 'dropped',
      [`action-${p.first}-note`]: 'The school <b>walks</b> her now.',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(
      /^The family’s Early Help Plan has changed since this form was shown, so nothing has been saved/,
    );
    expect(stale.body).toContain('The school &lt;b&gt;walks&lt;/b&gt; her now.</textarea>');
    expect(stale.body).not.toContain('Meet the attendance officer');
    const newVersion = String(await p.version());
    expect(stale.body).toContain(`name="planVersion" value="${newVersion}"`);
    expect((await taf.repository.meeting(p.meetingId))!.status).toBe('scheduled');

    const saved = await client.post(recordPath, {
      ...base,
      planVersion: newVersion,
      [`action-${p.first}-status`]: 'dropped',
      [`action-${p.first}-note`]: 'The school walks her now.',
    });
    expect(saved.statusCode).toBe(303);
    const shown = await client.get(`/early-help/meetings/${p.meetingId}`);
    expect(shown.body).toMatch(/Walk Mia to school[\s\S]*Dropped[\s\S]*The school walks her now\./);
    const planPage = await client.get(`/early-help/episodes/${p.episodeId}/plan`);
    expect(planPage.body).toMatch(
      /data-qa="taf-update">TAF meeting \d+ \w+ \d{4}: dropped – The school walks her now\./,
    );
  });

  it('shows a TAF member the meetings, refuses others, and keeps the support log to TAF Support Officers', async () => {
    const f = await family('Hollis');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      input({ emails: ['teacher@essex.example'] }),
    );
    const teacherClient = await signedIn('teacher@essex.example');
    expect((await teacherClient.get(`/families/${f.familyId}/meetings`)).body).toContain('Meetings to come');
    expect((await teacherClient.get(`/early-help/meetings/${meetingId}`)).statusCode).toBe(200);
    expect((await teacherClient.get(`/early-help/meetings/${meetingId}/record`)).statusCode).toBe(403);
    const police = await signedIn('police@essex.example');
    expect((await police.get(`/early-help/meetings/${meetingId}`)).statusCode).toBe(403);
    expect((await client.get('/early-help/support-log')).statusCode).toBe(403);

    const officer = await signedIn('tafso@essex.example');
    expect((await officer.get('/early-help/support-log')).body).toContain('The partnership’s figures');
    await officer.get('/early-help/support-log/new');
    const bad = await officer.post('/early-help/support-log/new', {
      ...date(new Date(Date.now() + 2 * DAY)),
      kind: 'advice',
      practitionerName: 'Ann Lee',
    });
    expect(errorSummary(bad.body)).toEqual([
      'The date of the support must be today or in the past',
      'Select their organisation, or enter its name if it is not in the list',
    ]);
    const unknown = await officer.post('/early-help/support-log/new', {
      ...date(new Date(Date.now() - DAY)),
      kind: 'advice',
      practitionerEmail: 'nobody@essex.example',
    });
    expect(errorSummary(unknown.body)).toEqual([
      'There is no active Hearth user with that email address: leave it empty and enter their name and organisation instead',
    ]);
    const ok = await officer.post('/early-help/support-log/new', {
      ...date(new Date(Date.now() - DAY)),
      kind: 'plan-reviewed',
      practitionerName: 'Ann Lee',
      organisationName: 'Little Stars Nursery',
      notes: 'Went through the plan’s actions.',
    });
    expect(ok.statusCode).toBe(303);
    expect((await officer.get('/early-help/support-log')).body).toContain('Little Stars Nursery');
  });
});

describe('closing early help (issue 17, item 11)', () => {
  it('cancels meetings still to come and tells the practitioners invited', async () => {
    const f = await family('Closing');
    const meetingId = await taf.schedule(
      actorFor(worker),
      worker,
      f.episodeId,
      'upcoming',
      input({ emails: ['teacher@essex.example'], personIds: f.personIds }),
    );
    const episode = (await t.services.earlyHelp.episodeRow(f.episodeId))!;
    const needs = await t.services.earlyHelp.needsOf([f.episodeId]);
    await t.services.earlyHelp.close(actorFor(worker), worker, f.episodeId, episode.version, {
      reason: 'needs-met',
      outcomes: Object.fromEntries(needs.map((n) => [n.id, 'achieved'])),
    });
    const meeting = (await taf.repository.meeting(meetingId))!;
    expect([meeting.status, meeting.cancelled_reason]).toEqual(['cancelled', 'Early help for this family has closed.']);
    const email = (await t.services.notify.latestTo('teacher@essex.example'))!;
    expect(email.subject).toMatch(/^Cancelled: Team Around the Family meeting on /);
    expect(email.body).toContain('early help for the family has closed');
    expect(await auditActions(f.familyId)).toContain('early-help.taf-meeting.cancelled-on-closure');
  });
});
