import type { AuditActor } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import type { CaseAudits } from './case-audits.ts';
import { AuditRefused, type AuditsCore } from './core.ts';

const AUDIT = 'case-audit';

/**
 * After the agencies' findings (seed 004): the findings meeting with its attendance by agency ("71 professionals
 * attended from 18 agencies"), the cross-cutting practice themes it drew out, and the plan of service development
 * that follows (actions, owner, due date, status).
 */
export class CaseAuditPlan {
  constructor(
    private readonly c: AuditsCore,
    private readonly audits: CaseAudits,
  ) {}

  /** The findings meeting: its date and how many came from an agency (a second entry for the agency replaces it). */
  async recordAttendance(
    actor: AuditActor,
    user: Principal,
    auditId: string,
    input: { meetingOn: string; organisationId: string; attendees: number },
  ) {
    if (!(await this.audits.openForManager(actor, user, auditId, 'organisationId'))) return null;
    const org = isUuid(input.organisationId)
      ? await this.c.db
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', input.organisationId)
          .executeTakeFirst()
      : undefined;
    if (!org) throw new AuditRefused('organisationId', 'Select the agency that attended');
    await this.c.write(
      actor,
      { action: 'case-audit.attendance', subjectType: AUDIT, subjectId: auditId },
      async (tx) => {
        await tx
          .updateTable('case_audits')
          .set({ meeting_on: input.meetingOn, updated_at: new Date(), updated_by: user.id })
          .where('id', '=', auditId)
          .execute();
        await tx
          .insertInto('case_audit_attendance')
          .values({ audit_id: auditId, organisation_id: org.id, attendees: input.attendees })
          .onConflict((oc) => oc.columns(['audit_id', 'organisation_id']).doUpdateSet({ attendees: input.attendees }))
          .execute();
      },
    );
    return true;
  }

  attendance(auditId: string) {
    return this.c.db
      .selectFrom('case_audit_attendance as a')
      .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select(['o.name', 'a.attendees'])
      .where('a.audit_id', '=', auditId)
      .orderBy('o.name')
      .execute();
  }

  async addTheme(actor: AuditActor, user: Principal, auditId: string, input: { title: string; detail: string }) {
    if (!(await this.audits.openForManager(actor, user, auditId, 'title'))) return null;
    const id = newId();
    await this.c.write(actor, { action: 'case-audit.theme', subjectType: AUDIT, subjectId: auditId }, (tx) =>
      tx
        .insertInto('case_audit_themes')
        .values({ id, audit_id: auditId, ...input })
        .execute(),
    );
    return id;
  }

  themes(auditId: string) {
    return this.c.db
      .selectFrom('case_audit_themes')
      .selectAll()
      .where('audit_id', '=', auditId)
      .orderBy('created_at')
      .execute();
  }

  /** An action of the service development plan (it outlives the audit: its status can change after closing). */
  async addAction(
    actor: AuditActor,
    user: Principal,
    auditId: string,
    input: { action: string; owner: string; dueOn: string },
  ) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    if (!(await this.audits.get(auditId))) return null;
    const id = newId();
    await this.c.write(actor, { action: 'case-audit.action', subjectType: AUDIT, subjectId: auditId }, (tx) =>
      tx
        .insertInto('case_audit_actions')
        .values({
          id,
          audit_id: auditId,
          action: input.action,
          owner: input.owner,
          due_on: input.dueOn,
          created_by: user.id,
          updated_by: user.id,
        })
        .execute(),
    );
    return id;
  }

  async actions(auditId: string, today = todayInLondon()) {
    const rows = await this.c.db
      .selectFrom('case_audit_actions')
      .selectAll()
      .where('audit_id', '=', auditId)
      .orderBy('due_on')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...r, overdue: r.status !== 'done' && r.due_on < today }));
  }

  async setActionStatus(
    actor: AuditActor,
    user: Principal,
    auditId: string,
    actionId: string,
    input: { status: 'not-started' | 'in-progress' | 'done'; version: number },
  ) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    if (!isUuid(actionId)) return null;
    const done = await this.c.write(
      actor,
      {
        action: 'case-audit.action-status',
        subjectType: AUDIT,
        subjectId: auditId,
        details: { action: actionId, status: input.status },
      },
      (tx) =>
        tx
          .updateTable('case_audit_actions')
          .set({ status: input.status, updated_at: new Date(), updated_by: user.id, version: input.version + 1 })
          .where('id', '=', actionId)
          .where('audit_id', '=', auditId)
          .where('version', '=', input.version)
          .executeTakeFirst(),
    );
    if (Number(done.numUpdatedRows) !== 1)
      throw new AuditRefused(`status-${actionId}`, 'Someone else changed this action: reload the page and try again');
    return true;
  }
}
