import { newId } from '../../src/platform/db/ids.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import type { TestApp } from './test-app.ts';
import { insertMaracCase } from './marac-case.ts';

/**
 * MARAC's meetings and safety action plans for seed-every-form: a case listed on the next meeting, one agency's
 * research, the discussion, an invitation, an action and its review (every free-text column has a row).
 */
export async function seedMaracMeetings(t: TestApp, coordinatorId: string) {
  const { db } = t.database;
  const { id: caseId } = await insertMaracCase(db, {
    referredBy: coordinatorId,
    reference: 'MARAC-SEED-MEETINGS',
    people: false,
  });
  const meetingId = await t.services.maracMeetings.listOnNextMeeting(db, caseId, new Date(), coordinatorId);
  const hearing = await db
    .selectFrom('marac_hearings')
    .select('id')
    .where('case_id', '=', caseId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('marac_hearings')
    .set({ discussion: 'Risk remains high; the victim is in refuge.', heard_at: new Date(), heard_by: coordinatorId })
    .where('id', '=', hearing.id)
    .execute();
  await db
    .insertInto('marac_research')
    .values({
      id: newId(),
      hearing_id: hearing.id,
      agency: 'police',
      known: true,
      information: 'Three call-outs this year.',
      recorded_by: coordinatorId,
      updated_at: new Date(),
    })
    .execute();
  const organisation = await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  await db
    .insertInto('marac_invitations')
    .values({
      id: newId(),
      case_id: caseId,
      organisation_id: organisation.id,
      reason: 'The family’s housing provider.',
      invited_by: coordinatorId,
    })
    .execute();
  const actionId = newId();
  await db
    .insertInto('marac_actions')
    .values({
      id: actionId,
      case_id: caseId,
      hearing_id: hearing.id,
      agency: 'police',
      description: 'Flag the address for an urgent response.',
      owner_name: 'PC Jones',
      due_on: todayInLondon(),
      created_by: coordinatorId,
      updated_at: new Date(),
    })
    .execute();
  await db
    .insertInto('marac_action_updates')
    .values({
      id: newId(),
      action_id: actionId,
      note: 'Flag requested.',
      status_after: 'open',
      recorded_by: coordinatorId,
    })
    .execute();
  return { caseId, meetingId, actionId };
}
