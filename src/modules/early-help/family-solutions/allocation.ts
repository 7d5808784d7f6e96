import type { AuditActor } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { capacityProblems } from './rules.ts';
import { FAMILY_RECORD_TYPE } from '../service.ts';
import { FamilySolutionsError, OverCapacity, type AllocationInput } from './types.ts';
import { FamilySolutionsCore } from './core.ts';

/** Allocation: the manager's overview of teams and caseloads, and allocating a family to a worker. */
export class FamilySolutionsAllocation extends FamilySolutionsCore {
  // ---- Allocation ----

  /** The allocation page: families waiting, every Family Solutions team's caseload, and each worker's against capacity. */
  async allocationOverview(viewer: Principal) {
    const [settings, teams, districts] = await Promise.all([
      this.settings(),
      this.repository.teams(),
      this.districtsOf(viewer),
    ]);
    const [waiting, teamLoads, workers] = await Promise.all([
      this.repository.unallocated(districts, [...viewer.teamIds]),
      this.repository.teamCaseloads(teams.map((t) => t.id)),
      this.repository.workers(teams.map((t) => t.id)),
    ]);
    const workerLoads = await this.repository.workerCaseloads(workers.map((w) => w.id));
    const defaultTeam = (district: string) => teams.find((t) => t.districts.includes(district)) ?? null;
    return {
      settings,
      waiting: waiting.map((e) => ({ ...e, defaultTeam: defaultTeam(e.district_code) })),
      teams: teams.map((t) => ({
        ...t,
        caseload: teamLoads.get(t.id) ?? 0,
        mine: viewer.teamIds.includes(t.id),
        workers: workers
          .filter((w) => w.team_id === t.id)
          .map((w) => ({
            ...w,
            caseload: workerLoads.get(w.id) ?? 0,
            full: (workerLoads.get(w.id) ?? 0) >= settings.workerCapacity,
          })),
      })),
    };
  }

  /** The manager may allocate families in their teams' districts, or already with one of their teams. */
  protected async requireAllocator(
    actor: AuditActor,
    viewer: Principal,
    episode: { family_id: string; district_code: string; allocated_team_id: string | null },
  ) {
    if (!can(viewer, 'family-solutions:manage').allowed)
      await this.denied(
        actor,
        episode.family_id,
        'family-solutions:manage',
        'not a Family Solutions manager',
        'Only a Family Solutions manager allocates families',
      );
    const inScope =
      (await this.districtsOf(viewer)).includes(episode.district_code) ||
      (episode.allocated_team_id !== null && viewer.teamIds.includes(episode.allocated_team_id));
    if (!inScope)
      await this.denied(
        actor,
        episode.family_id,
        'family-solutions:manage',
        'family outside the manager’s districts',
        'This family is not in a district your teams cover',
      );
  }

  /** The allocation form for one family: the chosen team (default: the team covering the family's district) and its workers' caseloads. */
  async allocationForm(actor: AuditActor, viewer: Principal, episodeId: string, teamId?: string) {
    const episode = await this.fsEpisode(episodeId);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: it cannot be allocated');
    await this.requireAllocator(actor, viewer, episode);
    const overview = await this.allocationOverview(viewer);
    const team =
      overview.teams.find((t) => t.id === teamId) ??
      overview.teams.find((t) => t.districts.includes(episode.district_code)) ??
      overview.teams.find((t) => t.mine) ??
      overview.teams[0] ??
      null;
    return {
      episode,
      allocation: await this.repository.currentAllocation(episode.id),
      teams: overview.teams,
      team,
      settings: overview.settings,
    };
  }

  /**
   * Allocates the family to a team and a worker of that team. At or over capacity (worker, or team
   * when the tenant sets one) the manager must give a reason. The worker becomes the episode's
   * allocated worker and lead professional through EarlyHelpService, in the same transaction.
   */
  async allocate(actor: AuditActor, viewer: Principal, episodeId: string, version: number, input: AllocationInput) {
    const episode = await this.fsEpisode(episodeId);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: it cannot be allocated');
    await this.requireAllocator(actor, viewer, episode);
    const settings = await this.settings();
    const team = (await this.repository.teams()).find((t) => t.id === input.teamId);
    if (!team) throw new FamilySolutionsError('teamId', 'Select a Family Solutions team');
    const worker = (await this.repository.workers([team.id])).find((w) => w.id === input.workerId);
    if (!worker) throw new FamilySolutionsError('workerId', `Select a worker of ${team.name}`);
    const reason = input.overCapacityReason?.trim() || null;
    if (reason && reason.length > 2000)
      throw new FamilySolutionsError('overCapacityReason', 'The reason must be 2,000 characters or fewer');
    const allocationId = newId();
    await this.db.transaction().execute(async (tx) => {
      // Counted inside the transaction, leaving out this family, so a re-allocation is not counted twice.
      const workerLoad = await this.repository.workerCaseloads([worker.id], tx, episode.id);
      const teamLoad = await this.repository.teamCaseloads([team.id], tx, episode.id);
      const problems = capacityProblems(
        {
          workerName: worker.display_name,
          worker: workerLoad.get(worker.id) ?? 0,
          teamName: team.name,
          team: teamLoad.get(team.id) ?? 0,
        },
        settings,
      );
      if (problems.length && !reason) throw new OverCapacity(problems);
      await tx
        .updateTable('fs_allocations')
        .set({ ended_at: new Date() })
        .where('episode_id', '=', episode.id)
        .where('ended_at', 'is', null)
        .execute();
      await tx
        .insertInto('fs_allocations')
        .values({
          id: allocationId,
          episode_id: episode.id,
          team_id: team.id,
          worker_id: worker.id,
          over_capacity_reason: problems.length ? reason : null,
          allocated_by: actor.userId,
        })
        .execute();
      await this.deps.earlyHelp.writeAllocation(tx, actor, episode, version, { teamId: team.id, workerId: worker.id });
      await this.audit.record(
        actor,
        {
          action: 'family-solutions.allocated',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: {
            episodeId: episode.id,
            allocationId,
            teamId: team.id,
            workerId: worker.id,
            overCapacity: problems.length > 0,
          },
        },
        tx,
      );
    });
    return { worker: worker.display_name, team: team.name };
  }
}
