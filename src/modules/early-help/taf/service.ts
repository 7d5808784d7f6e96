import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { familyLocator } from '../records.ts';
import { eachMonthOfInterval, format, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB, PlanActionStatus, TafAttendance, TafSupportKind } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { EarlyHelpDenied, EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';
import type { PlanService } from '../plan/service.ts';
import { TafRepository } from './repository.ts';
import {
  ATTENDANCE,
  SUPPORT_KINDS,
  londonDay,
  type MeetingInput,
  type RecordInput,
  type SupportInput,
} from './schemas.ts';

/** The Early Help Plan changed after the record form listed its actions: nothing is saved, the form is shown again with the plan as it is now. */
export class TafPlanChanged extends Error {
  constructor() {
    super(
      'The family’s Early Help Plan has changed since this form was shown, so nothing has been saved. The plan’s actions are shown as they are now, with what you typed: check them and save again.',
    );
  }
}

/** Several things are wrong with a form at once: each is shown on its field. */
export class TafProblems extends Error {
  constructor(readonly problems: { field: string; text: string }[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
/** '3 June 2026 at 2:30pm', in England. */
export const meetingWhen = (at: Date) =>
  `${londonDate.format(at)} at ${londonClock
    .format(at)
    .replace(/\s?([ap])m$/i, '$1m')
    .toLowerCase()}`;
const dayName = (day: string) => format(parseISO(day), 'd MMMM yyyy');
const personName = (p: { first_name: string | null; last_name: string | null }) =>
  `${p.first_name ?? ''} ${p.last_name ?? ''}`.trim();

export interface SupportFigures {
  from: string;
  to: string;
  kinds: { code: TafSupportKind; name: string }[];
  months: { month: string; label: string; counts: Record<TafSupportKind, number>; total: number }[];
  totals: Record<TafSupportKind, number>;
  total: number;
}

/**
 * Team Around the Family meetings of an early help episode (issue 7) and the TAF Support Officers'
 * support log. Meetings are the family's record: reads go through EarlyHelpService.family() (the
 * policy by involvement, with break-glass) and changes need record:edit (lead professional or
 * allocated worker). Inviting a practitioner makes them a TAF member of the episode, and a change of
 * lead professional agreed at a meeting is written by EarlyHelpService, in the meeting's transaction.
 * Emails carry a date and a link only: nothing about the family leaves Hearth by email.
 */
export class TafService {
  readonly repository: TafRepository;
  /** How meeting routes find the family they are about: by the meeting's id. */
  readonly families: { byMeeting: RecordLocator };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly notify: Notify,
    private readonly deps: { earlyHelp: EarlyHelpService; reference: ReferenceService; plans: PlanService },
    private readonly options: { publicUrl: string },
  ) {
    this.repository = new TafRepository(db);
    this.families = {
      byMeeting: familyLocator(deps.earlyHelp.involvementsIn.bind(deps.earlyHelp), async (id) => {
        return (await this.repository.meeting(id))?.family_id;
      }),
    };
  }

  // ---- Meetings ----

  /** The family's meetings and the episode they would be scheduled in, if the viewer may see the family. */
  async meetingsOf(viewer: Principal, familyId: string) {
    const record = await this.deps.earlyHelp.family(viewer, familyId);
    if (!record) return null;
    const meetings = await this.repository.meetingsOf(familyId);
    return {
      ...record,
      current: record.episodes.find((e) => e.status === 'open') ?? null,
      meetings: meetings.map((m) => ({ ...m, invitees: Number(m.invitees) })),
    };
  }

  /** Who can be invited to a meeting of the episode: the practitioners involved now and the family's current members. */
  async inviteOptions(episodeId: string, familyId: string) {
    const [practitioners, members] = await Promise.all([
      this.repository.practitionersOf(episodeId),
      this.deps.earlyHelp.membersOf(familyId),
    ]);
    return {
      practitioners,
      members: members
        .filter((m) => m.to_date === null)
        .map((m) => ({ personId: m.person_id, name: personName(m), relationship: m.relationship })),
    };
  }

  /**
   * Schedules a meeting ('upcoming', invitations emailed) or records one that has already happened
   * ('held': it is then recorded with recordMeeting). The organiser is an invitee. Practitioners
   * invited who are not involved with the episode become TAF members, in the same transaction.
   */
  async schedule(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    mode: 'upcoming' | 'held',
    input: MeetingInput,
  ) {
    const episode = await this.openEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    const problems: { field: string; text: string }[] = [];
    const { practitioners, members } = await this.inviteOptions(episodeId, episode.family_id);
    if (input.userIds.some((id) => !practitioners.some((p) => p.id === id)))
      problems.push({ field: 'practitioners', text: 'Choose practitioners from the list' });
    const byEmail: { id: string; displayName: string }[] = [];
    for (const email of input.emails) {
      try {
        byEmail.push(await this.deps.earlyHelp.practitioner(email, 'emails'));
      } catch (error) {
        if (!(error instanceof EarlyHelpError)) throw error;
        problems.push({
          field: 'emails',
          text:
            error.message === 'There is no active Hearth user with that email address'
              ? `There is no active Hearth user with the email address ${email}`
              : error.message,
        });
      }
    }
    if (input.personIds.some((id) => !members.some((m) => m.personId === id)))
      problems.push({ field: 'familyMembers', text: 'Choose family members from the list' });
    const userIds = [...new Set([viewer.id, ...input.userIds, ...byEmail.map((u) => u.id)])];
    if (userIds.length + input.personIds.length < 2)
      problems.push({ field: 'practitioners', text: 'Invite at least one practitioner or family member' });
    if (problems.length)
      throw new TafProblems(problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i));

    const meetingId = newId();
    const emailed = mode === 'upcoming';
    const emails = new Map([
      ...practitioners.map((p) => [p.id, p.email] as const),
      ...input.emails.map((e, i) => [byEmail[i]!.id, e] as const),
    ]);
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertMeeting(tx, {
        id: meetingId,
        episode_id: episodeId,
        family_id: episode.family_id,
        starts_at: input.startsAt,
        online: input.online,
        place: input.place,
        cancelled_reason: null,
        notes: null,
        action_updates: null,
        next_review_date: null,
        lead_changed_to: null,
        recorded_at: null,
        recorded_by: null,
        created_by: actor.userId,
        updated_by: actor.userId,
      });
      const added: string[] = [];
      for (const userId of userIds) {
        if (await this.deps.earlyHelp.ensureTafMember(tx, actor, episode, userId)) added.push(userId);
        const emailId =
          emailed && userId !== viewer.id
            ? await this.notify.sendEmail(this.invitation(meetingId, input.startsAt, emails.get(userId)!), tx)
            : null;
        await tx
          .insertInto('taf_meeting_invitees')
          .values({
            id: newId(),
            meeting_id: meetingId,
            user_id: userId,
            person_id: null,
            attendance: null,
            email_id: emailId,
            invited_by: actor.userId,
          })
          .execute();
      }
      for (const personId of input.personIds) {
        await tx
          .insertInto('taf_meeting_invitees')
          .values({
            id: newId(),
            meeting_id: meetingId,
            user_id: null,
            person_id: personId,
            attendance: null,
            email_id: null,
            invited_by: actor.userId,
          })
          .execute();
      }
      await this.audit.record(
        actor,
        {
          action: emailed ? 'early-help.taf-meeting.scheduled' : 'early-help.taf-meeting.added',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: {
            meetingId,
            episodeId,
            practitioners: userIds.length,
            familyMembers: input.personIds.length,
            tafMembersAdded: added,
          },
        },
        tx,
      );
    });
    return meetingId;
  }

  /** One meeting with its invitees, if the policy lets the viewer see the family (the route's declared record access audits the view first). */
  async meeting(viewer: Principal, meetingId: string) {
    if (!isUuid(meetingId)) return null;
    const meeting = await this.repository.meeting(meetingId);
    if (!meeting) return null;
    const record = await this.deps.earlyHelp.family(viewer, meeting.family_id);
    if (!record) return null;
    const invitees = (await this.repository.invitees(meetingId)).map((i) => ({
      ...i,
      name: i.user_id ? (i.display_name ?? '') : personName(i),
      attendanceName: i.attendance ? ATTENDANCE[i.attendance] : null,
    }));
    const episode = record.episodes.find((e) => e.id === meeting.episode_id)!;
    const leadName = meeting.lead_changed_to
      ? (invitees.find((i) => i.user_id === meeting.lead_changed_to)?.name ?? null)
      : null;
    const [plan, actionUpdates] = await Promise.all([
      this.deps.plans.repository.planOfEpisode(meeting.episode_id),
      this.repository.actionUpdates(meetingId),
    ]);
    // The plan's actions still to do, for the record form (what, who, by when).
    const planActions =
      plan && meeting.status === 'scheduled'
        ? (await this.deps.plans.repository.actions(plan.id)).filter((a) => a.status === 'open')
        : [];
    return {
      ...record,
      meeting,
      episode,
      invitees,
      leadName,
      plan: plan ? { id: plan.id, version: plan.version } : null,
      planActions,
      actionUpdates,
      canChange: record.canEdit && meeting.status === 'scheduled' && episode.status === 'open',
    };
  }

  /**
   * Records a held meeting: each invitee's attendance, notes, decisions, updates to the Early Help
   * Plan's actions still to do (a status and a note each; the statuses are written by PlanService and
   * the notes kept in taf_action_updates, all in this meeting's transaction, refused with TafPlanChanged
   * if the plan moved on since the form showed it), other action updates as free text, the next review
   * (after the meeting's day) and, optionally, a new lead professional chosen from the practitioners
   * invited, written by EarlyHelpService in this meeting's transaction.
   */
  async recordMeeting(actor: AuditActor, viewer: Principal, meetingId: string, input: RecordInput, now = new Date()) {
    const meeting = await this.scheduledMeeting(meetingId);
    const episode = await this.openEpisode(meeting.episode_id);
    await this.requireEdit(actor, viewer, meeting.family_id);
    if (meeting.version !== input.version) throw new StaleVersionError('This meeting');
    const problems: { field: string; text: string }[] = [];
    if (meeting.starts_at > now)
      problems.push({
        field: 'notes',
        text: `This meeting is on ${meetingWhen(meeting.starts_at)}: record it once it has started`,
      });
    const invitees = await this.repository.invitees(meetingId);
    for (const i of invitees) {
      if (!(input.attendance[i.id]! in ATTENDANCE))
        problems.push({
          field: `attendance-${i.id}`,
          text: `Select whether ${i.user_id ? i.display_name : personName(i)} came to the meeting`,
        });
    }
    const meetingDay = londonDay(meeting.starts_at);
    if (input.nextReviewDate <= meetingDay)
      problems.push({
        field: 'nextReview-day',
        text: `The next review must be after the meeting on ${dayName(meetingDay)}`,
      });
    let lead: { id: string } | null = null;
    if (input.leadUserId) {
      const invited = invitees.find((i) => i.user_id === input.leadUserId);
      if (!invited)
        problems.push({ field: 'lead', text: 'Choose the new lead professional from the practitioners invited' });
      else {
        try {
          lead = (await this.deps.earlyHelp.checkLeadChange(actor, viewer, episode.id, invited.email!, 'lead')).lead;
        } catch (error) {
          if (!(error instanceof EarlyHelpError)) throw error;
          problems.push({ field: 'lead', text: error.message });
        }
      }
    }
    // Only the actions the meeting said something about: a new status or a note.
    const updates = input.actionChanges.filter((c) => c.status !== 'open' || c.note);
    const plan = updates.length ? await this.deps.plans.repository.planOfEpisode(episode.id) : undefined;
    if (updates.length) {
      if (!plan || input.planVersion === null)
        problems.push({
          field: 'actionUpdates',
          text: 'This family has no Early Help Plan to update: write the action updates in the box',
        });
      else if (plan.version !== input.planVersion) throw new TafPlanChanged();
      else {
        const open = new Set(
          (await this.deps.plans.repository.actions(plan.id)).filter((a) => a.status === 'open').map((a) => a.id),
        );
        if (updates.some((c) => !open.has(c.actionId)))
          problems.push({ field: 'planActions', text: 'Update only the plan’s actions listed on this page' });
      }
    }
    if (problems.length) throw new TafProblems(problems);
    await this.db.transaction().execute(async (tx) => {
      let before = new Map<string, PlanActionStatus>();
      if (plan && updates.length) {
        try {
          before = await this.deps.plans.applyMeetingUpdates(
            tx,
            actor,
            plan.id,
            input.planVersion!,
            meetingId,
            updates.map((c) => ({ actionId: c.actionId, status: c.status })),
          );
        } catch (error) {
          if (error instanceof StaleVersionError || error instanceof EarlyHelpError) throw new TafPlanChanged();
          throw error;
        }
        await tx
          .insertInto('taf_action_updates')
          .values(
            updates.map((c) => ({
              id: newId(),
              meeting_id: meetingId,
              action_id: c.actionId,
              status_before: before.get(c.actionId)!,
              status_after: c.status,
              note: c.note,
              created_by: actor.userId,
            })),
          )
          .execute();
      }
      await updateVersioned(
        tx,
        'taf_meetings',
        { id: meetingId, version: input.version, by: actor.userId, what: 'This meeting' },
        {
          status: 'held',
          notes: input.notes,
          decisions: JSON.stringify(input.decisions),
          action_updates: input.actionUpdates,
          next_review_date: input.nextReviewDate,
          lead_changed_to: lead?.id ?? null,
          recorded_at: new Date(),
          recorded_by: actor.userId,
        },
      );
      for (const i of invitees)
        await tx
          .updateTable('taf_meeting_invitees')
          .set({ attendance: input.attendance[i.id] as TafAttendance })
          .where('id', '=', i.id)
          .execute();
      if (lead) await this.deps.earlyHelp.writeLeadChange(tx, actor, episode, episode.version, lead.id);
      const attended = invitees.filter((i) => input.attendance[i.id] === 'attended').length;
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-meeting.recorded',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: meeting.family_id,
          details: {
            meetingId,
            episodeId: episode.id,
            attended,
            invited: invitees.length,
            leadChangedTo: lead?.id ?? null,
            actionsUpdated: updates.map((c) => c.actionId),
          },
        },
        tx,
      );
    });
  }

  /** Cancels a scheduled meeting with a reason; the practitioners invited are told by email (date and link only). */
  async cancel(actor: AuditActor, viewer: Principal, meetingId: string, version: number, reason: string) {
    const meeting = await this.scheduledMeeting(meetingId);
    await this.requireEdit(actor, viewer, meeting.family_id);
    const invitees = await this.repository.invitees(meetingId);
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'taf_meetings',
        { id: meetingId, version, by: actor.userId, what: 'This meeting' },
        { status: 'cancelled', cancelled_reason: reason },
      );
      if (meeting.starts_at > new Date()) {
        for (const i of invitees) {
          if (!i.email || i.user_id === viewer.id) continue;
          await this.notify.sendEmail(
            {
              template: 'taf-meeting-cancelled',
              to: i.email,
              subject: `Cancelled: Team Around the Family meeting on ${meetingWhen(meeting.starts_at)}`,
              body: `The Team Around the Family meeting on ${meetingWhen(meeting.starts_at)} has been cancelled.\n\nSee the meeting in Hearth: ${this.link(meetingId)}`,
            },
            tx,
          );
        }
      }
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-meeting.cancelled',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: meeting.family_id,
          details: { meetingId, episodeId: meeting.episode_id },
        },
        tx,
      );
    });
  }

  // ---- The TAF Support Officers' support log ----

  /** The officer's own entries, their families to link an entry to, and the partnership's counts for the last twelve months. */
  async supportLog(viewer: Principal, now = new Date()) {
    if (!this.requireSupportLog(viewer)) throw new EarlyHelpDenied('Only TAF Support Officers keep a support log');
    const today = londonDay(now);
    const from = format(new Date(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1), 'yyyy-MM-dd');
    const [entries, episodes, figures, organisations] = await Promise.all([
      this.repository.supportOf(viewer.id),
      this.deps.earlyHelp.myEpisodes(viewer),
      this.supportFigures(from, today),
      this.deps.reference.organisations(),
    ]);
    return {
      entries: entries.map((e) => ({ ...e, kindName: SUPPORT_KINDS[e.kind] })),
      episodes,
      figures,
      organisations,
    };
  }

  /**
   * Records support given to a partner practitioner: one who uses Hearth (by email; their organisation
   * is theirs) or one named with their organisation. A linked episode must be one the officer is
   * involved in now and, for a Hearth user, one the practitioner is involved in too.
   */
  async recordSupport(actor: AuditActor, viewer: Principal, input: SupportInput) {
    if (!this.requireSupportLog(viewer)) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        details: { action: 'early-help:support-log' },
      });
      throw new EarlyHelpDenied('Only TAF Support Officers keep a support log');
    }
    const problems: { field: string; text: string }[] = [];
    let practitioner: { id: string; displayName: string; organisationId: string } | null = null;
    if (input.practitionerEmail) {
      practitioner = await this.deps.earlyHelp.activeUserByEmail(input.practitionerEmail);
      if (!practitioner)
        problems.push({
          field: 'practitionerEmail',
          text: 'There is no active Hearth user with that email address: leave it empty and enter their name and organisation instead',
        });
      else if (practitioner.id === viewer.id)
        problems.push({ field: 'practitionerEmail', text: 'Enter the practitioner you supported, not yourself' });
    }
    if (
      input.organisationId &&
      !(isUuid(input.organisationId) && (await this.deps.reference.organisation(input.organisationId)))
    )
      problems.push({ field: 'organisationId', text: 'Select their organisation from the list' });
    if (input.episodeId) {
      const mine =
        isUuid(input.episodeId) && (await this.deps.earlyHelp.myEpisodes(viewer)).some((e) => e.id === input.episodeId);
      if (!mine)
        problems.push({ field: 'episodeId', text: 'Choose one of the families you are involved with, or none' });
      else if (practitioner && !(await this.repository.userIdsInvolved(input.episodeId, [practitioner.id])).length)
        problems.push({
          field: 'episodeId',
          text: `${practitioner.displayName} is not involved with that family’s early help: choose another family, or none`,
        });
    }
    if (problems.length) throw new TafProblems(problems);
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await this.repository.insertSupport(tx, {
        id,
        officer_id: viewer.id,
        support_date: input.supportDate,
        kind: input.kind,
        practitioner_user_id: practitioner?.id ?? null,
        practitioner_name: practitioner ? null : input.practitionerName,
        organisation_id: practitioner ? practitioner.organisationId : input.organisationId,
        organisation_name: practitioner || input.organisationId ? null : input.organisationName,
        episode_id: input.episodeId,
        notes: input.notes,
        created_by: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-support.recorded',
          outcome: 'success',
          subjectType: 'taf-support',
          subjectId: id,
          details: { kind: input.kind, episodeId: input.episodeId, practitionerUserId: practitioner?.id ?? null },
        },
        tx,
      );
    });
    return id;
  }

  /**
   * The partnership's count of TAF Support Officers' support, by month and kind, between two days
   * ('YYYY-MM-DD', inclusive). Every month in the range is listed, with zeros, so a gap shows.
   */
  async supportFigures(from: string, to: string): Promise<SupportFigures> {
    const kinds = Object.keys(SUPPORT_KINDS) as TafSupportKind[];
    const zero = () => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<TafSupportKind, number>;
    const rows = from <= to ? await this.repository.supportCounts(from, to) : [];
    const months =
      from <= to
        ? eachMonthOfInterval({ start: parseISO(from), end: parseISO(to) }).map((d) => ({
            month: format(d, 'yyyy-MM'),
            label: format(d, 'MMMM yyyy'),
            counts: zero(),
            total: 0,
          }))
        : [];
    const totals = zero();
    for (const r of rows) {
      const n = Number(r.n);
      const month = months.find((m) => m.month === r.month);
      if (month) {
        month.counts[r.kind] += n;
        month.total += n;
      }
      totals[r.kind] += n;
    }
    return {
      from,
      to,
      kinds: kinds.map((code) => ({ code, name: SUPPORT_KINDS[code] })),
      months,
      totals,
      total: Object.values(totals).reduce((a, b) => a + b, 0),
    };
  }

  // ---- Helpers ----

  private requireSupportLog(viewer: Principal) {
    return can(viewer, 'early-help:support-log').allowed;
  }

  private async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
    const decision = can(viewer, 'record:edit', {
      type: 'record',
      id: familyId,
      involvements: await this.deps.earlyHelp.involvementsIn(familyId, viewer),
    });
    if (decision.allowed) return;
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      subjectType: FAMILY_RECORD_TYPE,
      subjectId: familyId,
      details: { action: 'record:edit', reason: decision.reason },
    });
    throw new EarlyHelpDenied(
      'Only the lead professional or allocated worker can arrange and record this family’s TAF meetings',
    );
  }

  private async openEpisode(episodeId: string) {
    const episode = isUuid(episodeId) ? await this.deps.earlyHelp.episodeRow(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: nothing more can change');
    return episode;
  }

  private async scheduledMeeting(meetingId: string) {
    const meeting = isUuid(meetingId) ? await this.repository.meeting(meetingId) : undefined;
    if (!meeting) throw new EarlyHelpError('meeting', 'There is no such meeting');
    if (meeting.status === 'held') throw new EarlyHelpError('meeting', 'This meeting has already been recorded');
    if (meeting.status === 'cancelled') throw new EarlyHelpError('meeting', 'This meeting was cancelled');
    return meeting;
  }

  private link(meetingId: string) {
    return `${this.options.publicUrl.replace(/\/$/, '')}/early-help/meetings/${meetingId}`;
  }

  private invitation(meetingId: string, startsAt: Date, to: string) {
    const when = meetingWhen(startsAt);
    return {
      template: 'taf-meeting-invitation',
      to,
      subject: `Team Around the Family meeting on ${when}`,
      body: `You are invited to a Team Around the Family meeting on ${when}.\n\nWhere it is, who else is invited and the family’s details are in Hearth: ${this.link(meetingId)}`,
    };
  }
}
