import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { londonDay } from '../../../platform/calendar/london.ts';
import type { WorkingCalendar } from '../../../platform/calendar/working-time.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { MaracSettings } from '../../reference/index.ts';
import { MARAC_CASE, type MaracAccess } from '../access.ts';
import { plannedMeetings } from './calendar.ts';
import { MaracMeetingRepository } from './repository.ts';
import type { ResearchInput } from './schemas.ts';
import { MaracRefused } from './errors.ts';

export { MaracRefused };

export const MARAC_MEETING = 'marac-meeting';

export interface MaracMeetingDeps {
  access: MaracAccess;
  settings: () => Promise<MaracSettings>;
  calendar: () => Promise<WorkingCalendar>;
}

/** How far ahead meetings are planned when a page or a referral needs them. */
const PLAN_DAYS = 21;

/**
 * MARAC's meetings (seed 002: "a twice daily meeting of dedicated multi agency professionals"): planned from the
 * tenant's slots (twice each weekday in Essex, never on a bank holiday) and made when first needed; each new case is
 * listed on the first meeting at least the research hours after its referral; the coordinator lists, moves and
 * relists cases by hand. Before the meeting each standing agency researches each case; at the meeting the
 * coordinator records the agencies present and the discussion of each case. Every read and change is audited.
 */
export class MaracMeetingService {
  private readonly repository: MaracMeetingRepository;

  constructor(
    readonly db: Kysely<DB>,
    readonly audit: AuditLog,
    readonly deps: MaracMeetingDeps,
  ) {
    this.repository = new MaracMeetingRepository(db);
  }

  /** Makes the planned meetings from `from`'s day for the next weeks; idempotent (starts_at is unique). */
  async ensureMeetings(tx: Kysely<DB>, from: Date, days = PLAN_DAYS): Promise<void> {
    const { meetings } = await this.deps.settings();
    const calendar = await this.deps.calendar();
    const planned = plannedMeetings(meetings, londonDay(from), days, (d) => calendar.isBankHoliday(d));
    if (!planned.length) return;
    await tx
      .insertInto('marac_meetings')
      .values(planned.map((p) => ({ id: newId(), starts_at: p.startsAt, slot: p.slot, updated_at: new Date() })))
      .onConflict((oc) => oc.column('starts_at').doNothing())
      .execute();
  }

  /**
   * Lists a new case on the first meeting starting at least the research hours after its referral (the cases
   * module calls this when a case is referred). A case already waiting on a meeting not yet heard stays there.
   */
  async listOnNextMeeting(tx: Kysely<DB>, caseId: string, referredAt: Date, listedBy: string | null = null) {
    const waiting = await tx
      .selectFrom('marac_hearings')
      .select('meeting_id')
      .where('case_id', '=', caseId)
      .where('heard_at', 'is', null)
      .executeTakeFirst();
    if (waiting) return waiting.meeting_id;
    const { researchHours } = (await this.deps.settings()).meetings;
    const earliest = new Date(referredAt.getTime() + researchHours * 3_600_000);
    await this.ensureMeetings(tx, referredAt);
    const meeting = await tx
      .selectFrom('marac_meetings')
      .select('id')
      .where('starts_at', '>=', earliest)
      .where('status', '=', 'planned')
      .orderBy('starts_at')
      .limit(1)
      .executeTakeFirstOrThrow();
    await this.insertHearing(tx, meeting.id, caseId, listedBy);
    return meeting.id;
  }

  private async insertHearing(tx: Kysely<DB>, meetingId: string, caseId: string, listedBy: string | null) {
    const last = await tx
      .selectFrom('marac_hearings')
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(-1)).as('p'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('marac_hearings')
      .values({
        id: newId(),
        case_id: caseId,
        meeting_id: meetingId,
        listed_by: listedBy,
        position: Number(last.p) + 1,
        updated_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['case_id', 'meeting_id']).doNothing())
      .execute();
    await tx
      .updateTable('marac_cases')
      .set({ status: 'listed' })
      .where('id', '=', caseId)
      .where('status', '=', 'referred')
      .execute();
  }

  /** The meetings still to come, for moving a case. */
  upcoming(from = new Date()) {
    return this.repository.upcoming(from);
  }

  /** A case's hearings, newest meeting first. */
  hearingsOf(caseId: string) {
    return this.repository.hearingsOf(caseId);
  }

  hearing(meetingId: string, caseId: string) {
    return this.repository.hearing(meetingId, caseId);
  }

  /** The next meeting (made first if need be). */
  async next(now = new Date()) {
    await this.ensureMeetings(this.db, now);
    return this.repository.next(now);
  }

  async mustTakePart(actor: AuditActor, user: Principal, subjectId: string | null, action = 'marac:take-part') {
    if (can(user, action as 'marac:take-part').allowed) return;
    await this.denied(actor, MARAC_MEETING, subjectId, action);
    throw new AccessDenied('Only the MARAC coordinators can do that.');
  }

  denied(actor: AuditActor, type: string, id: string | null, action: string) {
    return this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: type,
      ...(id ? { subjectId: id } : {}),
      details: { action },
    });
  }

  /**
   * A meeting's list as this user may see it: the cases in order with their reference, repeat flag, risk basis and
   * how many agencies have researched; for a representative, what their agency still has to research. Audited.
   * Every read at once (for a meeting that does not exist the others find nothing, and nothing is shown).
   */
  async view(actor: AuditActor, user: Principal, id: string) {
    if (!isUuid(id)) return null;
    const coordinator = can(user, 'marac:coordinate').allowed;
    const [meeting, rows, myAgencies, settings, upcoming, unlisted] = await Promise.all([
      this.repository.meeting(id),
      this.deps.access.visibleTo(user).then((visible) => this.repository.list(id, visible)),
      this.deps.access.agenciesOf(user),
      this.deps.settings(),
      coordinator ? this.repository.upcoming(new Date()) : [],
      coordinator ? this.repository.unlisted(id) : [],
    ]);
    if (!meeting) return null;
    const toResearch = (r: (typeof rows)[number]) => myAgencies.filter((a) => !r.researched.includes(a));
    const list = rows.map((r) => ({ ...r, toResearch: r.heard_at ? [] : toResearch(r) }));
    await this.audit.record(actor, {
      action: 'marac-meeting.viewed',
      outcome: 'allowed',
      subjectType: MARAC_MEETING,
      subjectId: id,
      details: { caseIds: list.map((c) => c.id) },
    });
    return { meeting, list, myAgencies, agencies: settings.agencies, coordinator, upcoming, unlisted };
  }

  /** One case at a meeting: its hearing, each agency's research, and what the user's agencies may still record. */
  async caseAt(actor: AuditActor, user: Principal, meetingId: string, caseId: string) {
    const meeting = isUuid(meetingId) ? await this.repository.meeting(meetingId) : undefined;
    const hearing = meeting ? await this.repository.hearing(meetingId, caseId) : undefined;
    const row = hearing ? await this.repository.caseRow(caseId) : undefined;
    if (!meeting || !hearing || !row) return null;
    const [research, myAgencies, settings] = await Promise.all([
      this.repository.research(hearing.id),
      this.deps.access.agenciesOf(user),
      this.deps.settings(),
    ]);
    await this.audit.record(actor, {
      action: 'marac-case.viewed',
      outcome: 'allowed',
      subjectType: MARAC_CASE,
      subjectId: caseId,
      details: { meetingId, view: 'meeting' },
    });
    const coordinator = can(user, 'marac:coordinate').allowed;
    const done = new Set(research.map((r) => r.agency));
    const speaksFor = coordinator ? settings.agencies.map((a) => a.code) : myAgencies;
    const mayResearch = speaksFor.filter((a) => !done.has(a));
    return { meeting, hearing, row, research, speaksFor, mayResearch, agencies: settings.agencies, coordinator };
  }

  /**
   * An agency's research for a case before its meeting, once per agency: by a representative of that agency or a
   * coordinator. A change to research already recorded carries the version the form showed.
   */
  async recordResearch(actor: AuditActor, user: Principal, meetingId: string, caseId: string, input: ResearchInput) {
    const coordinator = can(user, 'marac:coordinate').allowed;
    if (!coordinator && !(await this.deps.access.agenciesOf(user)).includes(input.agency)) {
      await this.denied(actor, MARAC_CASE, caseId, 'marac:research');
      throw new MaracRefused('agency', 'You can record research only for the agency you speak for at MARAC');
    }
    const hearing = await this.repository.hearing(meetingId, caseId);
    if (!hearing) throw new MaracRefused('agency', 'This case is not on this meeting’s list');
    const information = input.known === 'yes' ? input.information : input.information || null;
    await this.db.transaction().execute(async (tx) => {
      if (input.version === undefined) {
        await tx
          .insertInto('marac_research')
          .values({
            id: newId(),
            hearing_id: hearing.id,
            agency: input.agency,
            known: input.known === 'yes',
            information,
            recorded_by: user.id,
            updated_at: new Date(),
          })
          .execute()
          .catch((error: unknown) => {
            if (isUniqueViolation(error))
              throw new MaracRefused('agency', 'This agency’s research for the case is already recorded');
            throw error;
          });
      } else {
        const updated = await tx
          .updateTable('marac_research')
          .set((eb) => ({
            known: input.known === 'yes',
            information,
            recorded_by: user.id,
            updated_at: new Date(),
            version: eb('version', '+', 1),
          }))
          .where('hearing_id', '=', hearing.id)
          .where('agency', '=', input.agency)
          .where('version', '=', input.version!)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This research');
      }
      await this.audit.record(
        actor,
        {
          action: 'marac-case.research-recorded',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { meetingId, agency: input.agency, known: input.known === 'yes' },
        },
        tx,
      );
    });
  }

  /** The agencies present at a meeting (coordinators); the meeting is held from then on. */
  async recordPresent(actor: AuditActor, user: Principal, meetingId: string, agencies: string[], version: number) {
    await this.mustTakePart(actor, user, meetingId, 'marac:coordinate');
    await this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('marac_meetings')
        .set((eb) => ({
          agencies_present: agencies,
          chaired_by: user.id,
          status: 'held',
          updated_at: new Date(),
          updated_by: user.id,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', meetingId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This meeting');
      await this.audit.record(
        actor,
        {
          action: 'marac-meeting.present-recorded',
          outcome: 'success',
          subjectType: MARAC_MEETING,
          subjectId: meetingId,
          details: { agencies },
        },
        tx,
      );
    });
  }

  /** The meeting's discussion of a case (coordinators): the case is heard. */
  async recordDiscussion(
    actor: AuditActor,
    user: Principal,
    meetingId: string,
    caseId: string,
    input: { discussion: string; version: number },
  ) {
    await this.mustTakePart(actor, user, caseId, 'marac:coordinate');
    await this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('marac_hearings')
        .set((eb) => ({
          discussion: input.discussion,
          heard_at: eb.fn.coalesce('heard_at', eb.val(new Date())),
          heard_by: user.id,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('meeting_id', '=', meetingId)
        .where('case_id', '=', caseId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This discussion');
      await tx
        .updateTable('marac_cases')
        .set({ status: 'heard' })
        .where('id', '=', caseId)
        .where('status', 'in', ['referred', 'listed'])
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'marac-case.heard',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { meetingId },
        },
        tx,
      );
    });
  }

  /**
   * Lists a case on a meeting by hand (coordinators): a new case the hook missed, or a case relisted for a review
   * of its safety action plan. Listing it twice on one meeting changes nothing.
   */
  async listCase(actor: AuditActor, user: Principal, meetingId: string, caseId: string) {
    await this.mustTakePart(actor, user, meetingId, 'marac:coordinate');
    const [meeting, row] = await Promise.all([this.repository.meeting(meetingId), this.repository.caseRow(caseId)]);
    if (!meeting || !row) throw new MaracRefused('caseId', 'Select a case');
    if (row.status === 'closed') throw new MaracRefused('caseId', 'That case is closed');
    await this.db.transaction().execute(async (tx) => {
      await this.insertHearing(tx, meetingId, caseId, user.id);
      await this.audit.record(
        actor,
        {
          action: 'marac-case.listed',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { meetingId },
        },
        tx,
      );
    });
  }

  /** Moves a case not yet heard to another meeting (coordinators); its research moves with it. */
  async moveCase(actor: AuditActor, user: Principal, meetingId: string, caseId: string, toMeetingId: string) {
    await this.mustTakePart(actor, user, meetingId, 'marac:coordinate');
    const to = await this.repository.meeting(toMeetingId);
    if (!to || to.status !== 'planned') throw new MaracRefused('meetingId', 'Select a meeting that is still to come');
    await this.db.transaction().execute(async (tx) => {
      const moved = await tx
        .updateTable('marac_hearings')
        .set({ meeting_id: toMeetingId, updated_at: new Date() })
        .where('meeting_id', '=', meetingId)
        .where('case_id', '=', caseId)
        .where('heard_at', 'is', null)
        .executeTakeFirst()
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new MaracRefused('meetingId', 'The case is already on that meeting');
          throw error;
        });
      if (Number(moved.numUpdatedRows) === 0)
        throw new MaracRefused('meetingId', 'Only a case not yet heard can be moved');
      await this.audit.record(
        actor,
        {
          action: 'marac-case.moved',
          outcome: 'success',
          subjectType: MARAC_CASE,
          subjectId: caseId,
          details: { from: meetingId, to: toMeetingId },
        },
        tx,
      );
    });
  }
}
