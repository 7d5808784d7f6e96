import type { Kysely } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { DB, PlanActionStatus } from '../../../platform/db/schema/index.ts';
import { updateVersioned } from '../../../platform/db/versioned.ts';
import { type Principal } from '../../../platform/permissions/policy.ts';
import { EarlyHelpError, FAMILY_RECORD_TYPE } from '../service.ts';
import { PlanGoals } from './goals.ts';

/** Actions moving on: done or dropped, by hand or from a TAF meeting's record. */
export class PlanActions extends PlanGoals {
  /** Done or dropped (or open again): nothing is deleted; the sign-off stands (progress, not a new agreement). */
  async setActionStatus(
    actor: AuditActor,
    viewer: Principal,
    planId: string,
    actionId: string,
    version: number,
    status: PlanActionStatus,
  ) {
    const { plan, episode } = await this.editablePlan(actor, viewer, planId);
    const action = isUuid(actionId) ? await this.repository.action(actionId) : undefined;
    if (!action || action.plan_id !== plan.id)
      throw new EarlyHelpError('action', 'There is no such action on this plan');
    await this.db.transaction().execute(async (tx) => {
      // The plan row first, as every change to a plan locks it (applyMeetingUpdates too): one lock order, no deadlock.
      await tx.selectFrom('plans').select('id').where('id', '=', plan.id).forUpdate().executeTakeFirst();
      await updateVersioned(
        tx,
        'plan_actions',
        { id: action.id, version, by: actor.userId, what: 'This action' },
        { status },
      );
      // Progress is not a change to what the family agreed: the plan's sign-off stands.
      await this.repository.bumpProgress(tx, plan.id, actor.userId);
      await this.audit.record(
        actor,
        {
          action: 'early-help.plan.action-status',
          outcome: 'success',
          subjectType: FAMILY_RECORD_TYPE,
          subjectId: episode.family_id,
          details: { planId: plan.id, actionId, from: action.status, to: status },
        },
        tx,
      );
    });
  }

  /**
   * Status changes agreed at a TAF meeting, written in the caller's transaction so the meeting's record
   * and the plan commit together (TafService.recordMeeting). The caller has already asked the policy for
   * record:edit on the family and checked the episode is open. The plan row is locked and its version
   * compared with the one the form showed: a plan changed meanwhile throws StaleVersionError and nothing
   * is written. Changed actions and the plan's versions move as setActionStatus moves them, with one
   * audit event (ids only). Returns every action's status before the change, by id.
   */
  async applyMeetingUpdates(
    tx: Kysely<DB>,
    actor: AuditActor,
    planId: string,
    version: number,
    meetingId: string,
    changes: { actionId: string; status: PlanActionStatus }[],
  ) {
    const plan = await tx
      .selectFrom('plans as p')
      .innerJoin('episodes as e', 'e.id', 'p.episode_id')
      .select(['p.id', 'p.version', 'e.family_id'])
      .where('p.id', '=', planId)
      .forUpdate(['p'])
      .executeTakeFirst();
    if (!plan || plan.version !== version) throw new StaleVersionError('This plan');
    const before = new Map((await this.repository.actions(planId, tx)).map((a) => [a.id, a.status]));
    if (changes.some((c) => !before.has(c.actionId)))
      throw new EarlyHelpError('action', 'There is no such action on this plan');
    const moved = changes.filter((c) => before.get(c.actionId) !== c.status);
    if (!moved.length) return before;
    for (const c of moved) {
      await tx
        .updateTable('plan_actions')
        .set((eb) => ({
          status: c.status,
          version: eb('version', '+', 1),
          updated_at: new Date(),
          updated_by: actor.userId,
        }))
        .where('id', '=', c.actionId)
        .execute();
    }
    await this.repository.bumpProgress(tx, planId, actor.userId);
    await this.audit.record(
      actor,
      {
        action: 'early-help.plan.actions-updated-at-meeting',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: plan.family_id,
        details: {
          planId,
          meetingId,
          changes: moved.map((c) => ({ actionId: c.actionId, from: before.get(c.actionId)!, to: c.status })),
        },
      },
      tx,
    );
    return before;
  }
}
