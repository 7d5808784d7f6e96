import type { Kysely } from 'kysely';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { isUuid, newId } from '../../platform/db/ids.ts';
import type { CaseAuditGrade, DB } from '../../platform/db/schema/index.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { AuditRefused, StaleAnswer, type AuditsCore } from './core.ts';
import type { Corrected } from './return-corrections.ts';
import { GRADES } from './standards.ts';

const FINDINGS = 'case-audit-findings';
const CLOSED = 'This audit is closed: its findings can no longer be corrected';
const STALE =
  'Your agency’s findings were changed by someone else after you opened this form. The form now shows the ' +
  'findings as they are: make your correction again';

class NothingChanged extends Error {}

export interface FindingsInput {
  summary: string;
  /** The grade of each sampled case, by the case's id. */
  grades: Record<string, string>;
}

/**
 * Corrections to an agency's findings report to a multi-agency case audit (issue 16): while the audit is open the
 * agency corrects its overview and its grades, each correction moving the report's version on and keeping every
 * field it changed; the audit's quality of practice (and the indicator) reads the grades as corrected.
 */
export class FindingsCorrections {
  constructor(private readonly c: AuditsCore) {}

  /** The findings report in the audit and the organisation that made it (the routes' answer locator). */
  async locate(auditId: string, findingsId: string) {
    if (!isUuid(auditId) || !isUuid(findingsId)) return null;
    const row = await this.c.db
      .selectFrom('case_audit_findings')
      .select(['id', 'organisation_id'])
      .where('id', '=', findingsId)
      .where('audit_id', '=', auditId)
      .executeTakeFirst();
    return row ? { id: row.id, organisationId: row.organisation_id } : null;
  }

  get(findingsId: string) {
    if (!isUuid(findingsId)) return Promise.resolve(undefined);
    return this.c.db
      .selectFrom('case_audit_findings as f')
      .innerJoin('case_audits as a', 'a.id', 'f.audit_id')
      .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
      .leftJoin('users as u', 'u.id', 'f.submitted_by')
      .select(['f.id', 'f.audit_id', 'f.organisation_id', 'f.summary', 'f.submitted_at', 'f.updated_at', 'f.version'])
      .select(['o.name as organisation', 'u.display_name as submitted_by', 'a.theme', 'a.kind', 'a.status'])
      .where('f.id', '=', findingsId)
      .executeTakeFirst();
  }

  /** The report's grade for each sampled case, in the audit's order. */
  grades(findingsId: string) {
    return this.c.db
      .selectFrom('case_audit_cases as k')
      .innerJoin('case_audit_findings as f', 'f.audit_id', 'k.audit_id')
      .leftJoin('case_audit_grades as g', (j) => j.onRef('g.case_id', '=', 'k.id').onRef('g.findings_id', '=', 'f.id'))
      .select(['k.id as case_id', 'k.position', 'g.grade'])
      .where('f.id', '=', findingsId)
      .orderBy('k.position')
      .execute();
  }

  /** Every field each correction changed, the latest first, with the case's position for a grade. */
  changes(findingsId: string) {
    return this.c.db
      .selectFrom('case_audit_findings_changes as h')
      .leftJoin('case_audit_cases as k', 'k.id', 'h.case_id')
      .leftJoin('users as u', 'u.id', 'h.changed_by')
      .select(['h.version', 'h.field', 'k.position', 'h.old_value', 'h.new_value', 'h.changed_at'])
      .select('u.display_name as changed_by')
      .where('h.findings_id', '=', findingsId)
      .orderBy('h.version', 'desc')
      .orderBy('k.position')
      .execute();
  }

  /**
   * Corrects the findings from the version the agency's form showed: refused (audited) for anyone but the agency
   * that made them, once the audit is closed, or when the report moved on since the form was drawn (unless it holds
   * exactly these answers already). Audited with the fields changed.
   */
  async correct(
    actor: AuditActor,
    user: Principal,
    findingsId: string,
    version: number,
    input: FindingsInput,
  ): Promise<Corrected | null> {
    const found = await this.get(findingsId);
    if (!found) return null;
    const resource = { type: 'agency-answer', id: found.id, organisationId: found.organisation_id } as const;
    if (!can(user, 'agency-answer:correct', resource).allowed)
      return this.c.refuse(
        actor,
        FINDINGS,
        'agency-answer:correct',
        'Only the agency that sent the findings corrects them: nothing was saved.',
        findingsId,
      );
    if (found.status !== 'open') throw new AuditRefused('summary', CLOSED);
    const cases = await this.grades(findingsId);
    for (const k of cases) {
      const grade = input.grades[k.case_id];
      if (!grade || !(grade in GRADES))
        throw new AuditRefused(`grade-${k.case_id}`, `Select a grade for case ${k.position}`);
    }
    if (!input.summary.trim()) throw new AuditRefused('summary', 'Enter your agency’s overview of findings');
    try {
      return await this.c.db.transaction().execute(async (tx: Kysely<DB>) => {
        const audit = await tx
          .selectFrom('case_audits')
          .select('status')
          .where('id', '=', found.audit_id)
          .forShare()
          .executeTakeFirstOrThrow();
        if (audit.status !== 'open') throw new AuditRefused('summary', CLOSED);
        await updateVersioned(
          tx,
          'case_audit_findings',
          { id: findingsId, version, by: user.id, what: 'The findings' },
          {},
        );
        const before = await this.stateIn(tx, findingsId);
        const change = (field: 'summary' | 'grade', caseId: string | null, oldValue: string, newValue: string) => ({
          id: newId(),
          findings_id: findingsId,
          version: version + 1,
          field,
          case_id: caseId,
          old_value: oldValue,
          new_value: newValue,
          changed_by: user.id,
        });
        const changes = [
          ...(before.summary !== input.summary ? [change('summary', null, before.summary, input.summary)] : []),
          ...cases
            .filter((k) => (before.grades.get(k.case_id) ?? '') !== input.grades[k.case_id])
            .map((k) => change('grade', k.case_id, before.grades.get(k.case_id) ?? '', input.grades[k.case_id]!)),
        ];
        if (!changes.length) throw new NothingChanged();
        if (before.summary !== input.summary)
          await tx
            .updateTable('case_audit_findings')
            .set({ summary: input.summary })
            .where('id', '=', findingsId)
            .execute();
        for (const ch of changes.filter((x) => x.field === 'grade')) {
          const grade = ch.new_value as CaseAuditGrade;
          await tx
            .insertInto('case_audit_grades')
            .values({ findings_id: findingsId, case_id: ch.case_id!, grade })
            .onConflict((oc) => oc.columns(['findings_id', 'case_id']).doUpdateSet({ grade }))
            .execute();
        }
        await tx.insertInto('case_audit_findings_changes').values(changes).execute();
        await this.c.audit.record(
          actor,
          {
            action: 'case-audit.findings.corrected',
            outcome: 'success',
            subjectType: FINDINGS,
            subjectId: findingsId,
            details: { audit: found.audit_id, version: version + 1, fields: changes.map((ch) => ch.field) },
          },
          tx,
        );
        return { changed: changes.length };
      });
    } catch (error) {
      if (error instanceof NothingChanged) return { changed: 0 };
      if (!(error instanceof StaleVersionError)) throw error;
      const now = await this.stateIn(this.c.db, findingsId);
      const same =
        now.summary === input.summary && cases.every((k) => now.grades.get(k.case_id) === input.grades[k.case_id]);
      if (same) return { changed: 0, alreadySaved: true };
      throw new StaleAnswer('summary', STALE);
    }
  }

  private async stateIn(db: Kysely<DB>, findingsId: string) {
    const [row, grades] = await Promise.all([
      db.selectFrom('case_audit_findings').select('summary').where('id', '=', findingsId).executeTakeFirstOrThrow(),
      db.selectFrom('case_audit_grades').select(['case_id', 'grade']).where('findings_id', '=', findingsId).execute(),
    ]);
    return { summary: row.summary, grades: new Map<string, string>(grades.map((g) => [g.case_id, g.grade])) };
  }
}
