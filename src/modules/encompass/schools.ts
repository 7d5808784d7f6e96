import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { checkSchoolsCsv } from './schools-csv.ts';
import { SchoolsRepository } from './schools-repository.ts';
import { loadSchoolsFile } from './settings.ts';

/**
 * The schools Operation Encompass notifies, with their designated safeguarding leads: reference data owned by this
 * module (only Encompass uses it, and the reference module's tables are the partnership's organisations, not every
 * school in the county). Seeded from the tenant's schools file; a system administrator refreshes it from a CSV export
 * of Get Information About Schools.
 */
export class SchoolsService {
  private readonly repository: SchoolsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly deps: { districts: () => Promise<string[]>; tenant: string },
  ) {
    this.repository = new SchoolsRepository(db);
  }

  /** Start-up: adds the tenant file's schools the table lacks (an imported list is never overwritten). */
  async seed() {
    return this.repository.addMissing(await loadSchoolsFile(this.deps.tenant, await this.deps.districts()));
  }

  list(activeOnly = false) {
    return this.repository.all(activeOnly);
  }

  byUrn(urn: string) {
    return /^[0-9]{6}$/.test(urn) ? this.repository.byUrn(urn) : Promise.resolve(undefined);
  }

  urnsLedBy(email: string) {
    return this.repository.urnsLedBy(email);
  }

  /** The Hub's school search: active schools matching every word by name, URN or district; a page and the total. */
  search(text: string, limit: number) {
    return text.trim() ? this.repository.search(text, limit) : Promise.resolve({ rows: [], total: 0 });
  }

  /**
   * The active school a form's free text names, if it names exactly one: a URN in the text, or the school's name as
   * the schools list spells it (case and spacing aside). Null otherwise: free text is never guessed at.
   */
  async recognise(text: string | null | undefined): Promise<string | null> {
    if (!text?.trim()) return null;
    const urn = /(?:^|\D)(\d{6})(?:\D|$)/.exec(text)?.[1];
    if (urn) {
      const school = await this.repository.byUrn(urn);
      if (school?.is_active) return school.urn;
    }
    const named = await this.repository.byName(text);
    return named.length === 1 ? named[0]!.urn : null;
  }

  /**
   * Replaces the list from a CSV: every row checked, the whole file refused on any problem (nothing changes); else one
   * transaction adds and updates the schools in the file and makes those it leaves out inactive.
   */
  async importCsv(actor: AuditActor, text: string) {
    const checked = checkSchoolsCsv(text, await this.deps.districts());
    if (!checked.ok) {
      await this.audit.record(actor, {
        action: 'encompass.schools-import-refused',
        outcome: 'failure',
        subjectType: 'schools',
        details: { problems: checked.problems.length },
      });
      return checked;
    }
    const retired = await this.db.transaction().execute(async (tx) => {
      const count = await this.repository.replaceAll(tx, checked.schools, actor.userId!);
      await this.audit.record(
        actor,
        {
          action: 'encompass.schools-imported',
          outcome: 'success',
          subjectType: 'schools',
          details: { schools: checked.schools.length, madeInactive: count },
        },
        tx,
      );
      return count;
    });
    return { ok: true as const, imported: checked.schools.length, retired };
  }
}
