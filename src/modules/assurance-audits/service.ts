import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { Involvement, Principal } from '../../platform/permissions/policy.ts';
import { CaseAudits } from './case-audits.ts';
import { AuditsCore, type AuditsDeps } from './core.ts';
import { AssuranceCycles } from './cycles.ts';
import { FindingsCorrections } from './findings-corrections.ts';
import { ReturnCorrections } from './return-corrections.ts';
import { loadAuditStandards } from './standards.ts';

/**
 * The partnership's audits (issue 16, "Audits"; seeds 002 and 004): Section 11 and Section 175 cycles, and
 * multi-agency case audits. Routes under /audits (the audit trail is /admin/audit).
 */
export class AssuranceAuditsService {
  readonly core: AuditsCore;
  readonly cycles: AssuranceCycles;
  readonly caseAudits: CaseAudits;
  /** An agency's corrections to its return, and their history. */
  readonly returns: ReturnCorrections;
  /** An agency's corrections to its findings report, and their history. */
  readonly findings: FindingsCorrections;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: AuditsDeps) {
    this.core = new AuditsCore(db, audit, deps);
    this.cycles = new AssuranceCycles(this.core);
    this.caseAudits = new CaseAudits(this.core);
    this.returns = new ReturnCorrections(this.core);
    this.findings = new FindingsCorrections(this.core);
  }

  /** A service reading the tenant's standards once, for app start-up and tests. */
  static forTenant(db: Kysely<DB>, audit: AuditLog, tenant: string, deps: Omit<AuditsDeps, 'standards'>) {
    let standards: ReturnType<typeof loadAuditStandards> | undefined;
    return new AssuranceAuditsService(db, audit, {
      ...deps,
      standards: () => (standards ??= loadAuditStandards(tenant)),
    });
  }

  standards() {
    return this.core.deps.standards();
  }

  /** For early help's addInvolvementSource: the 'case-auditor' grants of open audits. */
  involvementSource(): (familyIds: readonly string[], viewer: Principal) => Promise<Map<string, Involvement[]>> {
    return (familyIds, viewer) => this.caseAudits.involvements(familyIds, viewer);
  }
}
