import type { AuditActor } from '../../../platform/audit/audit.ts';
import { londonDay } from '../../../platform/calendar/london.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { AccessDenied } from '../../../platform/permissions/denied.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { RestrictedRecordDenied } from '../../exploitation/index.ts';
import { Mace1MeetingsRepository } from './meetings-repository.ts';
import type { DiscussionInput, MeetingInput } from './schemas.ts';
import { MACE1_CASE, type Mace1Service } from './service.ts';

export const MACE1_MEETING = 'mace1-meeting';

type Meeting = NonNullable<Awaited<ReturnType<Mace1MeetingsRepository['meeting']>>>;

/**
 * MACE 1's meetings, per quadrant: a coordinator schedules them; the agenda is built from the cases due (new cases
 * not yet discussed, open cases whose review date is on or before the meeting), and the coordinator adds or takes
 * off a case. Each agency records its information about a case before or at the meeting; at the meeting the
 * coordinator records the discussion, the risk level, and the next review or the child's exit with its reason.
 * The panel of the meeting's quadrant sees the meeting ('mace:take-part' and sitting on the panel); audited.
 */
export class Mace1MeetingsService {
  private readonly repository: Mace1MeetingsRepository;

  constructor(private readonly cases: Mace1Service) {
    this.repository = new Mace1MeetingsRepository(cases.db);
  }

  async schedule(actor: AuditActor, user: Principal, input: MeetingInput): Promise<string> {
    await this.cases.mustCoordinate(actor, user, MACE1_MEETING, null);
    const id = newId();
    await this.cases.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('mace1_meetings')
        .values({
          id,
          quadrant_id: input.quadrantId,
          starts_at: input.startsAt,
          place: input.place,
          online: input.online,
          chair: input.chair,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .execute();
      await this.cases.audit.record(
        actor,
        {
          action: 'mace1-meeting.scheduled',
          outcome: 'success',
          subjectType: MACE1_MEETING,
          subjectId: id,
          details: { quadrantId: input.quadrantId },
        },
        tx,
      );
    });
    return id;
  }

  /** The meetings of the user's panels. */
  async list(user: Principal) {
    return this.repository.meetings(await this.cases.deps.panels.quadrantIdsOf(user));
  }

  /** A meeting the user's panel holds, else refused (audited): a restricted record for everyone else. */
  async open(actor: AuditActor, user: Principal, id: string): Promise<Meeting | null> {
    const meeting = isUuid(id) ? await this.repository.meeting(id) : undefined;
    if (!meeting) return null;
    if (!can(user, 'mace:take-part').allowed || !(await this.cases.deps.panels.sitsOn(user, meeting.quadrant_id))) {
      await this.cases.denied(actor, MACE1_MEETING, id, 'mace:take-part');
      throw new RestrictedRecordDenied((await this.cases.settings()).askAbout);
    }
    return meeting;
  }

  /** The meeting with its agenda, each case saying why it is there. Audited with the cases shown. */
  async view(actor: AuditActor, user: Principal, id: string) {
    const meeting = await this.open(actor, user, id);
    if (!meeting) return null;
    const day = londonDay(meeting.starts_at);
    const agenda = (await this.repository.agenda(meeting, day)).map((c) => ({
      ...c,
      why: c.discussed_outcome
        ? 'Discussed'
        : c.is_new
          ? 'New case'
          : c.review_on && c.review_on <= day
            ? 'Review due'
            : 'Added by the coordinator',
    }));
    const onAgenda = new Set(agenda.map((c) => c.id));
    const coordinator = can(user, 'mace:coordinate').allowed;
    const others = coordinator
      ? (await this.repository.openCases(meeting.quadrant_id)).filter((c) => !onAgenda.has(c.id))
      : [];
    await this.cases.audit.record(actor, {
      action: 'mace1-meeting.viewed',
      outcome: 'allowed',
      subjectType: MACE1_MEETING,
      subjectId: id,
      details: { caseIds: agenda.map((c) => c.id) },
    });
    return { meeting, agenda, others, coordinator };
  }

  /** Adds a case of the meeting's quadrant to its agenda, or takes one off. Coordinators only. */
  async changeAgenda(actor: AuditActor, user: Principal, meetingId: string, caseId: string, include: boolean) {
    await this.cases.mustCoordinate(actor, user, MACE1_MEETING, meetingId);
    const meeting = await this.open(actor, user, meetingId);
    const found = await this.cases.access(actor, user, caseId);
    if (!meeting || !found || found.row.quadrant_id !== meeting.quadrant_id)
      throw new AccessDenied('That case is not one of this quadrant’s.');
    await this.repository.setAgenda(meetingId, caseId, include, user.id);
    await this.cases.audit.record(actor, {
      action: include ? 'mace1-meeting.case-added' : 'mace1-meeting.case-removed',
      outcome: 'success',
      subjectType: MACE1_MEETING,
      subjectId: meetingId,
      details: { caseId },
    });
  }

  /** One case at one meeting: the agencies' information for it and the discussion, if recorded. Audited. */
  async caseAt(actor: AuditActor, user: Principal, meetingId: string, caseId: string) {
    const meeting = await this.open(actor, user, meetingId);
    if (!meeting) return null;
    const row = await this.cases.mustSitOn(actor, user, caseId);
    if (row.quadrant_id !== meeting.quadrant_id) return null;
    const [information, discussion, actions] = await Promise.all([
      this.repository.information(caseId, meetingId),
      this.repository.discussion(caseId, meetingId),
      this.cases.planActions(caseId),
    ]);
    await this.cases.audit.record(actor, {
      action: 'mace1-case.viewed',
      outcome: 'allowed',
      subjectType: MACE1_CASE,
      subjectId: caseId,
      details: { meetingId, view: 'meeting' },
    });
    return { meeting, row, information, discussion, actions, coordinator: can(user, 'mace:coordinate').allowed };
  }

  /** An agency's information about a case for a meeting: the member's organisation, who and when. */
  async recordInformation(actor: AuditActor, user: Principal, meetingId: string, caseId: string, information: string) {
    const meeting = await this.open(actor, user, meetingId);
    const row = await this.cases.mustSitOn(actor, user, caseId);
    if (!meeting || row.quadrant_id !== meeting.quadrant_id)
      throw new AccessDenied('That case is not one of this quadrant’s.');
    const id = newId();
    await this.cases.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('mace1_agency_information')
        .values({
          id,
          case_id: caseId,
          meeting_id: meetingId,
          organisation_id: user.organisationId,
          information,
          recorded_by: user.id,
        })
        .execute();
      await this.cases.audit.record(
        actor,
        {
          action: 'mace1-case.information-recorded',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: caseId,
          details: { meetingId, informationId: id },
        },
        tx,
      );
    });
    return id;
  }

  /**
   * The meeting's discussion of a case: the summary and risk level, and the next review date or the child's exit
   * with its reason. The case's version is the one the form showed: someone else's change meanwhile throws
   * StaleVersionError and nothing is saved. Coordinators record it.
   */
  async recordDiscussion(
    actor: AuditActor,
    user: Principal,
    meetingId: string,
    caseId: string,
    input: DiscussionInput,
  ) {
    await this.cases.mustCoordinate(actor, user, MACE1_CASE, caseId);
    const meeting = await this.open(actor, user, meetingId);
    const row = await this.cases.mustSitOn(actor, user, caseId);
    if (!meeting || row.quadrant_id !== meeting.quadrant_id)
      throw new AccessDenied('That case is not one of this quadrant’s.');
    const exitReasons = (await this.cases.settings()).exitReasons.map((r) => r.code);
    if (input.exitReason && !exitReasons.includes(input.exitReason)) throw new AccessDenied('Unknown exit reason.');
    const exit = input.outcome === 'exit';
    await this.cases.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('mace1_cases')
        .set((eb) => ({
          risk_level: input.riskLevel,
          review_on: exit ? null : input.nextReviewOn,
          status: exit ? 'exited' : 'open',
          exit_reason: exit ? input.exitReason : null,
          exited_on: exit ? londonDay(meeting.starts_at) : null,
          updated_by: actor.userId,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', caseId)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StaleVersionError('This case');
      const values = {
        summary: input.summary,
        risk_level: input.riskLevel,
        outcome: input.outcome,
        next_review_on: input.nextReviewOn,
        exit_reason: input.exitReason,
        updated_by: actor.userId,
      };
      await tx
        .insertInto('mace1_discussions')
        .values({ meeting_id: meetingId, case_id: caseId, ...values, created_by: actor.userId })
        .onConflict((oc) =>
          oc.columns(['meeting_id', 'case_id']).doUpdateSet((eb) => ({
            ...values,
            updated_at: new Date(),
            version: eb('mace1_discussions.version', '+', 1),
          })),
        )
        .execute();
      await this.cases.audit.record(
        actor,
        {
          action: exit ? 'mace1-case.exited' : 'mace1-case.reviewed',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: caseId,
          details: { meetingId, riskLevel: input.riskLevel, exitReason: input.exitReason },
        },
        tx,
      );
    });
  }
}
