import type { AuditActor } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { CaseAuditGrade, CaseAuditKind } from '../../platform/db/schema/index.ts';
import { can, type Involvement, type Principal } from '../../platform/permissions/policy.ts';
import { AuditRefused, type AuditsCore } from './core.ts';
import { CaseAuditPlan } from './case-audit-plan.ts';
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
  /** The findings meeting, the cross-cutting themes and the service development plan. */
  readonly plan: CaseAuditPlan;
  constructor(private readonly c: AuditsCore) {
    this.plan = new CaseAuditPlan(c, this);
  }

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
      .select(['f.id', 'f.organisation_id', 'o.name as organisation', 'f.summary', 'f.submitted_at', 'f.version'])
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
        throw new AuditRefused(
          'summary',
          'Your agency has already sent its findings for this audit: correct them from their page',
        );
      throw error;
    }
    return id;
  }

  async openForManager(actor: AuditActor, user: Principal, auditId: string, field: string) {
    await this.c.toManage(actor, user, AUDIT, auditId);
    const audit = await this.get(auditId);
    if (!audit) return null;
    if (audit.status !== 'open') throw new AuditRefused(field, NOT_OPEN);
    return audit;
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
