import { AccessDenied } from '../../../platform/permissions/denied.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB, EpisodeRole } from '../../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { FamilySolutionsService } from '../family-solutions/service.ts';
import { londonDay, supervisionDue, timeLimitStatus } from '../family-solutions/rules.ts';
import { HomeRepository } from './repository.ts';
import { addDays } from '../plan/rules.ts';
import type { EarlyHelpService } from '../service.ts';
import { londonInstant } from '../taf/schemas.ts';

/** How far ahead "due soon" and "meetings this week" look: today and the next 7 days. */
export const HOME_DAYS_AHEAD = 7;

/** The viewer asked for the team view without a role that has one (audited by the route's guard). */
export class TeamViewDenied extends AccessDenied {}

const ROLE_ORDER: EpisodeRole[] = [
  'lead-professional',
  'allocated-worker',
  'taf-member',
  'team-manager',
  'taf-support',
];

/**
 * "Every day" (issue 7): the worker's home page — the families they are involved with, actions and
 * reviews due and overdue, TAF meetings in the coming week, Family Solutions warnings — and the
 * Family Solutions manager's team view — caseloads, overdue reviews, supervision due. Each entry
 * point is a fixed handful of statements whatever the caseload (the casework benchmark measures them).
 * Rows come from queries already narrowed to the viewer's involvement or teams, and every family is
 * then checked once more with the policy, using EarlyHelpService's involvement rule in its batch form,
 * so these lists and the family page can never disagree about who sees a family.
 */
export class HomeService {
  readonly repository: HomeRepository;

  constructor(
    db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: {
      earlyHelp: EarlyHelpService;
      familySolutions: FamilySolutionsService;
      reference: ReferenceService;
    },
  ) {
    this.repository = new HomeRepository(db);
  }

  /** Keeps only rows of families the policy lets the viewer see (`record:view` with their involvements; no break-glass here). */
  private async visible(viewer: Principal, familyIds: Iterable<string>) {
    const involvements = await this.deps.earlyHelp.involvementsInFamilies([...new Set(familyIds)], viewer);
    const allowed = (familyId: string) =>
      can(viewer, 'record:view', { type: 'record', id: familyId, involvements: involvements.get(familyId) ?? [] })
        .allowed;
    return {
      involvements,
      keep: <T extends { family_id: string }>(rows: T[]) => rows.filter((r) => allowed(r.family_id)),
    };
  }

  /**
   * The signed-in worker's day, as of `today` ('YYYY-MM-DD', Europe/London). Overdue means due before
   * today; due soon means today to `until` (today + 7) inclusive; meetings are those still scheduled
   * from the start of today to the end of `until`.
   */
  async workerHome(viewer: Principal, today: string) {
    const until = addDays(today, HOME_DAYS_AHEAD);
    const [settings, families, actions, reviews, meetings] = await Promise.all([
      this.deps.reference.familySolutionsSettings(),
      this.repository.myFamilies(viewer.id),
      this.repository.actionsDue(viewer.id, until),
      this.repository.reviewsDue(viewer.id, until),
      this.repository.meetings(viewer.id, londonInstant(today, '00:00'), londonInstant(addDays(until, 1), '00:00')),
    ]);
    const { involvements, keep } = await this.visible(
      viewer,
      [...families, ...actions, ...reviews, ...meetings].map((r) => r.family_id),
    );
    const mine = keep(families).map((f) => {
      const roles = f.roles.split(',') as EpisodeRole[];
      return {
        ...f,
        roles: ROLE_ORDER.filter((r) => roles.includes(r)),
        involvements: involvements.get(f.family_id) ?? ([] as Involvement[]),
      };
    });
    const warnings = mine
      .filter((f) => f.pathway === 'family-solutions' && f.roles.includes('allocated-worker'))
      .flatMap((f) => {
        const time = timeLimitStatus(londonDay(f.opened_at), today, settings);
        const last = time.reached.at(-1);
        return [
          ...(time.overLimit
            ? [
                {
                  kind: 'over-limit' as const,
                  family_id: f.family_id,
                  episode_id: f.id,
                  family_name: f.family_name,
                  months: settings.limitMonths,
                  on: time.limitOn,
                },
              ]
            : []),
          ...(!time.overLimit && last
            ? [
                {
                  kind: 'time-limit' as const,
                  family_id: f.family_id,
                  episode_id: f.id,
                  family_name: f.family_name,
                  months: last.months,
                  on: time.limitOn,
                },
              ]
            : []),
          ...(!f.has_agreement
            ? [
                {
                  kind: 'no-agreement' as const,
                  family_id: f.family_id,
                  episode_id: f.id,
                  family_name: f.family_name,
                  months: 0,
                  on: null,
                },
              ]
            : []),
        ];
      });
    const visibleActions = keep(actions).map((a) => ({ ...a, mine: Boolean(a.mine) }));
    const visibleReviews = keep(reviews);
    // A TAF Support Officer's families are the ones they support (seed 004: they "do not case hold"); those
    // without an agreed lead professional are flagged, so the officer helps a partner take the lead.
    const supported = mine.filter((f) => f.roles.includes('taf-support'));
    const result = {
      today,
      until,
      families: mine.filter((f) => f.roles.some((r) => r !== 'taf-support')),
      supported,
      leadNotAgreed: supported.filter((f) => !f.lead_professional_id),
      actions: {
        overdue: visibleActions.filter((a) => a.due_date < today),
        due: visibleActions.filter((a) => a.due_date >= today),
      },
      reviews: {
        overdue: visibleReviews.filter((r) => r.next_review_date < today),
        due: visibleReviews.filter((r) => r.next_review_date >= today),
      },
      meetings: keep(meetings).map((m) => ({ ...m, invited: Boolean(m.invited) })),
      warnings,
      teamView: can(viewer, 'early-help:team-view').allowed,
    };
    return { ...result, counts: countsOf(result) };
  }

  /**
   * The manager's view of their teams as of `today`: each member's caseload (open episodes they lead
   * or are allocated to, and Family Solutions families against the worker capacity), the teams'
   * overdue reviews, and Family Solutions families whose supervision is due (the next date has come,
   * or there has been none). Only for holders of `early-help:team-view`; families are their teams'.
   */
  async teamView(viewer: Principal, today: string) {
    if (!can(viewer, 'early-help:team-view').allowed)
      throw new TeamViewDenied('Only a manager sees a team’s caseloads');
    const teamIds = [...viewer.teamIds];
    const [settings, caseloads, overdue, fsOpen] = await Promise.all([
      this.deps.reference.familySolutionsSettings(),
      this.repository.caseloads(teamIds),
      this.repository.teamOverdueReviews(teamIds, today),
      this.deps.familySolutions.openEpisodesOfTeams(teamIds),
    ]);
    const due = fsOpen.filter((e) => supervisionDue(e.next_due, today));
    const { keep } = await this.visible(
      viewer,
      [...overdue, ...due].map((r) => r.family_id),
    );
    const reviews = keep(overdue);
    const supervision = keep(due);
    const overdueBy = new Map<string, number>();
    for (const r of reviews)
      if (r.lead_professional_id)
        overdueBy.set(r.lead_professional_id, (overdueBy.get(r.lead_professional_id) ?? 0) + 1);
    const workers = caseloads
      .filter((w) => w.id !== viewer.id || Number(w.families) > 0)
      .map((w) => ({
        ...w,
        families: Number(w.families ?? 0),
        fs_families: Number(w.fs_families ?? 0),
        overdueReviews: overdueBy.get(w.id) ?? 0,
        full: Number(w.fs_families ?? 0) >= settings.workerCapacity,
      }));
    const teams = [...new Map(workers.map((w) => [w.team_id, w.team_name])).entries()].map(([id, name]) => ({
      id,
      name,
      workers: workers.filter((w) => w.team_id === id),
    }));
    const result = { today, settings, teams, reviews, supervisionDue: supervision };
    return {
      ...result,
      counts: {
        teams: teams.length,
        workers: workers.length,
        families: workers.reduce((n, w) => n + w.families, 0),
        overdueReviews: reviews.length,
        supervisionDue: supervision.length,
      },
    };
  }

  /** One audit event per page view, with the counts shown: ids and numbers only, never names. */
  recordView(actor: AuditActor, page: 'home' | 'team', counts: Record<string, number>) {
    return this.audit.record(actor, {
      action: page === 'home' ? 'early-help.home.viewed' : 'early-help.team.viewed',
      outcome: 'success',
      details: counts,
    });
  }
}

function countsOf(home: {
  families: unknown[];
  supported: unknown[];
  leadNotAgreed: unknown[];
  actions: { overdue: unknown[]; due: unknown[] };
  reviews: { overdue: unknown[]; due: unknown[] };
  meetings: unknown[];
  warnings: unknown[];
}) {
  return {
    families: home.families.length,
    supported: home.supported.length,
    leadNotAgreed: home.leadNotAgreed.length,
    actionsOverdue: home.actions.overdue.length,
    actionsDue: home.actions.due.length,
    reviewsOverdue: home.reviews.overdue.length,
    reviewsDue: home.reviews.due.length,
    meetings: home.meetings.length,
    warnings: home.warnings.length,
  };
}
