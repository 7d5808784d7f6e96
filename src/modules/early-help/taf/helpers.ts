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
import { meetingWhen } from './types.ts';

/** The TAF service's construction and what its parts share: access, the episode and meeting lookups, invitations. */
export abstract class TafCore {
  readonly repository: TafRepository;
  /** How meeting routes find the family they are about: by the meeting's id. */
  readonly families: { byMeeting: RecordLocator };

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
   * Early help closed: meetings still to come are cancelled, and the practitioners invited are told
   * (date and link only), in the closing transaction.
   */
  private async cancelOnClosure(tx: Kysely<DB>, actor: AuditActor, episode: { id: string; family_id: string }) {
    const now = new Date();
    const meetings = await tx
      .selectFrom('taf_meetings')
      .select(['id', 'starts_at'])
      .where('episode_id', '=', episode.id)
      .where('status', '=', 'scheduled')
      .where('starts_at', '>', now)
      .execute();
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
      for (const i of await this.repository.invitees(meeting.id, tx)) {
        if (!i.email || i.user_id === actor.userId) continue;
        await this.notify.sendEmail(
          {
            template: 'taf-meeting-cancelled',
            to: i.email,
            subject: `Cancelled: Team Around the Family meeting on ${meetingWhen(meeting.starts_at)}`,
            body: `The Team Around the Family meeting on ${meetingWhen(meeting.starts_at)} has been cancelled: early help for the family has closed.\n\nSee the meeting in Hearth: ${this.link(meeting.id)}`,
          },
          tx,
        );
      }
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
