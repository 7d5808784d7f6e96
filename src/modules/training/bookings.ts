import { addDays, addMonths, format } from 'date-fns';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { londonDay, todayInLondon } from '../../platform/calendar/london.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import type { DB, TrainingAttendance } from '../../platform/db/schema/index.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { TrainingRefused, type TrainingCore } from './core.ts';
import { whenText, type AfterInput, type FollowUpInput } from './schemas.ts';

const ALREADY = 'You have already booked this session (or are on its waiting list): see your bookings';

/** The practitioner's side: booking, the waiting list, cancelling, attendance (the manager's) and the evaluations. */
export class TrainingBookings {
  constructor(private readonly c: TrainingCore) {}

  /**
   * Books a place, or a place on the waiting list when the session is full. The session's row is locked for the
   * transaction, so bookings of one session are counted one at a time: ten people asking for the last place at once
   * get one place and nine places on the waiting list.
   */
  async book(actor: AuditActor, user: Principal, sessionId: string, now = new Date()) {
    const agency = await this.c.db
      .selectFrom('organisations as o')
      .leftJoin('organisation_types as t', 't.code', 'o.type_code')
      .select(['o.id', 'o.name', 'o.type_code'])
      .where('o.id', '=', user.organisationId)
      .executeTakeFirst();
    const id = newId();
    try {
      return await this.c.db.transaction().execute(async (tx) => {
        const session = await this.c.r.lockSession(tx, sessionId);
        if (!session) return null;
        if (session.status === 'cancelled') throw new TrainingRefused('book', 'This session is cancelled');
        if (session.starts_at <= now) throw new TrainingRefused('book', 'This session has already started');
        if (await this.c.r.liveBooking(tx, sessionId, user.id)) throw new TrainingRefused('book', ALREADY);
        const status = (await this.c.r.countBooked(tx, sessionId)) < session.capacity ? 'booked' : 'waiting';
        await tx
          .insertInto('training_bookings')
          .values({
            id,
            session_id: sessionId,
            user_id: user.id,
            organisation_id: agency?.id ?? null,
            organisation_name: agency?.name ?? '',
            organisation_type: agency?.type_code ?? 'unknown',
            status,
          })
          .execute();
        await this.c.audit.record(
          actor,
          {
            action: status === 'booked' ? 'training.booked' : 'training.waiting-list',
            outcome: 'success',
            subjectType: 'training-session',
            subjectId: sessionId,
            details: { booking: id },
          },
          tx,
        );
        return { id, status };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new TrainingRefused('book', ALREADY);
      throw error;
    }
  }

  /** The booking, if it is the user's own; another person's booking is refused (audited). */
  async own(actor: AuditActor, user: Principal, bookingId: string) {
    const booking = await this.c.r.booking(bookingId);
    if (!booking) return null;
    if (booking.user_id !== user.id)
      await this.c.refuse(
        actor,
        'training-booking',
        'training:book',
        'This is someone else’s booking: only they can change it.',
        bookingId,
      );
    return booking;
  }

  /** Cancels the user's own booking; a place freed goes to the first on the waiting list, who is emailed. */
  async cancel(actor: AuditActor, user: Principal, bookingId: string, now = new Date()): Promise<boolean> {
    const booking = await this.own(actor, user, bookingId);
    if (!booking) return false;
    await this.c.db.transaction().execute(async (tx) => {
      const session = await this.c.r.lockSession(tx, booking.session_id);
      const current = await this.c.r.booking(bookingId, tx);
      if (!session || !current || current.status === 'cancelled')
        throw new TrainingRefused('cancel', 'This booking is already cancelled');
      if (session.starts_at <= now)
        throw new TrainingRefused(
          'cancel',
          'The session has started: ask the trainer to record that you could not come',
        );
      await tx
        .updateTable('training_bookings')
        .set({ status: 'cancelled', cancelled_at: now, version: current.version + 1 })
        .where('id', '=', bookingId)
        .execute();
      await this.c.audit.record(
        actor,
        {
          action: 'training.booking.cancelled',
          outcome: 'success',
          subjectType: 'training-booking',
          subjectId: bookingId,
        },
        tx,
      );
      if (current.status === 'booked') await this.promote(tx, actor, session.id);
    });
    return true;
  }

  /** The first on the waiting list takes the place freed, and is told by email. */
  private async promote(tx: Kysely<DB>, actor: AuditActor, sessionId: string) {
    const next = await this.c.r.firstWaiting(tx, sessionId);
    if (!next) return;
    await tx
      .updateTable('training_bookings')
      .set({ status: 'booked', version: next.version + 1 })
      .where('id', '=', next.id)
      .execute();
    await this.c.audit.record(
      actor,
      { action: 'training.promoted', outcome: 'success', subjectType: 'training-booking', subjectId: next.id },
      tx,
    );
    const [session] = await this.c.r.sessions({ id: sessionId }, tx);
    const person = await tx
      .selectFrom('users')
      .select(['email', 'display_name'])
      .where('id', '=', next.user_id)
      .executeTakeFirst();
    if (!session || !person) return;
    await this.c.deps.notify.sendEmail(
      {
        template: 'training-place-offered',
        to: person.email,
        subject: `You have a place: ${session.title}`,
        body:
          `Dear ${person.display_name},\n\nA place came free on “${session.title}” on ${whenText(session.starts_at)}, ` +
          `and it is yours. If you cannot come, cancel it so the next person can: ${this.c.link('/training')}`,
      },
      tx,
    );
  }

  /** The manager records who attended; only those with a place, once the session has started. */
  async recordAttendance(
    actor: AuditActor,
    user: Principal,
    sessionId: string,
    marks: Map<string, TrainingAttendance>,
    now = new Date(),
  ) {
    await this.c.toManage(actor, user, 'training-session', 'record attendance');
    const [session] = await this.c.r.sessions({ id: sessionId });
    if (!session) return false;
    if (session.starts_at > now)
      throw new TrainingRefused('attendance', 'Attendance can be recorded once the session has started');
    const booked = new Set((await this.c.r.people(sessionId)).filter((p) => p.status === 'booked').map((p) => p.id));
    for (const id of marks.keys())
      if (!booked.has(id)) throw new TrainingRefused('attendance', 'Record attendance only for people with a place');
    await this.c.write(
      actor,
      {
        action: 'training.attendance.recorded',
        subjectType: 'training-session',
        subjectId: sessionId,
        details: { marked: marks.size },
      },
      async (tx) => {
        for (const [id, attendance] of marks)
          await tx
            .updateTable('training_bookings')
            .set((eb) => ({
              attendance,
              attendance_recorded_at: now,
              attendance_recorded_by: user.id,
              version: eb('version', '+', 1),
            }))
            .where('id', '=', id)
            .execute();
      },
    );
    return true;
  }

  /** Whether the user may give this evaluation now, and why not: attended, in its window, not given yet. */
  async evaluationWindow(user: Principal, bookingId: string, kind: 'after' | 'follow-up', today = todayInLondon()) {
    const booking = await this.c.r.booking(bookingId);
    if (!booking || booking.user_id !== user.id) return { problem: 'not-yours' as const };
    const [session] = await this.c.r.sessions({ id: booking.session_id });
    if (!session) return { problem: 'not-yours' as const };
    const { evaluation } = await this.c.deps.settings();
    const day = londonDay(session.starts_at);
    const opens = kind === 'after' ? day : iso(addMonths(new Date(`${day}T12:00:00Z`), evaluation.followUpAfterMonths));
    const closes = iso(
      addDays(
        new Date(`${opens}T12:00:00Z`),
        kind === 'after' ? evaluation.afterWithinDays : evaluation.followUpWithinDays,
      ),
    );
    const reason =
      booking.attendance !== 'attended'
        ? 'Only people recorded as having attended the session can evaluate it'
        : (await this.c.r.evaluation(bookingId, kind))
          ? 'You have already given this evaluation: thank you'
          : today < opens
            ? `This evaluation opens on ${long(opens)}`
            : today > closes
              ? `This evaluation closed on ${long(closes)}`
              : null;
    return { problem: null, reason, session, opens, closes };
  }

  async evaluate(
    actor: AuditActor,
    user: Principal,
    bookingId: string,
    input: { kind: 'after'; data: AfterInput } | { kind: 'follow-up'; data: FollowUpInput },
  ) {
    const booking = await this.own(actor, user, bookingId);
    if (!booking) return false;
    const window = await this.evaluationWindow(user, bookingId, input.kind);
    if (window.reason) throw new TrainingRefused(input.kind === 'after' ? 'outcomesMet' : 'impact', window.reason);
    const values =
      input.kind === 'after'
        ? {
            outcomes_met: input.data.outcomesMet,
            confidence_before: input.data.confidenceBefore,
            confidence_after: input.data.confidenceAfter,
            comment: input.data.comment,
            impact: null,
          }
        : { impact: input.data.impact, comment: input.data.comment };
    try {
      await this.c.write(
        actor,
        { action: `training.evaluation.${input.kind}`, subjectType: 'training-booking', subjectId: bookingId },
        (tx) =>
          tx
            .insertInto('training_evaluations')
            .values({ id: newId(), booking_id: bookingId, kind: input.kind, ...values })
            .execute(),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new TrainingRefused('comment', 'You have already given this evaluation: thank you');
      throw error;
    }
    return true;
  }

  /**
   * The daily job: each attended session whose follow-up interval has passed gets its follow-up row and one email.
   * The row's primary key makes it idempotent: a second run (or a second instance) finds nothing to do.
   */
  async startFollowUps(today = todayInLondon()): Promise<number> {
    const { evaluation } = await this.c.deps.settings();
    const startedBy = addDays(addMonths(new Date(`${today}T12:00:00Z`), -evaluation.followUpAfterMonths), 1);
    let sent = 0;
    for (const b of await this.c.r.followUpsToStart(startedBy)) {
      const dueOn = iso(addMonths(new Date(`${londonDay(b.starts_at)}T12:00:00Z`), evaluation.followUpAfterMonths));
      if (dueOn > today) continue;
      await this.c.db.transaction().execute(async (tx) => {
        const made = await tx
          .insertInto('training_follow_ups')
          .values({ booking_id: b.id, due_on: dueOn })
          .onConflict((oc) => oc.column('booking_id').doNothing())
          .returning('booking_id')
          .execute();
        if (!made.length) return;
        sent++;
        await this.c.deps.notify.sendEmail(
          {
            template: 'training-follow-up-due',
            to: b.email,
            subject: `How has “${b.title}” changed your practice?`,
            body:
              `Dear ${b.display_name},\n\nSome months ago you attended “${b.title}”. Tell us how it has changed your ` +
              `practice: it takes two minutes. ${this.c.link(`/training/bookings/${b.id}/follow-up`)}`,
          },
          tx,
        );
      });
    }
    return sent;
  }
}

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const long = (day: string) => format(new Date(`${day}T12:00:00Z`), 'd MMMM yyyy');
