import { addDays, addMonths } from 'date-fns';
import { newId } from '../../platform/db/ids.ts';
import type { TrainingCore } from './core.ts';

/**
 * A few sessions for `npm start` (issue 16; never in production): one to come that is full with a waiting list, one
 * with places, one held last week (attended, evaluated), one held four months ago (its follow-up due to the teacher),
 * and champions in three of the four quadrants (the fourth shows as a gap). Nothing is added if any session exists.
 */
export async function seedDemoTraining(c: TrainingCore): Promise<number> {
  const { db } = c;
  if (await db.selectFrom('training_sessions').select('id').limit(1).executeTakeFirst()) return 0;
  const courses = await c.r.courses(true);
  const people = await db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.email', 'o.id as organisation_id', 'o.name as organisation_name', 'o.type_code'])
    .where('u.email', 'in', [
      'board.manager@essex.example',
      'teacher@essex.example',
      'police@essex.example',
      'tafso@essex.example',
      'school.dsl@essex.example',
      'marac.idva@essex.example',
    ])
    .execute();
  const user = (email: string) => people.find((p) => p.email === email);
  const manager = user('board.manager@essex.example');
  if (!manager || courses.length < 3) return 0;
  const by = { created_by: manager.id, updated_by: manager.id };
  const at = (days: number, months = 0) => {
    const d = addMonths(addDays(new Date(), days), months);
    d.setUTCHours(9, 30, 0, 0);
    return d;
  };
  const sessions = [
    { course: courses[0]!, startsAt: at(14), capacity: 2, venue: 'County Hall, Chelmsford', quadrant: 'mid' },
    { course: courses[1]!, startsAt: at(21), capacity: 20, venue: '', quadrant: null, online: true },
    { course: courses[2]!, startsAt: at(-7), capacity: 15, venue: 'Harlow Civic Centre', quadrant: 'west' },
    { course: courses[2]!, startsAt: at(-1, -4), capacity: 15, venue: 'Basildon Centre', quadrant: 'south' },
  ].map((s) => ({
    id: newId(),
    course_id: s.course.id,
    starts_at: s.startsAt,
    duration_minutes: 180,
    online: s.online ?? false,
    venue: s.venue,
    capacity: s.capacity,
    trainer: 'ESCB Learning and Development',
    quadrant_code: s.quadrant,
    ...by,
  }));
  await db.insertInto('training_sessions').values(sessions).execute();
  let queued = 0;
  const booking = (session: number, email: string, status: 'booked' | 'waiting', attended = false) => {
    const p = user(email)!;
    return {
      id: newId(),
      session_id: sessions[session]!.id,
      user_id: p.id,
      organisation_id: p.organisation_id,
      organisation_name: p.organisation_name,
      organisation_type: p.type_code,
      status,
      queued_at: new Date(Date.now() - 60_000 * (100 - queued++)),
      attendance: attended ? ('attended' as const) : null,
    };
  };
  const bookings = [
    booking(0, 'police@essex.example', 'booked'),
    booking(0, 'school.dsl@essex.example', 'booked'),
    booking(0, 'marac.idva@essex.example', 'waiting'),
    booking(1, 'police@essex.example', 'booked'),
    booking(2, 'teacher@essex.example', 'booked', true),
    booking(2, 'tafso@essex.example', 'booked', true),
    { ...booking(2, 'police@essex.example', 'booked'), attendance: 'did-not-attend' as const },
    booking(3, 'teacher@essex.example', 'booked', true),
    booking(3, 'school.dsl@essex.example', 'booked', true),
  ];
  await db.insertInto('training_bookings').values(bookings).execute();
  await db
    .insertInto('training_evaluations')
    .values([
      {
        id: newId(),
        booking_id: bookings[5]!.id,
        kind: 'after',
        outcomes_met: 4,
        confidence_before: 2,
        confidence_after: 4,
        comment: 'Use the Windscreen with partners before asking for a consultation.',
      },
      {
        id: newId(),
        booking_id: bookings[8]!.id,
        kind: 'after',
        outcomes_met: 5,
        confidence_before: 3,
        confidence_after: 5,
        comment: '',
      },
      {
        id: newId(),
        booking_id: bookings[8]!.id,
        kind: 'follow-up',
        impact: 4,
        comment: 'I have shared the levels of need with my team and we now consult the Hub sooner.',
      },
    ])
    .execute();
  const held = sessions[3]!.starts_at.toISOString().slice(0, 10);
  await db
    .insertInto('training_follow_ups')
    .values([
      {
        booking_id: bookings[7]!.id,
        due_on: addMonths(new Date(`${held}T12:00:00Z`), 3)
          .toISOString()
          .slice(0, 10),
      },
      {
        booking_id: bookings[8]!.id,
        due_on: addMonths(new Date(`${held}T12:00:00Z`), 3)
          .toISOString()
          .slice(0, 10),
      },
    ])
    .execute();
  const champion = (network: string, name: string, organisation: string, quadrant: string) => ({
    id: newId(),
    network,
    name,
    organisation_id: null,
    organisation_name: organisation,
    quadrant_code: quadrant,
    started_on: '2025-09-01',
    ended_on: null,
    ...by,
  });
  await db
    .insertInto('training_champions')
    .values([
      champion('child-exploitation', 'Amira Hussain', 'Essex Police', 'west'),
      champion('child-exploitation', 'Tom Reeve', 'Basildon Academies', 'south'),
      champion('child-exploitation', 'Grace Obi', 'Chelmsford YMCA', 'mid'),
      champion('domestic-abuse', 'Lena Novak', 'Next Chapter', 'north-east'),
      champion('domestic-abuse', 'Paul Grant', 'Essex County Council', 'mid'),
    ])
    .execute();
  return sessions.length;
}
