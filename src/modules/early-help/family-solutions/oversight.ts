import type { AuditActor } from '../../../platform/audit/audit.ts';
import { newId } from '../../../platform/db/ids.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { addMonthsToDay, londonDay, supervisionDue, timeLimitStatus } from './rules.ts';
import { FAMILY_RECORD_TYPE } from '../service.ts';
import { FamilySolutionsError, type SupervisionInput, SYSTEM, todayInLondon } from './types.ts';
import { FamilySolutionsAllocation } from './allocation.ts';

/** Supervision, the time limits, and the sustainment checks after closure. */
export class FamilySolutionsOversight extends FamilySolutionsAllocation {
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
}
