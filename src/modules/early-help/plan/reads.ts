import { differenceInCalendarDays } from 'date-fns';
import type { RecordLocator } from '../../../platform/http/route-access.ts';
import { familyLocator } from '../records.ts';
import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { PlanRepository } from './repository.ts';
import { distanceChart, formatDate, isChildMember, signOffStatus, todayInLondon } from './rules.ts';
import { EarlyHelpDenied, EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';

/** The plan's construction and its reads: the plan for an episode, overdue reviews, and who may change it. */
export abstract class PlanReads {
  readonly repository: PlanRepository;
  /** How plan routes find the family they are about: by the plan's id. */
  readonly families: { byPlan: RecordLocator };

  constructor(
    protected readonly db: Kysely<DB>,
    protected readonly audit: AuditLog,
    protected readonly deps: { earlyHelp: EarlyHelpService; directory: DirectoryService; reference: ReferenceService },
  ) {
    this.repository = new PlanRepository(db);
    this.families = {
      byPlan: familyLocator(deps.earlyHelp.involvementsIn.bind(deps.earlyHelp), async (id) => {
        const plan = await this.repository.plan(id);
        return plan ? (await deps.earlyHelp.episodeRow(plan.episode_id))?.family_id : null;
      }),
    };
    deps.earlyHelp.addClosureCheck(async (tx, episodeId) => {
      const open = await this.repository.openActionsOfEpisode(tx, episodeId);
      return open.map((a) => ({
        field: 'version',
        text: `The plan’s action “${a.description}” (${a.who_name}, by ${formatDate(a.due_date)}) is still to do: mark it done or dropped on the plan before closing`,
      }));
    });
  }

  /** How often plans are reviewed, from the tenant file. */
  async reviewWeeks() {
    return (await this.deps.reference.earlyHelpSettings()).reviewWeeks;
  }

  // ---- Reading ----

  /** A plan row by id, or undefined (internal: the caller has decided access to the family). */
  planRow(planId: string) {
    return isUuid(planId) ? this.repository.plan(planId) : Promise.resolve(undefined);
  }
  /** The episode's plan row, or undefined (internal, as planRow). */
  planOfEpisode(episodeId: string) {
    return this.repository.planOfEpisode(episodeId);
  }
  /** The plan's actions (internal, as planRow). */
  actionsOf(planId: string) {
    return this.repository.actions(planId);
  }

  /**
   * The episode's family and plan as the plan pages show them, if the policy lets the viewer see the
   * family (EarlyHelpService.episode asks it; the route's declared record access audits the view first).
   */
  async forEpisode(viewer: Principal, episodeId: string) {
    const record = await this.deps.earlyHelp.episode(viewer, episodeId);
    if (!record) return null;
    const plan = await this.repository.planOfEpisode(episodeId);
    const currentMembers = record.members.filter((m) => m.current);
    const practitioners = record.episode.involved
      .filter((i) => !i.to_at)
      .filter((i, n, all) => all.findIndex((j) => j.user_id === i.user_id) === n);
    const base = { ...record, currentMembers, practitioners, reviewWeeks: await this.reviewWeeks() };
    if (!plan) return { ...base, plan: null };
    const [goals, actions, reviews, scores, signOffs] = await Promise.all([
      this.repository.goals(plan.id),
      this.repository.actions(plan.id),
      this.repository.reviews(plan.id),
      this.repository.scores(plan.id),
      this.repository.signOffs(plan.id),
    ]);
    const labelled = goals.map((g, i) => ({
      ...g,
      label: `Goal ${i + 1}`,
      actions: actions.filter((a) => a.goal_id === g.id),
    }));
    const chart = distanceChart(
      labelled.map((g) => ({ id: g.id, label: g.label, startScore: g.start_score })),
      reviews.map((r) => ({ id: r.id, date: r.review_date })),
      scores,
    );
    const signers = currentMembers.map((m) => ({
      ...m,
      child: isChildMember(m.relationship),
      status: signOffStatus(m.id, signOffs, plan.content_version),
    }));
    const adults = signers.filter((s) => !s.child);
    return {
      ...base,
      plan: { ...plan, overdue: plan.next_review_date < todayInLondon() && record.episode.status === 'open' },
      goals: labelled,
      openActions: actions.filter((a) => a.status === 'open').length,
      reviews: reviews.map((r, i) => ({
        ...r,
        label: `Review ${i + 1}`,
        scores: labelled.map((g) => scores.find((s) => s.review_id === r.id && s.goal_id === g.id)?.score ?? null),
      })),
      chart,
      signers,
      agreedByAllAdults: adults.length > 0 && adults.every((s) => s.status.state === 'signed'),
    };
  }

  /**
   * An Early Help Plan as someone escalating it sees it (issue 15), and whether they may: whoever may see the family
   * (record:view with their involvement, or a break-glass grant in force, asked of the policy here). Whom the first
   * stage asks: the lead professional, or else the allocated worker. Null for no such plan.
   */
  async escalationSubject(viewer: Principal, planId: string) {
    const plan = await this.planRow(planId);
    const episode = plan ? await this.deps.earlyHelp.episodeRow(plan.episode_id) : undefined;
    if (!plan || !episode) return null;
    const { decision } = await this.deps.earlyHelp.viewDecision(viewer, episode.family_id);
    const worker = (await this.deps.earlyHelp.involvementsOfEpisodes([episode.id])).find(
      (i) => i.role === 'allocated-worker' && !i.to_at,
    );
    const leadProfessionalId = episode.lead_professional_id ?? worker?.user_id ?? null;
    return {
      id: plan.id,
      episodeId: episode.id,
      reference: `EHP-${plan.id.slice(0, 8).toUpperCase()}`,
      startedOn: plan.start_date,
      leadProfessionalId,
      mayView: decision.allowed,
      reason: decision.reason,
    };
  }

  /** The same, from the plan's id (the plan's own pages). */
  async forPlan(viewer: Principal, planId: string) {
    const plan = isUuid(planId) ? await this.repository.plan(planId) : undefined;
    return plan ? this.forEpisode(viewer, plan.episode_id) : null;
  }

  /**
   * Overdue reviews the viewer should see: plans of open episodes they lead or are allocated to, and,
   * for a manager of the allocated team, their team's. Each family is checked with the policy
   * (`record:view` with the viewer's involvements) before it is listed; the list view is audited.
   */
  async overdueReviews(actor: AuditActor, viewer: Principal) {
    const today = todayInLondon();
    const rows = await this.repository.overdue(today, viewer.id, viewer.teamIds);
    const involvements = new Map<string, Awaited<ReturnType<EarlyHelpService['involvementsIn']>>>();
    for (const [familyId, found] of await this.deps.earlyHelp.involvementsInFamilies(
      rows.map((r) => r.family_id),
      viewer,
    ))
      involvements.set(familyId, found);
    const visible = rows
      .filter(
        (r) =>
          can(viewer, 'record:view', {
            type: 'record',
            id: r.family_id,
            involvements: involvements.get(r.family_id) ?? [],
          }).allowed,
      )
      .map((r) => ({
        ...r,
        daysOverdue: differenceInCalendarDays(today, r.next_review_date),
      }));
    const mine = visible.filter((r) => r.is_mine);
    const team = visible.filter((r) => !r.is_mine && involvements.get(r.family_id)?.includes('team-manager'));
    await this.audit.record(actor, {
      action: 'early-help.reviews.overdue-viewed',
      outcome: 'success',
      details: { planIds: [...mine, ...team].map((r) => r.id) },
    });
    // The same test as EarlyHelpService.involvementsIn: a Family Solutions manager manages the teams they are in.
    const managesTeam = can(viewer, 'family-solutions:manage').allowed && viewer.teamIds.length > 0;
    return { mine, team, managesTeam };
  }

  // ---- Changing ----

  protected async editable(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = isUuid(episodeId) ? await this.deps.earlyHelp.episodeRow(episodeId) : undefined;
    if (!episode) throw new EarlyHelpError('episode', 'There is no such episode');
    const involvements = await this.deps.earlyHelp.involvementsIn(episode.family_id, viewer);
    const decision = can(viewer, 'record:edit', { type: 'record', id: episode.family_id, involvements });
    if (!decision.allowed) {
      await this.audit.record(actor, {
        action: 'permission.denied',
        outcome: 'denied',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: episode.family_id,
        details: { action: 'record:edit', reason: decision.reason, episodeId },
      });
      throw new EarlyHelpDenied('Only the lead professional or allocated worker can change this family’s plan');
    }
    if (episode.status !== 'open')
      throw new EarlyHelpError('episode', 'This episode has been closed: its plan can no longer change');
    return episode;
  }

  protected async editablePlan(actor: AuditActor, viewer: Principal, planId: string) {
    const plan = isUuid(planId) ? await this.repository.plan(planId) : undefined;
    if (!plan) throw new EarlyHelpError('plan', 'There is no such plan');
    const episode = await this.editable(actor, viewer, plan.episode_id);
    return { plan, episode };
  }
}
