import { type Principal } from '../../../platform/permissions/policy.ts';
import { addMonthsToDay, claimCheck, londonDay, supervisionDue, timeLimitStatus, type ClaimResult } from './rules.ts';
import { FamilySolutionsDenied, todayInLondon } from './types.ts';
import { FamilySolutionsOversight } from './oversight.ts';

export {
  FamilySolutionsError,
  FamilySolutionsDenied,
  OverCapacity,
  AgreementRequired,
  type AllocationInput,
  type AgreementInput,
  type SupervisionInput,
} from './types.ts';

/**
 * Family Solutions (level 3, issue 7): a manager allocates each accepted family to a team and a
 * worker against caseload capacity; the family agreement gates the work; warnings come at 9 and 11
 * months of the 12-month limit; managers record case supervision; closed families are checked
 * against the Supporting Families claim rules, with a sustainment check 6 months after closure and
 * re-requests counted. Episodes, involvements and the family's record belong to EarlyHelpService:
 * access to a family is decided there (involvement + policy), and allocation writes through it.
 */
export class FamilySolutionsService extends FamilySolutionsOversight {
  // ---- The episode page ----

  /** Supporting Families' claim rules for a closed episode, reading the assessment and plan only where those parts exist. */
  async claim(episode: { id: string; lead_name: string | null }): Promise<ClaimResult> {
    const [needs, check, hasAssessments, hasPlans] = await Promise.all([
      this.deps.earlyHelp.needsOf([episode.id]),
      this.repository.sustainmentCheck(episode.id),
      this.repository.tableExists('assessments'),
      this.repository.tableExists('plans'),
    ]);
    return claimCheck({
      outcomeAreas: needs.map((n) => n.outcome_area),
      assessment: hasAssessments
        ? (await this.repository.assessmentCompleted(episode.id))
          ? 'completed'
          : 'not-completed'
        : 'not-recorded',
      leadPractitioner: episode.lead_name,
      plan: hasPlans ? ((await this.repository.planRecorded(episode.id)) ? 'recorded' : 'none') : 'not-recorded',
      needOutcomes: needs.map((n) => n.outcome),
      sustainment: check ? { dueOn: check.due_on, sustained: check.sustained } : null,
    });
  }

  /**
   * Everything the Family Solutions page of an episode shows, if the viewer may see the family
   * (the route's declared record access audits the view first).
   */
  async episodePage(viewer: Principal, episodeId: string, today = todayInLondon()) {
    const episode = await this.fsEpisode(episodeId);
    const access = await this.accessTo(viewer, episode.family_id);
    if (!access.canView) throw new FamilySolutionsDenied('You are not involved with this family');
    const settings = await this.settings();
    const [allocation, agreement, supervisions, members] = await Promise.all([
      this.repository.currentAllocation(episode.id),
      this.repository.agreement(episode.id),
      this.repository.supervisions(episode.id),
      this.deps.earlyHelp.membersOf(episode.family_id),
    ]);
    const names = new Map(members.map((m) => [m.person_id, `${m.first_name} ${m.last_name}`]));
    const closed = episode.status === 'closed' && episode.closed_at;
    const closedOn = closed ? londonDay(episode.closed_at!) : null;
    const sustainmentDueOn = closedOn ? addMonthsToDay(closedOn, settings.sustainmentMonths) : null;
    return {
      episode,
      ...access,
      settings,
      allocation: allocation ?? null,
      agreement: agreement
        ? {
            ...agreement,
            agreedByNames: agreement.agreed_by.map((id) => names.get(id) ?? 'Someone no longer recorded in the family'),
          }
        : null,
      supervisions,
      supervisionDue: episode.status === 'open' && supervisionDue(supervisions[0]?.next_due ?? null, today),
      time: episode.status === 'open' ? timeLimitStatus(londonDay(episode.opened_at), today, settings) : null,
      claim: closed ? await this.claim(episode) : null,
      sustainment: closed ? ((await this.repository.sustainmentCheck(episode.id)) ?? null) : null,
      sustainmentDueOn,
      // Requests for Support about anyone in the family during the episode, after closure and up to the
      // sustainment check, except the episode's own step up or down: counted by the front door, which owns them.
      reRequests: closed
        ? await this.deps.frontDoor.countRequestsAbout({
            personIds: await this.repository.peopleSince(episode.family_id, londonDay(episode.opened_at)),
            receivedAfter: episode.closed_at!,
            receivedBy: new Date(`${sustainmentDueOn}T23:59:59Z`),
            exceptFromEpisodeId: episode.id,
          })
        : null,
    };
  }
}
