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
}
