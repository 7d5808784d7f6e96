import type { AuditActor } from '../../../platform/audit/audit.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { ActionInput } from './schemas.ts';
import { MACE1_CASE, type Mace1Service } from './service.ts';

/**
 * A MACE 1 case's protection plan: actions per agency, each with its owner, due date and status (not started, in
 * progress, done, cancelled). The panel of the case's quadrant keeps it; every change is audited, and a change
 * made on an out-of-date page is refused (optimistic locking) so nobody overwrites someone else's without seeing it.
 */
export class Mace1PlanService {
  constructor(private readonly cases: Mace1Service) {}

  /** Adds a protection plan action (the panel of the case's quadrant). */
  async addAction(actor: AuditActor, user: Principal, caseId: string, input: ActionInput, meetingId: string | null) {
    await this.cases.mustSitOn(actor, user, caseId);
    const id = newId();
    await this.cases.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('mace1_plan_actions')
        .values({
          id,
          case_id: caseId,
          meeting_id: meetingId,
          organisation_id: input.organisation,
          action: input.action,
          owner: input.owner,
          due_on: input['due-day'],
          status: input.status,
          done_on: input.status === 'done' ? todayInLondon() : null,
          created_by: actor.userId,
          updated_by: actor.userId,
        })
        .execute();
      await this.cases.audit.record(
        actor,
        {
          action: 'mace1-plan.action-added',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: caseId,
          details: { actionId: id },
        },
        tx,
      );
    });
    return id;
  }

  /** Changes an action; the version is the one the form showed (someone else's change meanwhile: StaleVersionError). */
  async updateAction(
    actor: AuditActor,
    user: Principal,
    caseId: string,
    actionId: string,
    version: number,
    input: ActionInput,
  ) {
    await this.cases.mustSitOn(actor, user, caseId);
    await this.cases.db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('mace1_plan_actions')
        .set((eb) => ({
          organisation_id: input.organisation,
          action: input.action,
          owner: input.owner,
          due_on: input['due-day'],
          status: input.status,
          done_on: input.status === 'done' ? eb.fn.coalesce('done_on', eb.val(todayInLondon())) : null,
          updated_by: actor.userId,
          updated_at: new Date(),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', actionId)
        .where('case_id', '=', caseId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new StaleVersionError('This action');
      await this.cases.audit.record(
        actor,
        {
          action: 'mace1-plan.action-changed',
          outcome: 'success',
          subjectType: MACE1_CASE,
          subjectId: caseId,
          details: { actionId, status: input.status },
        },
        tx,
      );
    });
  }
}
