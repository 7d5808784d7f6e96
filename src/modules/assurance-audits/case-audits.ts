import type { AuditActor } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { CaseAuditGrade, CaseAuditKind } from '../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import { AuditRefused, type AuditsCore } from './core.ts';
import { GRADES } from './standards.ts';

const AUDIT = 'case-audit';
const NOT_OPEN = 'This audit is closed: nothing more can change';

export interface CaseAuditInput {
  kind: CaseAuditKind;
  theme: string;
  closedFrom: string;
  closedTo: string;
  level: number | null;
  sampleSize: number;
}

/**
 * Multi-agency case audits (seed 004: single-case MACAs and thematic MATAs, e.g. "Working with Parental/Adult Mental
 * Health … eight cases. 13 Agency Overview of Findings Reports"): the cases sampled from early help's closed episodes
 * by criteria, auditors per agency who see only the sampled families and only while the audit is open, one findings
 * report per agency with a grade per case, the findings meeting's attendance, cross-cutting themes, and the service
 * development plan.
 */
export class CaseAudits {
  constructor(private readonly c: AuditsCore) {}

  /** Creates the audit and samples its cases in one transaction; no case matching the criteria is refused. */
  async create(actor: AuditActor, user: Principal, input: CaseAuditInput): Promise<string> {
    await this.c.toManage(actor, user, AUDIT);
    const found = await this.c.deps.records.closedEpisodes({
      closedFrom: input.closedFrom,
      closedTo: input.closedTo,
      level: input.level,
      limit: input.kind === 'single' ? 1 : input.sampleSize,
    });
    if (!found.length)
      throw new AuditRefused(
        'closedFrom',
        'No early help episode closed in those dates at that level: widen the criteria',
      );
    const id = newId();
    await this.c.write(
      actor,
      { action: 'case-audit.created', subjectType: AUDIT, subjectId: id, details: { cases: found.length } },
      async (tx) => {
        await tx
          .insertInto('case_audits')
          .values({
            id,
            kind: input.kind,
            theme: input.theme,
            closed_from: input.closedFrom,
            closed_to: input.closedTo,
            level: input.level,
            created_by: user.id,
            updated_by: user.id,
          })
          .execute();
        await tx
          .insertInto('case_audit_cases')
          .values(
            found.map((e, i) => ({
              id: newId(),
              audit_id: id,
              episode_id: e.episodeId,
              family_id: e.familyId,
              position: i + 1,
            })),
          )
          .execute();
      },
    );
    return id;
  }

  get(id: string) {
    if (!isUuid(id)) return Promise.resolve(undefined);
    return this.c.db.selectFrom('case_audits').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(user: Principal) {
    let q = this.c.db
      .selectFrom('case_audits as a')
      .select((eb) => [
        'a.id',
        'a.kind',
        'a.theme',
        'a.status',
        'a.created_at',
        eb
          .selectFrom('case_audit_cases as k')
          .whereRef('k.audit_id', '=', 'a.id')
          .select(eb.fn.countAll<number>().as('n'))
          .as('cases'),
      ])
      .orderBy('a.created_at', 'desc');
    if (!this.c.manages(user))
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('case_audit_auditors as x')
            .select('x.id')
            .whereRef('x.audit_id', '=', 'a.id')
            .where('x.user_id', '=', user.id),
        ),
      );
    return (await q.execute()).map((r) => ({ ...r, cases: Number(r.cases) }));
  }

  /** The audit if the user may see it (the manager, or one of its auditors); a refusal is audited. */
  async visible(actor: AuditActor, user: Principal, id: string) {
    const audit = await this.get(id);
    if (!audit) return null;
    if (this.c.manages(user) || (await this.isAuditor(user, id))) return audit;
    return this.c.refuse(actor, AUDIT, 'assurance:respond', 'You are not an auditor on this audit.', id);
  }

  async isAuditor(user: Principal, auditId: string) {
    const row = await this.c.db
      .selectFrom('case_audit_auditors')
      .select('id')
      .where('audit_id', '=', auditId)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    return row !== undefined;
  }

  async cases(auditId: string) {
    const rows = await this.c.db
      .selectFrom('case_audit_cases')
      .selectAll()
      .where('audit_id', '=', auditId)
      .orderBy('position')
      .execute();
    const facts = new Map(
      (await this.c.deps.records.episodeSummaries(rows.map((r) => r.episode_id))).map((e) => [e.episodeId, e]),
    );
    return rows.map((r) => ({ ...r, facts: facts.get(r.episode_id) }));
  }

  auditors(auditId: string) {
    return this.c.db
      .selectFrom('case_audit_auditors as x')
      .innerJoin('users as u', 'u.id', 'x.user_id')
      .innerJoin('organisations as o', 'o.id', 'x.organisation_id')
      .select(['x.id', 'x.user_id', 'u.display_name', 'u.email', 'o.name as organisation', 'x.organisation_id'])
      .where('x.audit_id', '=', auditId)
      .orderBy('o.name')
      .execute();
  }

  /** Adds an auditor (an active user who answers for their agency: assurance:respond) by email. */
  async addAuditor(actor: AuditActor, user: Principal, auditId: string, email: string) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    const audit = await this.get(auditId);
    if (!audit) return null;
    if (audit.status !== 'open') throw new AuditRefused('email', NOT_OPEN);
    const found = await this.c.db
      .selectFrom('users')
      .select(['id', 'organisation_id', 'display_name'])
      .where('email', '=', email.trim().toLowerCase())
      .where('is_active', '=', true)
      .executeTakeFirst();
    if (!found) throw new AuditRefused('email', 'There is no active Hearth user with that email address');
    const roles = (
      await this.c.db.selectFrom('user_roles').select('role').where('user_id', '=', found.id).execute()
    ).map((r) => r.role);
    const principal = {
      id: found.id,
      roles: roles as Principal['roles'],
      organisationId: found.organisation_id,
      teamIds: [],
    };
    if (!can(principal, 'assurance:respond').allowed)
      throw new AuditRefused(
        'email',
        `${found.display_name} does not answer for an agency in the partnership’s audits`,
      );
    try {
      await this.c.write(
        actor,
        { action: 'case-audit.auditor-added', subjectType: AUDIT, subjectId: auditId, details: { user: found.id } },
        (tx) =>
          tx
            .insertInto('case_audit_auditors')
            .values({ id: newId(), audit_id: auditId, user_id: found.id, organisation_id: found.organisation_id })
            .execute(),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AuditRefused('email', `${found.display_name} is already an auditor`);
      throw error;
    }
    return found.display_name;
  }

  findings(auditId: string) {
    return this.c.db
      .selectFrom('case_audit_findings as f')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .select(['f.id', 'f.organisation_id', 'o.name as organisation', 'f.summary', 'f.submitted_at'])
      .where('f.audit_id', '=', auditId)
      .orderBy('o.name')
      .execute();
  }

  grades(auditId: string) {
    return this.c.db
      .selectFrom('case_audit_grades as g')
      .innerJoin('case_audit_findings as f', 'f.id', 'g.findings_id')
      .select(['g.findings_id', 'g.case_id', 'g.grade'])
      .where('f.audit_id', '=', auditId)
      .execute();
  }

  /** The agency's findings report: a summary and a grade for every sampled case, once, by one of its auditors. */
  async submitFindings(
    actor: AuditActor,
    user: Principal,
    auditId: string,
    input: { summary: string; grades: Record<string, string> },
  ) {
    const audit = await this.get(auditId);
    if (!audit) return null;
    if (!(await this.isAuditor(user, auditId)))
      return this.c.refuse(
        actor,
        AUDIT,
        'assurance:respond',
        'You are not an auditor on this audit: nothing was saved.',
        auditId,
      );
    if (audit.status !== 'open') throw new AuditRefused('summary', NOT_OPEN);
    const cases = await this.c.db
      .selectFrom('case_audit_cases')
      .select(['id', 'position'])
      .where('audit_id', '=', auditId)
      .orderBy('position')
      .execute();
    for (const k of cases) {
      const grade = input.grades[k.id];
      if (!grade || !(grade in GRADES))
        throw new AuditRefused(`grade-${k.id}`, `Select a grade for case ${k.position}`);
    }
    const id = newId();
    try {
      await this.c.write(
        actor,
        { action: 'case-audit.findings', subjectType: AUDIT, subjectId: auditId, details: { findings: id } },
        async (tx) => {
          await tx
            .insertInto('case_audit_findings')
            .values({
              id,
              audit_id: auditId,
              organisation_id: user.organisationId,
              summary: input.summary,
              submitted_by: user.id,
            })
            .execute();
          await tx
            .insertInto('case_audit_grades')
            .values(cases.map((k) => ({ findings_id: id, case_id: k.id, grade: input.grades[k.id] as CaseAuditGrade })))
            .execute();
        },
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AuditRefused('summary', 'Your agency has already sent its findings for this audit');
      throw error;
    }
    return id;
  }

  private async openForManager(actor: AuditActor, user: Principal, auditId: string, field: string) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    const audit = await this.get(auditId);
    if (!audit) return null;
    if (audit.status !== 'open') throw new AuditRefused(field, NOT_OPEN);
    return audit;
  }

  /** The findings meeting: its date and how many came from an agency (a second entry for the agency replaces it). */
  async recordAttendance(
    actor: AuditActor,
    user: Principal,
    auditId: string,
    input: { meetingOn: string; organisationId: string; attendees: number },
  ) {
    if (!(await this.openForManager(actor, user, auditId, 'organisationId'))) return null;
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
    if (!(await this.openForManager(actor, user, auditId, 'title'))) return null;
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
    if (!(await this.get(auditId))) return null;
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

  /** Closes the audit: from now its auditors no longer see the sampled records. */
  async close(actor: AuditActor, user: Principal, auditId: string, version: number) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    const done = await this.c.write(
      actor,
      { action: 'case-audit.closed', subjectType: AUDIT, subjectId: auditId },
      (tx) =>
        tx
          .updateTable('case_audits')
          .set({
            status: 'closed',
            closed_at: new Date(),
            updated_at: new Date(),
            updated_by: user.id,
            version: version + 1,
          })
          .where('id', '=', auditId)
          .where('version', '=', version)
          .where('status', '=', 'open')
          .executeTakeFirst(),
    );
    if (Number(done.numUpdatedRows) !== 1)
      throw new AuditRefused('close', 'This audit has changed or is already closed: reload the page');
  }

  /**
   * The 'case-auditor' involvement (early help's addInvolvementSource): the viewer audits an open audit that sampled
   * the family. Nothing once the audit closes, nothing for a family the audit did not sample.
   */
  async involvements(familyIds: readonly string[], viewer: Principal): Promise<Map<string, Involvement[]>> {
    const ids = familyIds.filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await this.c.db
      .selectFrom('case_audit_cases as k')
      .innerJoin('case_audits as a', 'a.id', 'k.audit_id')
      .innerJoin('case_audit_auditors as x', 'x.audit_id', 'a.id')
      .select('k.family_id')
      .distinct()
      .where('k.family_id', 'in', ids)
      .where('x.user_id', '=', viewer.id)
      .where('a.status', '=', 'open')
      .execute();
    return new Map(rows.map((r) => [r.family_id, ['case-auditor'] as Involvement[]]));
  }
}
