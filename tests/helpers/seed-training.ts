import { addDays, addMonths } from 'date-fns';
import { newId } from '../../src/platform/db/ids.ts';
import type { TestApp } from './test-app.ts';

/**
 * A row in every training table a form fills (issue 16): a course added by the Board manager, a session to come
 * (for the teacher to book), a session held yesterday the teacher attended and has not evaluated, one held four
 * months ago whose follow-up is due to the teacher, evaluations of both kinds by the TAF Support Officer, and a
 * champion of each network.
 */
export async function seedTrainingForms(t: TestApp) {
  const { db } = t.database;
  const user = async (email: string) =>
    db.selectFrom('users').select(['id', 'organisation_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const [manager, teacher, tafso] = await Promise.all([
    user('board.manager@essex.example'),
    user('teacher@essex.example'),
    user('tafso@essex.example'),
  ]);
  const by = { created_by: manager.id, updated_by: manager.id };
  const course = newId();
  await db
    .insertInto('training_courses')
    .values({
      id: course,
      title: 'Working with families at level 2',
      theme: 'early-help',
      level: 'foundation',
      audience: 'Practitioners in schools',
      outcomes: 'Lead a Team Around the Family',
      ...by,
    })
    .execute();
  const session = (startsAt: Date) => ({
    id: newId(),
    course_id: course,
    starts_at: startsAt,
    duration_minutes: 120,
    venue: 'Harlow Civic Centre',
    capacity: 10,
    trainer: 'Sam Ali',
    quadrant_code: 'west',
    ...by,
  });
  const [coming, yesterday, months] = [
    session(addDays(new Date(), 10)),
    session(addDays(new Date(), -1)),
    session(addDays(addMonths(new Date(), -4), -1)),
  ];
  await db.insertInto('training_sessions').values([coming, yesterday, months]).execute();
  const booking = (sessionId: string, who: { id: string; organisation_id: string }) => ({
    id: newId(),
    session_id: sessionId,
    user_id: who.id,
    organisation_id: who.organisation_id,
    organisation_name: 'Demo organisation',
    organisation_type: 'education',
    status: 'booked' as const,
    attendance: 'attended' as const,
  });
  const bookings = [
    booking(yesterday.id, teacher),
    booking(months.id, teacher),
    booking(yesterday.id, tafso),
    booking(months.id, tafso),
  ];
  await db.insertInto('training_bookings').values(bookings).execute();
  await db
    .insertInto('training_follow_ups')
    .values([
      { booking_id: bookings[1]!.id, due_on: '2026-01-01' },
      { booking_id: bookings[3]!.id, due_on: '2026-01-01' },
    ])
    .execute();
  await db
    .insertInto('training_evaluations')
    .values([
      {
        id: newId(),
        booking_id: bookings[2]!.id,
        kind: 'after',
        outcomes_met: 4,
        confidence_before: 2,
        confidence_after: 4,
        comment: 'Use the Windscreen',
      },
      { id: newId(), booking_id: bookings[3]!.id, kind: 'follow-up', impact: 4, comment: 'I ask what, not why' },
    ])
    .execute();
  await db
    .insertInto('training_champions')
    .values(
      ['child-exploitation', 'domestic-abuse'].map((network) => ({
        id: newId(),
        network,
        name: 'Jo Patel',
        organisation_id: null,
        organisation_name: 'Harlow Youth Project',
        quadrant_code: 'west',
        started_on: '2026-01-05',
        ended_on: null,
        ...by,
      })),
    )
    .execute();
  return { session: coming.id, after: bookings[0]!.id, followUp: bookings[1]!.id };
}
