import { addDays, addMinutes, format } from 'date-fns';
import { sql } from 'kysely';
import type { Services } from '../services.ts';
import type { Principal } from '../platform/permissions/policy.ts';

const COORDINATOR = 'marac.coordinator@essex.example';
const IDVA = 'marac.idva@essex.example';

type Who = { actor: { userId: string; label: string }; user: Principal };
const day = (d: Date) => format(d, 'yyyy-MM-dd');

/**
 * The demo MARAC cases' meetings (issue 15), recorded through the meetings' services as the pages would and then
 * dated back to when they happened: the first case (a victim in a refuge) was heard five months ago, its one action
 * done and the case closed; the second (professional judgement) was heard at its meeting twenty days ago after five
 * agencies' research, with a safety action plan of three actions (one done, one overdue, one for the child, sent to
 * the Hub as a Request for Support the coordinator has still to complete); the third and the repeat referral wait on
 * the next meeting's list, researched by the police and, for the repeat, the IDVA service. Every name is made up.
 */
export async function seedDemoMaracMeetings(services: Services, caseIds: string[], now = new Date()): Promise<void> {
  const { maracMeetings: meetings, maracPlans: plans, earlyHelp } = services;
  const { db } = meetings;
  const principal = async (email: string): Promise<Who | undefined> => {
    const found = await earlyHelp.activeUserByEmail(email);
    return found ? { actor: { userId: found.id, label: email }, user: found } : undefined;
  };
  const coordinator = await principal(COORDINATOR);
  const idva = await principal(IDVA);
  const [shannon, priya, leanne, repeat] = caseIds;
  if (!coordinator || !idva || !shannon || !priya || !leanne || !repeat) return;
  const c = coordinator;
  const hearingOf = async (caseId: string) => (await meetings.hearingsOf(caseId))[0]!;
  const meetingVersion = async (id: string) =>
    (await db.selectFrom('marac_meetings').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  const research = (who: Who, meetingId: string, caseId: string, agency: string, information: string) =>
    meetings.recordResearch(who.actor, who.user, meetingId, caseId, {
      agency,
      known: information ? 'yes' : 'no',
      information,
      version: undefined,
    });
  /** Holds a meeting: the agencies present, each case's discussion, all dated at the meeting. */
  const hold = async (caseId: string, agencies: string[], discussion: string) => {
    const hearing = await hearingOf(caseId);
    await meetings.recordPresent(
      c.actor,
      c.user,
      hearing.meeting_id,
      agencies,
      await meetingVersion(hearing.meeting_id),
    );
    const { version } = (await meetings.hearing(hearing.meeting_id, caseId))!;
    await meetings.recordDiscussion(c.actor, c.user, hearing.meeting_id, caseId, { discussion, version });
    const heardAt = addMinutes(hearing.starts_at, 25);
    await db.updateTable('marac_meetings').set({ updated_at: heardAt }).where('id', '=', hearing.meeting_id).execute();
    await db.updateTable('marac_hearings').set({ heard_at: heardAt }).where('id', '=', hearing.id).execute();
    const researched = addMinutes(hearing.starts_at, -90);
    await sql`update marac_research set recorded_at = ${researched}, updated_at = ${researched}
      where hearing_id = ${hearing.id}`.execute(db);
    return { hearing, heardAt };
  };
  /** An action added at the meeting, due `due` (dated back after it is added: the form takes only future dates). */
  const action = async (
    caseId: string,
    hearingId: string,
    heardAt: Date,
    due: Date,
    input: { agency: string; description: string; ownerEmail?: string; ownerName?: string; forChildren?: boolean },
  ) => {
    const { id } = await plans.addAction(c.actor, c.user, caseId, hearingId, {
      agency: input.agency,
      description: input.description,
      ownerEmail: input.ownerEmail ?? '',
      ownerName: input.ownerName ?? '',
      'due-day': day(addDays(now, 30)),
      forChildren: input.forChildren ? 'yes' : 'no',
    });
    await sql`update marac_actions set due_on = ${day(due)}, created_at = ${heardAt}, updated_at = ${heardAt}
      where id = ${id}`.execute(db);
    return id;
  };
  const done = async (who: Who, actionId: string, at: Date, note: string) => {
    const { version } = (await plans.action(actionId))!;
    await plans.reviewAction(who.actor, who.user, actionId, { note, status: 'done', version });
    await db.updateTable('marac_actions').set({ done_at: at, updated_at: at }).where('id', '=', actionId).execute();
    await sql`update marac_action_updates set recorded_at = ${at} where action_id = ${actionId}`.execute(db);
  };

  // The first case: heard five months ago, its action done, closed.
  const first = await hearingOf(shannon);
  await research(c, first.meeting_id, shannon, 'police', 'Two call-outs this year; Craig Beddow on bail for assault.');
  await research(idva, first.meeting_id, shannon, 'idva', 'Supporting Shannon since the assault; refuge place found.');
  const one = await hold(
    shannon,
    ['police', 'idva', 'social-care', 'health'],
    'Very high risk after separation. Shannon and the children are safe in a refuge out of the district; Craig Beddow’s bail conditions keep him away from the refuge’s town. The IDVA keeps weekly contact.',
  );
  const refugeAction = await action(shannon, one.hearing.id, one.heardAt, addDays(one.heardAt, 14), {
    agency: 'idva',
    description: 'Support Shannon to apply for a non-molestation order',
    ownerEmail: IDVA,
  });
  await done(idva, refugeAction, addDays(one.heardAt, 10), 'Order granted at the family court.');
  const closing = await db
    .selectFrom('marac_cases')
    .select('version')
    .where('id', '=', shannon)
    .executeTakeFirstOrThrow();
  await plans.close(c.actor, c.user, shannon, {
    reason: 'Risk reduced: the victim is settled in the refuge and the order is in place.',
    version: closing.version,
  });
  const closedAt = addDays(one.heardAt, 12);
  await db
    .updateTable('marac_cases')
    .set({ closed_at: closedAt, updated_at: closedAt })
    .where('id', '=', shannon)
    .execute();

  // The second case: researched by five agencies, heard twenty days ago, a plan of three actions.
  const second = await hearingOf(priya);
  const m = second.meeting_id;
  await research(c, m, priya, 'police', 'No call-outs to the address; Vikram Raman has no record.');
  await research(idva, m, priya, 'idva', 'Priya called the helpline twice last month about being followed.');
  await research(c, m, priya, 'social-care', '');
  await research(c, m, priya, 'health', 'Priya’s GP recorded anxiety and a disclosure of control in January.');
  await research(c, m, priya, 'education', 'Arjun’s attendance fell to 88% this term; he seems withdrawn.');
  const two = await hold(
    priya,
    ['police', 'idva', 'social-care', 'health', 'education'],
    'Coercive control with stalking: the risk is high although the checklist score is 11. Priya wants to stay at home. The police will mark the address and the IDVA service will plan safety with her; Arjun needs support at school and a referral to the Hub.',
  );
  const planned = await action(priya, two.hearing.id, two.heardAt, addDays(two.heardAt, 7), {
    agency: 'idva',
    description: 'Make a safety plan with Priya, including a safe way to keep in touch',
    ownerEmail: IDVA,
  });
  await done(idva, planned, addDays(two.heardAt, 5), 'Safety plan agreed; Priya has a safe phone.');
  await action(priya, two.hearing.id, two.heardAt, addDays(two.heardAt, 10), {
    agency: 'police',
    description: 'Put a marker on the address so calls from it are answered first',
    ownerName: 'PC Sarah Lowe, Chelmsford',
  });
  await action(priya, two.hearing.id, two.heardAt, addDays(now, 7), {
    agency: 'social-care',
    description: 'Request for Support to the Hub for Arjun: support at school and at home',
    forChildren: true,
  });

  // The third case and the repeat referral wait on the next meeting's list.
  const next = await meetings.next(now);
  if (!next) return;
  for (const caseId of [leanne, repeat]) {
    const hearing = await hearingOf(caseId);
    if (hearing.meeting_id !== next.id) await meetings.moveCase(c.actor, c.user, hearing.meeting_id, caseId, next.id);
  }
  await research(c, next.id, leanne, 'police', 'Four call-outs this year; Jordan Pike arrested once, released.');
  await research(c, next.id, repeat, 'police', 'Breach of the non-molestation order reported on Monday.');
  await research(
    idva,
    next.id,
    repeat,
    'idva',
    'Supported Shannon at her first MARAC; her refuge place is still held.',
  );
}
