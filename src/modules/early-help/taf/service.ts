import { eachMonthOfInterval, format, parseISO } from 'date-fns';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { EarlyHelpDenied } from '../service.ts';
import { SUPPORT_KINDS, londonDay, type ChangeInput, type SupportInput } from './schemas.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { FAMILY_RECORD_TYPE } from '../service.ts';
import { partnerChanged } from './partner-emails.ts';
import { meetingWhen } from './types.ts';
import { TafProblems, type SupportFigureKind, type SupportFigures } from './types.ts';
import { TafMeetings } from './meetings.ts';
import { EVENT_KINDS, eventsOf, insertEvent, type EventInput } from './support-events.ts';

export { TafPlanChanged, TafProblems, meetingWhen, type SupportFigures } from './types.ts';

/**
 * Team Around the Family meetings of an early help episode (issue 7) and the TAF Support Officers'
 * support log. Meetings are the family's record: reads go through EarlyHelpService.family() (the
 * policy by involvement, with break-glass) and changes need record:edit (lead professional or
 * allocated worker). Inviting a practitioner makes them a TAF member of the episode, and a change of
 * lead professional agreed at a meeting is written by EarlyHelpService, in the meeting's transaction.
 * Emails carry a date and a link only: nothing about the family leaves Hearth by email.
 */
export class TafService extends TafMeetings {
  /**
   * Moves a scheduled meeting to another time or place. Everyone invited is told in the same transaction: Hearth
   * users by a date and a link, practitioners without an account by the new date, time and place (partner-emails.ts).
   * Nothing changed: nothing is sent. Refused when someone else changed the meeting since the form was shown.
   */
  async changeTimeOrPlace(actor: AuditActor, viewer: Principal, meetingId: string, input: ChangeInput) {
    const meeting = await this.scheduledMeeting(meetingId);
    await this.requireEdit(actor, viewer, meeting.family_id);
    if (meeting.version !== input.version) throw new StaleVersionError('This meeting');
    const same =
      meeting.starts_at.getTime() === input.startsAt.getTime() &&
      meeting.online === input.online &&
      meeting.place === input.place;
    if (same) return false;
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'taf_meetings',
        { id: meetingId, version: input.version, by: actor.userId, what: 'This meeting' },
        { starts_at: input.startsAt, online: input.online, place: input.place },
      );
      const invitees = await this.repository.invitees(meetingId, tx);
      const now = { startsAt: input.startsAt, online: input.online, place: input.place };
      const before = { startsAt: meeting.starts_at, online: meeting.online, place: meeting.place };
      const contact = invitees.some((i) => i.partner_id)
        ? await this.contactFor(tx, { id: meeting.episode_id }, actor.userId)
        : null;
      for (const i of invitees) {
        if (i.partner_id && contact)
          await this.notify.sendEmail(
            partnerChanged({ name: i.partner_name!, email: i.partner_email! }, now, before, contact),
            tx,
          );
        else if (i.email && i.user_id !== actor.userId)
          await this.notify.sendEmail(
            {
              template: 'taf-meeting-changed',
              to: i.email,
              subject: `Changed: Team Around the Family meeting, now on ${meetingWhen(input.startsAt)}`,
              body: `${
                before.startsAt.getTime() === now.startsAt.getTime()
                  ? `The place of the Team Around the Family meeting on ${meetingWhen(meeting.starts_at)} has changed.`
                  : `The Team Around the Family meeting on ${meetingWhen(meeting.starts_at)} has moved to ${meetingWhen(input.startsAt)}.`
              }\n\nWhere it is now is in Hearth: ${this.link(meetingId)}`,
            },
            tx,
          );
      }
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-meeting.changed',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: meeting.family_id,
          details: { meetingId, from: meeting.starts_at.toISOString(), to: input.startsAt.toISOString() },
        },
        tx,
      );
    });
    return true;
  }

  /** The officer's own entries, their families to link an entry to, and the partnership's counts for the last twelve months. */
  async supportLog(viewer: Principal, now = new Date()) {
    if (!this.requireSupportLog(viewer)) throw new EarlyHelpDenied('Only TAF Support Officers keep a support log');
    const today = londonDay(now);
    const from = format(new Date(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 12, 1), 'yyyy-MM-dd');
    const [entries, episodes, figures, organisations, events, types] = await Promise.all([
      this.repository.supportOf(viewer.id),
      this.deps.earlyHelp.myEpisodes(viewer),
      this.supportFigures(from, today),
      this.deps.reference.organisations(),
      eventsOf(this.db, viewer.id),
      this.deps.reference.organisationTypes(),
    ]);
    const typeName = (code: string) => types.find((t) => t.code === code)?.name ?? code;
    return {
      entries: entries.map((e) => ({ ...e, kindName: SUPPORT_KINDS[e.kind] })),
      events: events.map((e) => ({
        ...e,
        kindName: EVENT_KINDS[e.kind],
        practitioners: e.attending.reduce((n, a) => n + a.practitioners, 0),
        attendingText: e.attending.map((a) => `${typeName(a.organisation_type)}: ${a.practitioners}`).join(', '),
      })),
      episodes,
      figures,
      organisations,
    };
  }

  /** The organisation types and quadrants the workshop form offers. */
  async eventChoices() {
    const [types, quadrants] = await Promise.all([
      this.deps.reference.organisationTypes(),
      this.deps.reference.quadrants(),
    ]);
    return { types, quadrants };
  }

  /** Records a workshop the officer facilitated or a networking event they attended, with who came (support-events.ts). */
  async recordEvent(actor: AuditActor, viewer: Principal, input: EventInput, attending: Map<string, number>) {
    if (!this.requireSupportLog(viewer)) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        details: { action: 'early-help:support-log' },
      });
      throw new EarlyHelpDenied('Only TAF Support Officers keep a support log');
    }
    const { quadrants } = await this.eventChoices();
    if (!quadrants.some((q) => q.code === input.quadrant))
      throw new TafProblems([{ field: 'quadrant', text: 'Select the quadrant from the list' }]);
    return insertEvent(this.db, this.audit, actor, viewer.id, input, attending);
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
    const names: Record<SupportFigureKind, string> = { ...SUPPORT_KINDS, ...EVENT_KINDS };
    const kinds = Object.keys(names) as SupportFigureKind[];
    const zero = () => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<SupportFigureKind, number>;
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
      kinds: kinds.map((code) => ({ code, name: names[code] })),
      months,
      totals,
      total: Object.values(totals).reduce((a, b) => a + b, 0),
    };
  }
}
