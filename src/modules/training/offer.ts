import type { AuditActor } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { TrainingRefused, type TrainingCore } from './core.ts';
import { whenText, type ChampionInput, type CourseInput, type SessionInput } from './schemas.ts';

/** The Board manager's side of the offer: courses, sessions (and cancelling one), and the champions networks. */
export class TrainingOffer {
  constructor(private readonly c: TrainingCore) {}

  private async checkCourse(input: CourseInput) {
    const s = await this.c.deps.settings();
    if (!s.themes.some((t) => t.code === input.theme)) throw new TrainingRefused('theme', 'Select the course’s theme');
    if (!s.levels.some((l) => l.code === input.level)) throw new TrainingRefused('level', 'Select the course’s level');
  }

  async addCourse(actor: AuditActor, user: Principal, input: CourseInput): Promise<string> {
    await this.c.toManage(actor, user, 'training-course', 'add a course');
    await this.checkCourse(input);
    const id = newId();
    await this.c.write(
      actor,
      { action: 'training.course.added', subjectType: 'training-course', subjectId: id },
      (tx) =>
        tx
          .insertInto('training_courses')
          .values({ id, ...row(input), created_by: user.id, updated_by: user.id })
          .execute(),
    );
    return id;
  }

  async editCourse(actor: AuditActor, user: Principal, id: string, version: number, input: CourseInput) {
    await this.c.toManage(actor, user, 'training-course', 'change a course');
    await this.checkCourse(input);
    await this.c.write(
      actor,
      { action: 'training.course.changed', subjectType: 'training-course', subjectId: id },
      (tx) => updateVersioned(tx, 'training_courses', { id, version, by: user.id, what: 'The course' }, row(input)),
    );
  }

  async addSession(actor: AuditActor, user: Principal, input: SessionInput): Promise<string> {
    await this.c.toManage(actor, user, 'training-session', 'add a session');
    const course = await this.c.r.course(input.courseId);
    if (!course || !course.active) throw new TrainingRefused('courseId', 'Select a course that is offered now');
    if (input.quadrant && !(await this.quadrantCodes()).includes(input.quadrant))
      throw new TrainingRefused('quadrant', 'Select the quadrant, or none');
    const id = newId();
    await this.c.write(
      actor,
      { action: 'training.session.added', subjectType: 'training-session', subjectId: id },
      (tx) =>
        tx
          .insertInto('training_sessions')
          .values({
            id,
            course_id: input.courseId,
            starts_at: input.startsAt,
            duration_minutes: input.durationMinutes,
            online: input.online,
            venue: input.venue,
            capacity: input.capacity,
            trainer: input.trainer,
            quadrant_code: input.quadrant,
            created_by: user.id,
            updated_by: user.id,
          })
          .execute(),
    );
    return id;
  }

  /** Cancels a session and emails everyone booked or waiting, in the same transaction. */
  async cancelSession(actor: AuditActor, user: Principal, id: string, version: number): Promise<number> {
    await this.c.toManage(actor, user, 'training-session', 'cancel a session');
    const [session] = await this.c.r.sessions({ id });
    if (!session) return -1;
    if (session.status === 'cancelled') throw new TrainingRefused('version', 'The session is already cancelled');
    const people = await this.c.r.people(id);
    return this.c.write(
      actor,
      { action: 'training.session.cancelled', subjectType: 'training-session', subjectId: id },
      async (tx) => {
        await updateVersioned(
          tx,
          'training_sessions',
          { id, version, by: user.id, what: 'The session' },
          { status: 'cancelled', cancelled_at: new Date() },
        );
        await tx
          .updateTable('training_bookings')
          .set({ status: 'cancelled', cancelled_at: new Date(), version: (eb) => eb('version', '+', 1) })
          .where('session_id', '=', id)
          .where('status', '<>', 'cancelled')
          .execute();
        for (const p of people)
          await this.c.deps.notify.sendEmail(
            {
              template: 'training-session-cancelled',
              to: p.email,
              subject: `Cancelled: ${session.title}`,
              body:
                `Dear ${p.display_name},\n\nThe training session “${session.title}” on ${whenText(session.starts_at)} ` +
                `is cancelled. Your ${p.status === 'booked' ? 'place' : 'place on the waiting list'} is cancelled ` +
                `with it.\n\nOther sessions: ${this.c.link('/training')}`,
            },
            tx,
          );
        return people.length;
      },
    );
  }

  async addChampion(actor: AuditActor, user: Principal, input: ChampionInput): Promise<string> {
    await this.c.toManage(actor, user, 'training-champion', 'add a champion');
    const s = await this.c.deps.settings();
    if (!s.networks.some((n) => n.code === input.network)) throw new TrainingRefused('network', 'Select the network');
    if (!(await this.quadrantCodes()).includes(input.quadrant))
      throw new TrainingRefused('quadrant', 'Select the quadrant');
    let organisationName = input.organisationName;
    if (input.organisationId) {
      const org = await this.c.db
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', input.organisationId)
        .executeTakeFirst();
      if (!org) throw new TrainingRefused('organisationId', 'Select the organisation, or type its name');
      organisationName = org.name;
    }
    const id = newId();
    await this.c.write(
      actor,
      { action: 'training.champion.added', subjectType: 'training-champion', subjectId: id },
      (tx) =>
        tx
          .insertInto('training_champions')
          .values({
            id,
            network: input.network,
            name: input.name,
            organisation_id: input.organisationId,
            organisation_name: organisationName,
            quadrant_code: input.quadrant,
            started_on: input.startedOn,
            ended_on: input.endedOn,
            created_by: user.id,
            updated_by: user.id,
          })
          .execute(),
    );
    return id;
  }

  /** Each network by quadrant: the champions serving today, the count, and the quadrants with none (the gaps). */
  async networks(today: string) {
    const [s, quadrants, champions] = await Promise.all([
      this.c.deps.settings(),
      this.quadrants(),
      this.c.r.champions(),
    ]);
    return s.networks.map((n) => {
      const serving = champions.filter(
        (c) => c.network === n.code && c.started_on <= today && (!c.ended_on || c.ended_on >= today),
      );
      const byQuadrant = quadrants.map((q) => ({
        ...q,
        champions: serving.filter((c) => c.quadrant_code === q.code),
      }));
      return {
        ...n,
        total: serving.length,
        quadrants: byQuadrant,
        gaps: byQuadrant.filter((q) => !q.champions.length).map((q) => q.name),
        past: champions.filter((c) => c.network === n.code && !serving.includes(c)),
      };
    });
  }

  quadrants() {
    return this.c.db.selectFrom('quadrants').select(['code', 'name']).orderBy('sort_order').execute();
  }
  private async quadrantCodes() {
    return (await this.quadrants()).map((q) => q.code);
  }
  organisations() {
    return this.c.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('is_active', '=', true)
      .orderBy('name')
      .execute();
  }
}

const row = (input: CourseInput) => ({
  title: input.title,
  theme: input.theme,
  level: input.level,
  audience: input.audience,
  outcomes: input.outcomes,
  active: input.active,
});
