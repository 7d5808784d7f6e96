import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { insertMaracCase } from '../helpers/marac-case.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MARAC's meetings and safety action plans (issue 15): the next meeting's list, each agency's research, the
 * discussion, the plan's actions reviewed until done, an action for the children to the Hub or to the early help
 * worker, invitations to a single case, closing; and the refusals the brief lists.
 */

let t: TestApp;
let coordinator: TestClient;
let idva: TestClient;
let coordinatorId: string;
let signIns = 0;
const [year, month, day] = todayInLondon().split('-') as [string, string, string];
const ASK = 'the MARAC coordinators (Essex Police)';

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const userId = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const audited = (type: string, id: string) => t.services.audit.forSubject(type, id);

/** A case listed on the next meeting: [caseId, meetingId]. */
async function listed(over: { childPersonId?: string | null; repeatOf?: string | null } = {}) {
  const { id, reference } = await insertMaracCase(t.database.db, {
    referredBy: coordinatorId,
    referredAt: new Date(Date.now() - 3 * 86_400_000),
    ...over,
  });
  const meetingId = await t.services.maracMeetings.listOnNextMeeting(t.database.db, id, new Date(), coordinatorId);
  return { caseId: id, meetingId, reference };
}
const actionFields = (over: Record<string, string> = {}) => ({
  agency: 'idva',
  description: 'Safety planning with the victim',
  ownerEmail: 'marac.idva@essex.example',
  ownerName: '',
  'due-day': day,
  'due-month': month,
  'due-year': String(Number(year) + 1),
  ...over,
});
async function addAction(caseId: string, over: Record<string, string> = {}) {
  const page = await coordinator.get(`/marac/cases/${caseId}/plan`);
  expect(page.statusCode).toBe(200);
  return coordinator.post(`/marac/cases/${caseId}/actions`, { submissionKey: key(page.body), ...actionFields(over) });
}

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await signedIn('marac.coordinator@essex.example');
  idva = await signedIn('marac.idva@essex.example');
  coordinatorId = await userId('marac.coordinator@essex.example');
});
afterAll(() => t?.close());

describe('the meetings and their lists', () => {
  it('plans meetings from the slots (idempotent) and lists a new case on the first meeting after the research hours', async () => {
    const { db } = t.database;
    const referredAt = new Date();
    await t.services.maracMeetings.ensureMeetings(db, referredAt);
    const before = (await db.selectFrom('marac_meetings').select('id').execute()).length;
    await t.services.maracMeetings.ensureMeetings(db, referredAt);
    expect((await db.selectFrom('marac_meetings').select('id').execute()).length).toBe(before);
    const { id } = await insertMaracCase(db, { referredBy: coordinatorId, referredAt });
    const meetingId = await t.services.maracMeetings.listOnNextMeeting(db, id, referredAt);
    const meeting = await db
      .selectFrom('marac_meetings')
      .selectAll()
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    expect(meeting.starts_at.getTime()).toBeGreaterThanOrEqual(referredAt.getTime() + 2 * 3_600_000);
    const earlier = await db
      .selectFrom('marac_meetings')
      .select('id')
      .where('starts_at', '>=', new Date(referredAt.getTime() + 2 * 3_600_000))
      .where('starts_at', '<', meeting.starts_at)
      .execute();
    expect(earlier).toEqual([]);
    // Listing again changes nothing; the case is listed.
    expect(await t.services.maracMeetings.listOnNextMeeting(db, id, referredAt)).toBe(meetingId);
    expect((await db.selectFrom('marac_hearings').select('id').where('case_id', '=', id).execute()).length).toBe(1);
    const row = await db.selectFrom('marac_cases').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('listed');
  });

  it('shows the list with reference, repeat flag and risk basis, and the representative what their agency still has to research', async () => {
    const first = await listed();
    const repeat = await listed({ repeatOf: first.caseId });
    const page = await idva.get(`/marac/meetings/${repeat.meetingId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(repeat.reference);
    expect(page.body).toContain('Repeat');
    expect(page.body).toContain('Risk checklist');
    expect(page.body).toContain('Still to research: IDVA');
    expect((await audited('marac-meeting', repeat.meetingId)).map((e) => e.action)).toContain('marac-meeting.viewed');
    // The next meeting's address goes to a meeting.
    const next = await coordinator.get('/marac/meetings');
    expect(next.statusCode).toBe(303);
    expect(String(next.headers.location)).toMatch(/^\/marac\/meetings\/[0-9a-f-]{36}$/);
  });
});

describe('research', () => {
  it('records the IDVA service’s research once, even sent ten times at once', async () => {
    const { caseId, meetingId } = await listed();
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    const page = await idva.get(url);
    expect(page.statusCode).toBe(200);
    const submissionKey = key(page.body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        idva.post(`${url}/research`, { submissionKey, agency: 'idva', known: 'yes', information: 'Known since 2024.' }),
      ),
    );
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    const rows = await t.database.db.selectFrom('marac_research').selectAll().where('agency', '=', 'idva').execute();
    expect(rows.filter((r) => r.information === 'Known since 2024.')).toHaveLength(1);
    // A second submission with a new key is refused: the research is recorded once.
    const again = await idva.get(url);
    expect(again.body).not.toContain('data-qa="research-form"');
  });

  it('refuses research for an agency the representative does not speak for, audited', async () => {
    const { caseId, meetingId } = await listed();
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    const page = await idva.get(url);
    const answer = await idva.post(`${url}/research`, {
      submissionKey: key(page.body),
      agency: 'police',
      known: 'no',
      information: '',
    });
    expect(answer.statusCode).toBe(400);
    expect(errorSummary(answer.body).join()).toContain('only for the agency you speak for');
    const hearing = await t.services.maracMeetings.hearing(meetingId, caseId);
    expect(
      await t.database.db.selectFrom('marac_research').select('id').where('hearing_id', '=', hearing!.id).execute(),
    ).toEqual([]);
    expect((await audited('marac-case', caseId)).some((e) => e.action === 'permission.denied')).toBe(true);
  });
});

describe('the safety action plan', () => {
  it('refuses an action with no owner, a due date in the past, or an impossible date, keeping what was typed', async () => {
    const { caseId } = await listed();
    const noOwner = await addAction(caseId, { ownerEmail: '', ownerName: '' });
    expect(noOwner.statusCode).toBe(400);
    expect(errorSummary(noOwner.body).join()).toContain('Enter the owner’s name');
    expect(noOwner.body).toContain('Safety planning with the victim');
    const past = await addAction(caseId, { 'due-year': String(Number(year) - 1) });
    expect(past.statusCode).toBe(400);
    expect(errorSummary(past.body).join()).toContain('The due date must be today or in the future');
    const impossible = await addAction(caseId, { 'due-day': '31', 'due-month': '2' });
    expect(impossible.statusCode).toBe(400);
    expect(
      await t.database.db.selectFrom('marac_actions').select('id').where('case_id', '=', caseId).execute(),
    ).toEqual([]);
  });

  it('records the discussion and actions, reviews them until done, and closes the case only with none open', async () => {
    const { caseId, meetingId } = await listed();
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    const page = await coordinator.get(url);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const heard = await coordinator.post(`${url}/discussion`, { version, discussion: 'Risk high; refuge arranged.' });
    expect(heard.statusCode).toBe(303);
    expect((await addAction(caseId)).statusCode).toBe(303);
    const action = await t.database.db
      .selectFrom('marac_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({ owner_user_id: await userId('marac.idva@essex.example'), status: 'open' });
    expect(action.hearing_id).not.toBeNull();
    // Closing with an open action is refused.
    const plan = await coordinator.get(`/marac/cases/${caseId}/plan`);
    const caseVersion = /data-qa="close-form"[\s\S]*?name="version" value="(\d+)"/.exec(plan.body)![1]!;
    const refused = await coordinator.post(`/marac/cases/${caseId}/close`, {
      version: caseVersion,
      reason: 'Risk reduced',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join()).toContain('cannot be closed while an action is open');
    // The owner (the IDVA representative) marks it done from their list.
    const mine = await idva.get('/marac/actions');
    expect(mine.body).toContain('Safety planning with the victim');
    const done = await idva.post(`/marac/actions/${action.id}/review?from=mine`, {
      version: String(action.version),
      note: 'Safety plan agreed with the victim.',
      status: 'done',
    });
    expect(done.statusCode).toBe(303);
    const after = await t.database.db
      .selectFrom('marac_actions')
      .selectAll()
      .where('id', '=', action.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('done');
    expect(after.done_at).not.toBeNull();
    const closed = await coordinator.post(`/marac/cases/${caseId}/close`, {
      version: caseVersion,
      reason: 'Risk reduced',
    });
    expect(closed.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('marac_cases')
      .selectAll()
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'closed', closure_reason: 'Risk reduced' });
    // A review on a closed case is refused.
    const late = await coordinator.post(`/marac/actions/${action.id}/review`, {
      version: String(after.version),
      note: 'Reopened',
      status: 'open',
    });
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body).join()).toContain('This case is closed');
    expect(
      await t.database.db.selectFrom('marac_action_updates').select('id').where('action_id', '=', action.id).execute(),
    ).toHaveLength(1);
  });

  it('sends an action for the children to the Hub as a Request for Support with the children only', async () => {
    const { caseId } = await listed();
    const answer = await addAction(caseId, { forChildren: 'yes', ownerEmail: '', agency: 'social-care' });
    expect(answer.statusCode).toBe(303);
    expect(String(answer.headers.location)).toMatch(/^\/requests\/drafts\//);
    const action = await t.database.db
      .selectFrom('marac_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(action.for_children).toBe(true);
    const draft = await t.database.db
      .selectFrom('request_drafts')
      .selectAll()
      .where('id', '=', action.request_draft_id!)
      .executeTakeFirstOrThrow();
    const text = JSON.stringify(draft.data);
    expect(text).toContain('Kai');
    for (const never of ['Refuge Lane', 'Dana', 'Ross', 'Other Road']) expect(text).not.toContain(never);
  });

  it('sends an action for the children to the early help worker a child is open to, who sees only the action', async () => {
    const worker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Marac', children: ['Remy'] });
    await t.services.earlyHelp.startFromWorkItem({ userId: worker.id, label: 'set-up' }, worker, item.id, item.version);
    const open = await sql<{ person_id: string }>`
      select id as person_id from people where last_name = 'Marac' and first_name = 'Remy'`.execute(t.database.db);
    const child = { person_id: open.rows[0]!.person_id, worker: worker.id };
    const { caseId, reference } = await listed({ childPersonId: child.person_id });
    expect(
      (
        await addAction(caseId, {
          forChildren: 'yes',
          ownerEmail: '',
          description: 'Early help to review the children’s plan',
        })
      ).statusCode,
    ).toBe(303);
    const action = await t.database.db
      .selectFrom('marac_actions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(action.owner_user_id).toBe(child.worker);
    expect(action.request_draft_id).toBeNull();
    const client = await signedIn('fs.worker@essex.example');
    const mine = await client.get('/marac/actions');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Early help to review the children’s plan');
    expect(mine.body).toContain(reference);
    expect(mine.body).not.toContain('Dana');
    expect(mine.body).not.toContain('Repeated threats');
  });
});

describe('who may see a case’s plan', () => {
  it('refuses a representative of a non-standing, uninvited organisation, telling only whom to ask, audited; an invitation lets them in', async () => {
    const { caseId } = await listed();
    const { db } = t.database;
    const standing = (await t.services.reference.maracSettings()).agencies.flatMap((a) => a.organisations);
    const other = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', 'not in', standing)
      .executeTakeFirstOrThrow();
    const idvaUser = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'marac.idva@essex.example')
      .executeTakeFirstOrThrow();
    const id = newId();
    await db
      .insertInto('users')
      .values({
        id,
        email: 'marac.housing@essex.example',
        display_name: 'Hana Housing',
        organisation_id: other.id,
        password_hash: idvaUser.password_hash,
      })
      .execute();
    await db.insertInto('user_roles').values({ user_id: id, role: 'marac-representative' }).execute();
    const housing = await signedIn('marac.housing@essex.example');
    const refused = await housing.get(`/marac/cases/${caseId}/plan`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(ASK);
    expect(refused.body).not.toContain('Safety action plan');
    const denied = (await audited('marac-case', caseId)).filter((e) => e.action === 'record.view-denied');
    expect(denied[0]).toMatchObject({ outcome: 'denied' });
    // Invited, the organisation's representative takes part; withdrawn, refused again.
    const plan = await coordinator.get(`/marac/cases/${caseId}/plan`);
    const invited = await coordinator.post(`/marac/cases/${caseId}/invitations`, {
      submissionKey: key(plan.body.slice(plan.body.indexOf('invite-form'))),
      organisation: other.id,
      email: '',
      reason: 'The family’s housing provider',
    });
    expect(invited.statusCode).toBe(303);
    expect((await housing.get(`/marac/cases/${caseId}/plan`)).statusCode).toBe(200);
    const invitation = await db
      .selectFrom('marac_invitations')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    await coordinator.get(`/marac/cases/${caseId}/plan`);
    expect(
      (await coordinator.post(`/marac/cases/${caseId}/invitations/${invitation.id}/withdraw`, {})).statusCode,
    ).toBe(303);
    expect((await housing.get(`/marac/cases/${caseId}/plan`)).statusCode).toBe(403);
  });
});
