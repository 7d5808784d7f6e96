import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';

/** The training module's queries (its own tables; users and organisations are read, never written). */
export class TrainingRepository {
  constructor(readonly db: Kysely<DB>) {}

  courses(activeOnly = false) {
    let q = this.db.selectFrom('training_courses').selectAll().orderBy('title');
    if (activeOnly) q = q.where('active', '=', true);
    return q.execute();
  }
  course(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('training_courses').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Sessions with their course and how many places are taken and waiting; `from` limits to those starting after. */
  sessions(filter: { from?: Date; before?: Date; id?: string } = {}, db: Kysely<DB> = this.db) {
    let q = db
      .selectFrom('training_sessions as s')
      .innerJoin('training_courses as c', 'c.id', 's.course_id')
      .selectAll('s')
      .select(['c.title', 'c.theme', 'c.level', 'c.outcomes', 'c.audience'])
      .select((eb) => [
        eb
          .selectFrom('training_bookings as b')
          .whereRef('b.session_id', '=', 's.id')
          .where('b.status', '=', 'booked')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('booked'),
        eb
          .selectFrom('training_bookings as b')
          .whereRef('b.session_id', '=', 's.id')
          .where('b.status', '=', 'waiting')
          .select((e) => e.fn.countAll<number>().as('n'))
          .as('waiting'),
      ]);
    if (filter.from) q = q.where('s.starts_at', '>=', filter.from);
    if (filter.before) q = q.where('s.starts_at', '<', filter.before);
    if (filter.id) q = q.where('s.id', '=', filter.id);
    return q.orderBy('s.starts_at').orderBy('s.id').limit(500).execute();
  }

  /** The session row, locked until the transaction ends: bookings of one session queue here, one at a time. */
  lockSession(tx: Kysely<DB>, id: string) {
    return tx.selectFrom('training_sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  }

  countBooked(tx: Kysely<DB>, sessionId: string) {
    return tx
      .selectFrom('training_bookings')
      .where('session_id', '=', sessionId)
      .where('status', '=', 'booked')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  liveBooking(tx: Kysely<DB>, sessionId: string, userId: string) {
    return tx
      .selectFrom('training_bookings')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
  }

  booking(id: string, db: Kysely<DB> = this.db) {
    return db.selectFrom('training_bookings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The first on the waiting list: promoted when a place frees. */
  firstWaiting(tx: Kysely<DB>, sessionId: string) {
    return tx
      .selectFrom('training_bookings')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('status', '=', 'waiting')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }

  /** Everyone booked or waiting on a session, with their name and email, booked first then in queue order. */
  people(sessionId: string, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('training_bookings as b')
      .innerJoin('users as u', 'u.id', 'b.user_id')
      .select([
        'b.id',
        'b.status',
        'b.attendance',
        'b.organisation_name',
        'b.organisation_type',
        'b.queued_at',
        'b.user_id',
        'u.display_name',
        'u.email',
      ])
      .where('b.session_id', '=', sessionId)
      .where('b.status', '<>', 'cancelled')
      .orderBy(sql`case b.status when 'booked' then 0 else 1 end`)
      .orderBy('b.queued_at')
      .orderBy('b.id')
      .execute();
  }

  /** A person's bookings with the session, course and evaluations made. */
  bookingsOf(userId: string) {
    return this.db
      .selectFrom('training_bookings as b')
      .innerJoin('training_sessions as s', 's.id', 'b.session_id')
      .innerJoin('training_courses as c', 'c.id', 's.course_id')
      .leftJoin('training_follow_ups as f', 'f.booking_id', 'b.id')
      .select([
        'b.id',
        'b.status',
        'b.attendance',
        'b.session_id',
        's.starts_at',
        's.status as session_status',
        's.venue',
        's.online',
        'c.title',
        'f.due_on as follow_up_due_on',
      ])
      .select((eb) => [
        eb
          .selectFrom('training_evaluations as e')
          .whereRef('e.booking_id', '=', 'b.id')
          .where('e.kind', '=', 'after')
          .select('e.id')
          .as('after_id'),
        eb
          .selectFrom('training_evaluations as e')
          .whereRef('e.booking_id', '=', 'b.id')
          .where('e.kind', '=', 'follow-up')
          .select('e.id')
          .as('follow_up_id'),
      ])
      .where('b.user_id', '=', userId)
      .where('b.status', '<>', 'cancelled')
      .orderBy('s.starts_at', 'desc')
      .limit(200)
      .execute();
  }

  evaluation(bookingId: string, kind: 'after' | 'follow-up', db: Kysely<DB> = this.db) {
    return db
      .selectFrom('training_evaluations')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  /** Attended bookings whose session started on or before `startedBy`, with no follow-up row yet. */
  followUpsToStart(startedBy: Date) {
    return this.db
      .selectFrom('training_bookings as b')
      .innerJoin('training_sessions as s', 's.id', 'b.session_id')
      .innerJoin('training_courses as c', 'c.id', 's.course_id')
      .innerJoin('users as u', 'u.id', 'b.user_id')
      .leftJoin('training_follow_ups as f', 'f.booking_id', 'b.id')
      .select(['b.id', 's.starts_at', 'c.title', 'u.email', 'u.display_name'])
      .where('b.attendance', '=', 'attended')
      .where('s.starts_at', '<=', startedBy)
      .where('f.booking_id', 'is', null)
      .orderBy('s.starts_at')
      .limit(1000)
      .execute();
  }

  /** Follow-up evaluations due for a person and not yet made, for their home page. */
  followUpsDue(userId: string, today: string) {
    return this.db
      .selectFrom('training_follow_ups as f')
      .innerJoin('training_bookings as b', 'b.id', 'f.booking_id')
      .leftJoin('training_evaluations as e', (j) => j.onRef('e.booking_id', '=', 'b.id').on('e.kind', '=', 'follow-up'))
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('b.user_id', '=', userId)
      .where('f.due_on', '<=', today)
      .where('e.id', 'is', null)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  champions(network?: string) {
    let q = this.db.selectFrom('training_champions').selectAll();
    if (network) q = q.where('network', '=', network);
    return q.orderBy('quadrant_code').orderBy('organisation_name').orderBy('name').limit(2000).execute();
  }
}
