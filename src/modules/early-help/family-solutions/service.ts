import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import { StaleVersionError, isUniqueViolation } from '../../../platform/db/errors.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import type { Notify } from '../../../platform/notify/notify.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { FamilySolutionsRepository } from './repository.ts';
import {
  addMonthsToDay,
  capacityProblems,
  claimCheck,
  isAdultOn,
  londonDay,
  supervisionDue,
  timeLimitStatus,
  type ClaimResult,
} from './rules.ts';
import { FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';

/** A problem with what the user asked for, named by the form field to correct. */
export class FamilySolutionsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The policy refused (audited as permission.denied). */
export class FamilySolutionsDenied extends Error {}

/** Allocating over capacity needs a reason: the problems say who is full. */
export class OverCapacity extends FamilySolutionsError {
  constructor(readonly problems: string[]) {
    super('overCapacityReason', `${problems.join('. ')}. To allocate anyway, give the reason`);
  }
}

/** Family Solutions works "on the basis of family agreement": no work before it is recorded. */
export class AgreementRequired extends Error {
  constructor() {
    super('Record the family agreement before starting work with this family');
  }
}

export interface AllocationInput {
  teamId: string;
  workerId: string;
  overCapacityReason?: string | undefined;
}

export interface AgreementInput {
  agreedOn: string;
  agreedBy: string[];
  familyAgrees: string;
  serviceAgrees: string;
}

export interface SupervisionInput {
  supervisedOn: string;
  notes: string;
  decisions: string;
  nextDue: string;
}

const SYSTEM = { userId: null, label: 'family-solutions jobs' };
const todayInLondon = () => londonDay(new Date());

/**
 * Family Solutions (level 3, issue 7): a manager allocates each accepted family to a team and a
 * worker against caseload capacity; the family agreement gates the work; warnings come at 9 and 11
 * months of the 12-month limit; managers record case supervision; closed families are checked
 * against the Supporting Families claim rules, with a sustainment check 6 months after closure and
 * re-requests counted. Episodes, involvements and the family's record belong to EarlyHelpService:
 * access to a family is decided there (involvement + policy), and allocation writes through it.
 */
export class FamilySolutionsService {
  readonly repository: FamilySolutionsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: {
      earlyHelp: EarlyHelpService;
      reference: ReferenceService;
      notify: Notify;
      breakGlass: BreakGlassService;
    },
    private readonly options: { publicUrl: string },
  ) {
    this.repository = new FamilySolutionsRepository(db);
    // Work with a Family Solutions family starts only once the family agreement is recorded.
    deps.earlyHelp.addWorkCheck(async (tx, episodeId) => {
      try {
        await this.requireAgreement(episodeId, tx);
        return null;
      } catch (error) {
        if (error instanceof AgreementRequired) return error.message;
        throw error;
      }
    });
  }

  settings() {
    return this.deps.reference.familySolutionsSettings();
  }

  // ---- Access ----

  private async denied(
    actor: AuditActor,
    familyId: string | null,
    action: string,
    reason: string,
    message: string,
  ): Promise<never> {
    await this.audit.record(actor, {
      action: 'permission.denied',
      outcome: 'denied',
      ...(familyId ? { subjectType: FAMILY_RECORD_TYPE, subjectId: familyId } : {}),
      details: { action, reason },
    });
    throw new FamilySolutionsDenied(message);
  }

  /** A Family Solutions episode, or a field error for an unknown id or an episode of another pathway. */
  private async fsEpisode(episodeId: string, db?: Kysely<DB>) {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId, db) : undefined;
    if (!episode || episode.pathway !== 'family-solutions')
      throw new FamilySolutionsError('episode', 'There is no such Family Solutions episode');
    return episode;
  }

  /** How the viewer is involved with the episode's family, and what the policy lets them do. */
  private async accessTo(viewer: Principal, familyId: string) {
    const involvements: Involvement[] = await this.deps.earlyHelp.involvementsIn(familyId, viewer);
    const grant = await this.deps.breakGlass.activeGrant(viewer.id, FAMILY_RECORD_TYPE, familyId);
    return {
      involvements,
      canView: can(viewer, 'record:view', { type: 'record', id: familyId, involvements, breakGlass: grant !== null })
        .allowed,
      canEdit: can(viewer, 'record:edit', { type: 'record', id: familyId, involvements }).allowed,
      isTeamManager: can(viewer, 'family-solutions:manage').allowed && involvements.includes('team-manager'),
    };
  }

  private async requireEdit(actor: AuditActor, viewer: Principal, familyId: string) {
    const access = await this.accessTo(viewer, familyId);
    if (!access.canEdit)
      await this.denied(
        actor,
        familyId,
        'record:edit',
        'not involved in a role that edits this record',
        'Only the family’s allocated worker or lead professional can do this',
      );
    return access;
  }

  private async requireTeamManager(actor: AuditActor, viewer: Principal, familyId: string) {
    const access = await this.accessTo(viewer, familyId);
    if (!access.isTeamManager)
      await this.denied(
        actor,
        familyId,
        'family-solutions:manage',
        'not a manager of the allocated team',
        'Only a manager of the family’s Family Solutions team can do this',
      );
    return access;
  }

  /** Districts the manager's teams cover: whose families they allocate. */
  private async districtsOf(viewer: Principal): Promise<string[]> {
    const teams = await Promise.all(viewer.teamIds.map((id) => this.deps.reference.team(id)));
    return [...new Set(teams.flatMap((t) => t?.districts ?? []))];
  }

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
  private async requireAllocator(
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

  // ---- The family agreement ----

  /** Whether the family agreement is recorded: other parts of early help refuse work on a Family Solutions episode until it is. */
  async hasAgreement(episodeId: string, db: Kysely<DB> = this.db): Promise<boolean> {
    return isUuid(episodeId) && (await this.repository.agreement(episodeId, db)) !== undefined;
  }

  /** Throws AgreementRequired for a Family Solutions episode with no agreement; other pathways pass. */
  async requireAgreement(episodeId: string, db: Kysely<DB> = this.db): Promise<void> {
    const episode = isUuid(episodeId) ? await this.repository.episode(episodeId, db) : undefined;
    if (episode?.pathway === 'family-solutions' && !(await this.hasAgreement(episodeId, db)))
      throw new AgreementRequired();
  }

  /** The family's adults now (who may agree) and any agreement recorded, for the form. */
  async agreementForm(actor: AuditActor, viewer: Principal, episodeId: string) {
    const episode = await this.fsEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
    const today = todayInLondon();
    const members = (await this.deps.earlyHelp.membersOf(episode.family_id)).filter((m) => m.to_date === null);
    return {
      episode,
      agreement: (await this.repository.agreement(episode.id)) ?? null,
      adults: members.filter((m) => isAdultOn(m, today)),
    };
  }

  /**
   * Records (or corrects) the family agreement: the date, which adults of the family agreed, and what
   * the family and the service each agree to. `version` 0 means "there was none when I opened the form".
   */
  async recordAgreement(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: AgreementInput,
    today = todayInLondon(),
  ) {
    const episode = await this.fsEpisode(episodeId);
    await this.requireEdit(actor, viewer, episode.family_id);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
    const openedOn = londonDay(episode.opened_at);
    if (input.agreedOn > today)
      throw new FamilySolutionsError('agreedOn-day', 'The date agreed must be today or in the past');
    if (input.agreedOn < openedOn)
      throw new FamilySolutionsError(
        'agreedOn-day',
        'The date agreed must be on or after the day Family Solutions started',
      );
    const members = await this.deps.earlyHelp.membersOf(episode.family_id);
    const adults = members.filter(
      (m) =>
        m.from_date <= input.agreedOn &&
        (m.to_date === null || m.to_date >= input.agreedOn) &&
        isAdultOn(m, input.agreedOn),
    );
    const agreedBy = [...new Set(input.agreedBy)];
    if (!agreedBy.length || agreedBy.some((id) => !adults.some((a) => a.person_id === id)))
      throw new FamilySolutionsError('agreedBy', 'Select the adults in the family who agreed');
    const values = {
      agreed_on: input.agreedOn,
      agreed_by: agreedBy,
      family_agrees: input.familyAgrees.trim(),
      service_agrees: input.serviceAgrees.trim(),
    };
    await this.db
      .transaction()
      .execute(async (tx) => {
        const existing = await this.repository.agreement(episode.id, tx);
        if (existing) {
          if (version === 0) throw new StaleVersionError('The family agreement');
          await updateVersioned(
            tx,
            'fs_agreements',
            { id: existing.id, version, by: actor.userId, what: 'The family agreement' },
            values,
          );
        } else {
          if (version !== 0) throw new StaleVersionError('The family agreement');
          await tx
            .insertInto('fs_agreements')
            .values({
              id: newId(),
              episode_id: episode.id,
              ...values,
              created_by: actor.userId,
              updated_by: actor.userId,
            })
            .execute();
        }
        await this.audit.record(
          actor,
          {
            action: existing ? 'family-solutions.agreement.changed' : 'family-solutions.agreement.recorded',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: episode.family_id,
            details: { episodeId: episode.id, people: agreedBy },
          },
          tx,
        );
      })
      .catch((error: unknown) => {
        // Two people recording the first agreement at once: the second is told, as for any stale edit.
        if (isUniqueViolation(error)) throw new StaleVersionError('The family agreement');
        throw error;
      });
  }

  // ---- Supervision ----

  /** Case supervision by a manager of the family's team; the next supervision must be after today. */
  async recordSupervision(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    input: SupervisionInput,
    today = todayInLondon(),
  ) {
    const episode = await this.fsEpisode(episodeId);
    await this.requireTeamManager(actor, viewer, episode.family_id);
    if (episode.status !== 'open')
      throw new FamilySolutionsError('episode', 'This episode has been closed: nothing more can change');
    if (input.supervisedOn > today)
      throw new FamilySolutionsError('supervisedOn-day', 'The date of the supervision must be today or in the past');
    if (input.nextDue <= today)
      throw new FamilySolutionsError('nextDue-day', 'The next supervision must be after today');
    const id = newId();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('fs_supervisions')
        .values({
          id,
          episode_id: episode.id,
          supervised_on: input.supervisedOn,
          notes: input.notes.trim(),
          decisions: input.decisions.trim(),
          next_due: input.nextDue,
          created_by: actor.userId,
        })
        .execute();
      await this.audit.record(
        actor,
        {
          action: 'family-solutions.supervision.recorded',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId: episode.id, supervisionId: id, nextDue: input.nextDue },
        },
        tx,
      );
    });
  }

  // ---- Time limits, supervision due and sustainment checks: the manager's and worker's lists ----

  /** For the manager: their teams' families past a time-limit warning, supervisions due, and sustainment checks due. */
  async oversight(viewer: Principal, today = todayInLondon()) {
    const settings = await this.settings();
    const [open, checks] = await Promise.all([
      this.repository.openEpisodesOfTeams([...viewer.teamIds]),
      this.repository.sustainmentChecksDue([...viewer.teamIds], today),
    ]);
    const withStatus = open.map((e) => ({ ...e, time: timeLimitStatus(londonDay(e.opened_at), today, settings) }));
    return {
      settings,
      timeLimits: withStatus.filter((e) => e.time.reached.length || e.time.overLimit),
      supervisionDue: withStatus.filter((e) => supervisionDue(e.next_due, today)),
      sustainmentDue: checks,
    };
  }

  /** For the worker: their open Family Solutions families with agreement and time-limit status (the banner). */
  async myFamilies(viewer: Principal, today = todayInLondon()) {
    const settings = await this.settings();
    return (await this.repository.myOpenEpisodes(viewer.id)).map((e) => ({
      ...e,
      time: timeLimitStatus(londonDay(e.opened_at), today, settings),
    }));
  }

  /**
   * The daily warnings job: for each open Family Solutions episode past a warning (9 or 11 months
   * in Essex), records the warning and emails the allocated worker once. The primary key on
   * (episode, months) makes a re-run, or two instances at once, send nothing twice. An episode first
   * seen past both warnings is emailed about the later one only.
   */
  async sendTimeLimitWarnings(today = todayInLondon()): Promise<{ emailed: number; recorded: number }> {
    const settings = await this.settings();
    const rows = await this.repository.openEpisodesWithWorkers();
    const episodes = new Map<
      string,
      { opened_at: Date; family_name: string; workers: { id: string; email: string; name: string }[] }
    >();
    for (const r of rows) {
      const e = episodes.get(r.id) ?? { opened_at: r.opened_at, family_name: r.family_name, workers: [] };
      if (r.worker_id && r.worker_email)
        e.workers.push({ id: r.worker_id, email: r.worker_email, name: r.worker_name ?? '' });
      episodes.set(r.id, e);
    }
    let emailed = 0;
    let recorded = 0;
    for (const [episodeId, e] of episodes) {
      const status = timeLimitStatus(londonDay(e.opened_at), today, settings);
      if (!status.reached.length) continue;
      await this.db.transaction().execute(async (tx) => {
        const inserted = await tx
          .insertInto('fs_time_limit_warnings')
          .values(
            status.reached.map((w) => ({
              episode_id: episodeId,
              months: w.months,
              due_on: w.dueOn,
              worker_id: e.workers[0]?.id ?? null,
            })),
          )
          .onConflict((oc) => oc.columns(['episode_id', 'months']).doNothing())
          .returning(['months'])
          .execute();
        recorded += inserted.length;
        if (!inserted.length) return;
        const months = Math.max(...inserted.map((i) => i.months));
        for (const worker of e.workers) {
          await this.deps.notify.sendEmail(
            {
              template: 'family-solutions-time-limit',
              to: worker.email,
              subject: `${e.family_name}: ${months} months of Family Solutions`,
              body: `${worker.name},\n\n${e.family_name} started Family Solutions ${months} months ago. Support lasts up to ${settings.limitMonths} months: it ends on or before ${status.limitOn}. Plan the family’s next steps with them and your manager.\n\n${this.options.publicUrl}/early-help/family-solutions/episodes/${episodeId}`,
            },
            tx,
          );
          emailed += 1;
        }
        if (e.workers.length)
          await tx
            .updateTable('fs_time_limit_warnings')
            .set({ emailed_at: new Date() })
            .where('episode_id', '=', episodeId)
            .where('months', '=', months)
            .execute();
      });
    }
    return { emailed, recorded };
  }

  /** The daily sustainment job: a check for each closed Family Solutions episode whose 6 months since closure have passed. Idempotent. */
  async createSustainmentChecks(today = todayInLondon()): Promise<number> {
    const settings = await this.settings();
    let created = 0;
    for (const e of await this.repository.closedWithoutSustainmentCheck()) {
      const dueOn = addMonthsToDay(londonDay(e.closed_at!), settings.sustainmentMonths);
      if (dueOn > today) continue;
      await this.db.transaction().execute(async (tx) => {
        const id = newId();
        const inserted = await tx
          .insertInto('fs_sustainment_checks')
          .values({
            id,
            episode_id: e.id,
            due_on: dueOn,
            sustained: null,
            notes: null,
            recorded_at: null,
            recorded_by: null,
            created_by: null,
            updated_by: null,
          })
          .onConflict((oc) => oc.column('episode_id').doNothing())
          .returning('id')
          .execute();
        if (!inserted.length) return;
        created += 1;
        await this.audit.record(
          SYSTEM,
          {
            action: 'family-solutions.sustainment-check.created',
            outcome: 'success',
            subjectType: FAMILY_RECORD_TYPE,
            subjectId: e.family_id,
            details: { episodeId: e.id, checkId: id, dueOn },
          },
          tx,
        );
      });
    }
    return created;
  }

  /** Records whether the family's progress lasted; by the family's worker or a manager of its team. */
  async recordSustainment(
    actor: AuditActor,
    viewer: Principal,
    episodeId: string,
    version: number,
    input: { sustained: boolean; notes: string },
  ) {
    const episode = await this.fsEpisode(episodeId);
    const access = await this.accessTo(viewer, episode.family_id);
    if (!access.canEdit && !access.isTeamManager)
      await this.denied(
        actor,
        episode.family_id,
        'record:edit',
        'not the worker or team manager',
        'Only the family’s worker or a manager of its team can record the sustainment check',
      );
    const check = await this.repository.sustainmentCheck(episode.id);
    if (!check) throw new FamilySolutionsError('sustained', 'The sustainment check is not due yet');
    await this.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'fs_sustainment_checks',
        { id: check.id, version, by: actor.userId, what: 'The sustainment check' },
        {
          sustained: input.sustained,
          notes: input.notes.trim() || null,
          recorded_at: new Date(),
          recorded_by: actor.userId,
        },
      );
      await this.audit.record(
        actor,
        {
          action: 'family-solutions.sustainment-check.recorded',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { episodeId: episode.id, checkId: check.id, sustained: input.sustained },
        },
        tx,
      );
    });
  }

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
      reRequests: closed
        ? await this.repository.reRequests({
            episodeId: episode.id,
            familyId: episode.family_id,
            openedOn: londonDay(episode.opened_at),
            closedAt: episode.closed_at!,
            until: new Date(`${sustainmentDueOn}T23:59:59Z`),
          })
        : null,
    };
  }
}
