import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import type { CpImportChanges, DB } from '../../platform/db/schema/index.ts';
import { fileKind, readRows, UnreadableFile, type PerformanceService } from '../performance/index.ts';
import { checkRegister, type Register } from './check.ts';
import { RegisterCounting, type CountOutcome, type CountState } from './counting.ts';
import { KEY_PREFIX } from './indicators.ts';
import { MAX_FILE_BYTES } from './register-file.ts';
import { CorporateParentingRepository } from './repository.ts';

export type RegisterImportOutcome =
  { kind: 'imported'; id: string } | { kind: 'refused'; id: string } | { kind: 'unreadable'; message: string };

/**
 * The children in care and care leavers register (issue 16): imported whole from the social care system's export,
 * every row checked, a wrong file refused whole with its report, a good one replacing the register in one transaction
 * with what it changed recorded (by social care id, never a name) and audited. Every view of a named child is audited.
 * After an import the performance framework forgets the measures' kept figures and a background job counts them
 * again (counting.ts); `whenImported` is how the app asks that job to run at once.
 */
export class CorporateParentingService {
  readonly repository: CorporateParentingRepository;
  private readonly counting: RegisterCounting;
  private imported: () => Promise<void> = async () => undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly performance: PerformanceService,
    private readonly options: { today?: () => string; readDb?: Kysely<DB> } = {},
  ) {
    this.repository = new CorporateParentingRepository(db);
    this.counting = new RegisterCounting(this.repository, performance, options.readDb ?? db);
  }

  /** What to do straight after an import (the app: trigger the count job). */
  whenImported(run: () => Promise<void>) {
    this.imported = run;
  }

  /** The background job's work: counts the register's measures when the register or the years shown changed. */
  countMeasures(): Promise<CountOutcome> {
    return this.counting.run();
  }

  /** Whether the register's figures are counted from the register as it is now. */
  countState(): Promise<CountState> {
    return this.counting.state();
  }

  private today() {
    return (this.options.today ?? todayInLondon)();
  }

  async importFile(actor: AuditActor, file: { name: string; data: Uint8Array }): Promise<RegisterImportOutcome> {
    if (file.data.length > MAX_FILE_BYTES)
      return { kind: 'unreadable', message: 'The file must be smaller than 10 MB' };
    if (file.data.length === 0) return { kind: 'unreadable', message: 'The selected file is empty' };
    const kind = fileKind(file.name, file.data);
    if (!kind) return { kind: 'unreadable', message: 'The selected file must be a CSV or an XLSX spreadsheet' };
    let rows: string[][];
    try {
      rows = await readRows(kind, file.data);
    } catch (error) {
      if (error instanceof UnreadableFile) return { kind: 'unreadable', message: error.message };
      if (error instanceof TypeError) return { kind: 'unreadable', message: 'The CSV must be saved as UTF-8 text' };
      throw error;
    }
    const checked = checkRegister(rows, this.today());
    const fileName = file.name.slice(0, 400);
    if (!checked.ok) {
      const id = await this.db.transaction().execute(async (tx) => {
        const id = await this.repository.addImport(tx, {
          fileName,
          fileKind: kind,
          outcome: 'refused',
          total: checked.total,
          refused: checked.refused,
          report: checked.problems,
          by: actor.userId,
        });
        await this.audit.record(
          actor,
          {
            action: 'corporate-parenting.register.import-refused',
            outcome: 'failure',
            subjectType: 'cp-import',
            subjectId: id,
            details: { rows: checked.total, refused: checked.refused },
          },
          tx,
        );
        return id;
      });
      return { kind: 'refused', id };
    }
    const id = await this.replace(actor, checked.register, { fileName, fileKind: kind, total: checked.total });
    return { kind: 'imported', id };
  }

  /** Replaces the register with a checked one (the import, the demo and the bench), recording what changed. */
  async replace(
    actor: AuditActor,
    register: Register,
    file: { fileName: string; fileKind: 'csv' | 'xlsx'; total: number },
  ): Promise<string> {
    const id = await this.db.transaction().execute(async (tx) => {
      const [before, beforeCounts] = [await this.repository.fingerprints(tx), await this.repository.counts(tx)];
      const id = await this.repository.addImport(tx, {
        ...file,
        outcome: 'imported',
        refused: 0,
        report: [],
        by: actor.userId,
      });
      await this.repository.replace(tx, register, id);
      const [after, afterCounts] = [await this.repository.fingerprints(tx), await this.repository.counts(tx)];
      const changes: CpImportChanges = {
        added: [...after.keys()].filter((k) => !before.has(k)).sort(),
        removed: [...before.keys()].filter((k) => !after.has(k)).sort(),
        changed: [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).sort(),
        rows: Object.fromEntries(
          (['children', 'statuses', 'periods', 'placements', 'events'] as const).map((k) => [
            k,
            { before: beforeCounts[k], after: afterCounts[k] },
          ]),
        ),
      };
      await this.repository.setChanges(tx, id, changes);
      await this.audit.record(
        actor,
        {
          action: 'corporate-parenting.register.imported',
          outcome: 'success',
          subjectType: 'cp-import',
          subjectId: id,
          details: {
            rows: file.total,
            added: changes.added!.length,
            removed: changes.removed!.length,
            changed: changes.changed!.length,
          },
        },
        tx,
      );
      return id;
    });
    await this.performance.forgetCounted(KEY_PREFIX);
    await this.imported();
    return id;
  }

  importRun(id: string) {
    return this.repository.importRun(id);
  }
  recentImports() {
    return this.repository.recentImports();
  }
  counts() {
    return this.repository.counts();
  }

  /** A page of the register (names): audited as a view of every child listed. */
  async children(
    actor: AuditActor,
    filter: { search?: string; status?: 'in-care' | 'care-leaver' },
    page: { limit: number; offset: number },
  ) {
    const result = await this.repository.children(filter, page);
    if (result.rows.length > 0)
      await this.audit.record(actor, {
        action: 'corporate-parenting.register.listed',
        outcome: 'success',
        subjectType: 'cp-child',
        details: { children: result.rows.map((r) => r.id), search: filter.search ?? '', status: filter.status ?? '' },
      });
    return result;
  }

  /** One child's record: audited. */
  async child(actor: AuditActor, id: string) {
    const record = await this.repository.child(id);
    if (record)
      await this.audit.record(actor, {
        action: 'corporate-parenting.child.viewed',
        outcome: 'success',
        subjectType: 'cp-child',
        subjectId: id,
      });
    return record;
  }
}
