import type { AuditActor } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { PlanActionStatus, TafAttendance } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { ATTENDANCE, londonDay, type MeetingInput, type RecordInput } from './schemas.ts';
import { TafPlanChanged, TafProblems, meetingWhen, dayName, personName } from './types.ts';
import { TafPartners } from './partners.ts';

/** Team Around the Family meetings: scheduling, reading, recording and cancelling. */
export class TafMeetings extends TafPartners {
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

  /**
   * Who can be invited to a meeting of the episode: the practitioners involved now, those in the TAF without
   * a Hearth account, and the family's current members.
   */
  async inviteOptions(episodeId: string, familyId: string) {
    const [practitioners, partners, members] = await Promise.all([
      this.repository.practitionersOf(episodeId),
      this.repository.partnersOf(episodeId),
      this.deps.earlyHelp.membersOf(familyId),
    ]);
    return {
      practitioners,
      partners,
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
    const { practitioners, partners, members } = await this.inviteOptions(episodeId, episode.family_id);
    if (input.userIds.some((id) => !practitioners.some((p) => p.id === id)))
      problems.push({ field: 'practitioners', text: 'Choose practitioners from the list' });
    const partnerIds = input.partnerIds ?? [];
    const invitedPartners = partners.filter((p) => partnerIds.includes(p.id));
    if (invitedPartners.length !== partnerIds.length)
      problems.push({ field: 'partners', text: 'Choose practitioners without a Hearth account from the list' });
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
    if (userIds.length + invitedPartners.length + input.personIds.length < 2)
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
      const meeting = { id: meetingId, starts_at: input.startsAt, online: input.online, place: input.place };
      await this.invitePartners(tx, actor, episode, meeting, invitedPartners, emailed);
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
            practitionersWithoutAccount: invitedPartners.map((p) => p.id),
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
    const invitees = (await this.invitees(meetingId)).map((i) => ({
      ...i,
      name: this.inviteeName(i),
      noAccount: i.partner_id !== null,
      attendanceName: i.attendance ? ATTENDANCE[i.attendance] : null,
    }));
    const episode = record.episodes.find((e) => e.id === meeting.episode_id)!;
    const leadName = meeting.lead_changed_to
      ? (invitees.find((i) => i.user_id === meeting.lead_changed_to)?.name ?? null)
      : null;
    const [plan, actionUpdates] = await Promise.all([
      this.deps.plans.planOfEpisode(meeting.episode_id),
      this.repository.actionUpdates(meetingId),
    ]);
    // The plan's actions still to do, for the record form (what, who, by when).
    const planActions =
      plan && meeting.status === 'scheduled'
        ? (await this.deps.plans.actionsOf(plan.id)).filter((a) => a.status === 'open')
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
    const invitees = await this.invitees(meetingId);
    for (const i of invitees) {
      if (!(input.attendance[i.id]! in ATTENDANCE))
        problems.push({
          field: `attendance-${i.id}`,
          text: `Select whether ${this.inviteeName(i)} came to the meeting`,
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
    const plan = updates.length ? await this.deps.plans.planOfEpisode(episode.id) : undefined;
    if (updates.length) {
      if (!plan || input.planVersion === null)
        problems.push({
          field: 'actionUpdates',
          text: 'This family has no Early Help Plan to update: write the action updates in the box',
        });
      else if (plan.version !== input.planVersion) throw new TafPlanChanged();
      else {
        const open = new Set(
          (await this.deps.plans.actionsOf(plan.id)).filter((a) => a.status === 'open').map((a) => a.id),
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
      await this.deps.plans.moveReviewFromMeeting(
        tx,
        actor,
        { id: meetingId, episodeId: episode.id, familyId: meeting.family_id },
        input.nextReviewDate,
      );
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

  /**
   * Cancels a scheduled meeting with a reason; the practitioners invited are told by email (Hearth users: date
   * and link; those without an account: date, time and place).
   */
  async cancel(actor: AuditActor, viewer: Principal, meetingId: string, version: number, reason: string) {
    const meeting = await this.scheduledMeeting(meetingId);
    await this.requireEdit(actor, viewer, meeting.family_id);
    const episode = { id: meeting.episode_id };
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'taf_meetings',
        { id: meetingId, version, by: actor.userId, what: 'This meeting' },
        { status: 'cancelled', cancelled_reason: reason },
      );
      if (meeting.starts_at > new Date()) await this.tellCancelled(tx, actor, episode, meeting, null);
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
}
