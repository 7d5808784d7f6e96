import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { familyLocator } from '../records.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { EarlyHelpDenied, EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';
import type { PlanService } from '../plan/service.ts';
import { TafRepository } from './repository.ts';
import { meetingWhen, personName } from './types.ts';
import { partnerCancelled, partnerInvitation, type MeetingContact } from './partner-emails.ts';

/** The TAF service's construction and what its parts share: access, the episode and meeting lookups, invitations. */
export abstract class TafCore {
  readonly repository: TafRepository;
  /** How meeting routes find the family they are about: by the meeting's id. */
  readonly families: { byMeeting: RecordLocator; byPartner: RecordLocator };

  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly audit: AuditLog,
    protected readonly notify: Notify,
    protected readonly deps: { earlyHelp: EarlyHelpService; reference: ReferenceService; plans: PlanService },
    protected readonly options: { publicUrl: string },
  ) {
    this.repository = new TafRepository(db);
    deps.earlyHelp.addClosureStep((tx, actor, episode) => this.cancelOnClosure(tx, actor, episode));
    this.families = {
      byMeeting: familyLocator(deps.earlyHelp.involvementsIn.bind(deps.earlyHelp), async (id) => {
        return (await this.repository.meeting(id))?.family_id;
      }),
      /** A practitioner without an account in the family's TAF: their row's family. */
      byPartner: familyLocator(deps.earlyHelp.involvementsIn.bind(deps.earlyHelp), async (id) => {
        return (await this.repository.partner(id))?.family_id;
      }),
    };
  }

  // ---- Helpers ----

  protected requireSupportLog(viewer: Principal) {
    return can(viewer, 'early-help:support-log').allowed;
  }

  protected async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
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

  protected async openEpisode(episodeId: string) {
    const episode = isUuid(episodeId) ? await this.deps.earlyHelp.episodeRow(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: nothing more can change');
    return episode;
  }

  protected async scheduledMeeting(meetingId: string) {
    const meeting = isUuid(meetingId) ? await this.repository.meeting(meetingId) : undefined;
    if (!meeting) throw new EarlyHelpError('meeting', 'There is no such meeting');
    if (meeting.status === 'held') throw new EarlyHelpError('meeting', 'This meeting has already been recorded');
    if (meeting.status === 'cancelled') throw new EarlyHelpError('meeting', 'This meeting was cancelled');
    return meeting;
  }

  /**
   * Early help closed: meetings still to come are cancelled, and everyone invited is told in the closing
   * transaction: Hearth users (date and link), practitioners without an account (date, time and place: see
   * partner-emails.ts).
   */
  private async cancelOnClosure(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; family_id: string; lead_professional_id?: string | null },
  ) {
    const now = new Date();
    const meetings = await this.repository.upcomingMeetings(episode.id, now, tx);
    for (const meeting of meetings) {
      await tx
        .updateTable('taf_meetings')
        .set((eb) => ({
          status: 'cancelled',
          cancelled_reason: 'Early help for this family has closed.',
          version: eb('version', '+', 1),
          updated_at: now,
          updated_by: actor.userId,
        }))
        .where('id', '=', meeting.id)
        .execute();
      await this.tellCancelled(tx, actor, episode, meeting, 'early help for the family has closed');
    }
    if (meetings.length)
      await this.audit.record(
        actor,
        {
          action: 'early-help.taf-meeting.cancelled-on-closure',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId: episode.id, meetingIds: meetings.map((m) => m.id) },
        },
        tx,
      );
  }

  /** Tells everyone invited to a meeting still to come that it is cancelled (not the one cancelling it). */
  protected async tellCancelled(
    tx: Kysely<DB>,
    actor: AuditActor,
    episode: { id: string; lead_professional_id?: string | null },
    meeting: { id: string; starts_at: Date; online: boolean; place: string | null },
    why: string | null,
  ) {
    const invitees = await this.repository.invitees(meeting.id, tx);
    const contact = invitees.some((i) => i.partner_id) ? await this.contactFor(tx, episode, actor.userId) : null;
    for (const i of invitees) {
      if (i.partner_id && contact) {
        await this.notify.sendEmail(
          partnerCancelled(
            { name: i.partner_name!, email: i.partner_email! },
            { startsAt: meeting.starts_at, online: meeting.online, place: meeting.place },
            contact,
          ),
          tx,
        );
        continue;
      }
      if (!i.email || i.user_id === actor.userId) continue;
      await this.notify.sendEmail(
        {
          template: 'taf-meeting-cancelled',
          to: i.email,
          subject: `Cancelled: Team Around the Family meeting on ${meetingWhen(meeting.starts_at)}`,
          body: `The Team Around the Family meeting on ${meetingWhen(meeting.starts_at)} has been cancelled${why ? `: ${why}` : ''}.\n\nSee the meeting in Hearth: ${this.link(meeting.id)}`,
        },
        tx,
      );
    }
  }

  /**
   * Who a practitioner without an account contacts about a meeting: the episode's lead professional, or,
   * while none is agreed, the person arranging it.
   */
  protected async contactFor(
    db: Kysely<DB>,
    episode: { id: string; lead_professional_id?: string | null },
    actorUserId: string | null,
  ): Promise<MeetingContact> {
    const leadId = episode.lead_professional_id ?? (await this.repository.leadOf(episode.id, db));
    const id = leadId ?? actorUserId;
    const user = id ? await this.repository.contact(id, db) : undefined;
    if (!user) throw new Error('A TAF meeting needs a lead professional or an organiser to contact');
    return { name: user.name, organisation: user.organisation, email: user.email, lead: !!leadId };
  }

  /** The partner's invitation email to a meeting, queued in the caller's transaction; its outbox id. */
  protected invitePartner(
    tx: Kysely<DB>,
    partner: { name: string; email: string },
    meeting: { starts_at: Date; online: boolean; place: string | null },
    contact: MeetingContact,
  ) {
    return this.notify.sendEmail(
      partnerInvitation(
        partner,
        { startsAt: meeting.starts_at, online: meeting.online, place: meeting.place },
        contact,
      ),
      tx,
    );
  }

  protected link(meetingId: string) {
    return `${this.options.publicUrl.replace(/\/$/, '')}/early-help/meetings/${meetingId}`;
  }

  protected invitation(meetingId: string, startsAt: Date, to: string) {
    const when = meetingWhen(startsAt);
    return {
      template: 'taf-meeting-invitation',
      to,
      subject: `Team Around the Family meeting on ${when}`,
      body: `You are invited to a Team Around the Family meeting on ${when}.\n\nWhere it is, who else is invited and the family’s details are in Hearth: ${this.link(meetingId)}`,
    };
  }

  // ---- Meetings ----

  /** An invitee's name: a Hearth user's, a practitioner without an account's, or a family member's. */
  protected inviteeName(i: {
    user_id: string | null;
    partner_id: string | null;
    display_name: string | null;
    partner_name: string | null;
    first_name: string | null;
    last_name: string | null;
  }) {
    return i.user_id ? (i.display_name ?? '') : i.partner_id ? (i.partner_name ?? '') : personName(i);
  }

  /** The meeting's invitees, practitioners first, with family members' names read through early help's people. */
  protected async invitees(meetingId: string) {
    const rows = await this.repository.invitees(meetingId);
    const names = await this.deps.earlyHelp.personNames(rows.flatMap((r) => (r.person_id ? [r.person_id] : [])));
    return rows
      .map((r) => {
        const p = r.person_id ? names.get(r.person_id) : undefined;
        return { ...r, first_name: p?.first_name ?? null, last_name: p?.last_name ?? null };
      })
      .sort(
        (a, b) =>
          (a.person_id ? 1 : 0) - (b.person_id ? 1 : 0) || (a.first_name ?? '').localeCompare(b.first_name ?? ''),
      );
  }
}
