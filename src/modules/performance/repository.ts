import { sql, type Kysely, type Selectable } from 'kysely';
import { newId } from '../../platform/db/ids.ts';
import type {
  DB,
  ImportChange,
  ImportProblem,
  PerformanceIndicatorsTable,
  PerformanceValuesTable,
} from '../../platform/db/schema/index.ts';
import type { IndicatorDefinition } from './definitions.ts';

export type IndicatorRow = Selectable<PerformanceIndicatorsTable>;
export type ValueRow = Selectable<PerformanceValuesTable>;
export type NewValue = Omit<ValueRow, 'id' | 'created_at' | 'created_by' | 'indicator_id'>;

/** The performance framework's tables (migrations/0057_performance.sql), and nothing else. */
export class PerformanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Adds new definitions and refreshes the seed's words of existing ones; targets stay as the analysts set them. */
  async upsertDefinitions(definitions: readonly IndicatorDefinition[]) {
    for (const [position, d] of definitions.entries()) {
      const source = 'computed' in d.source ? d.source.computed : d.source.imported.from;
      await this.db
        .insertInto('performance_indicators')
        .values({
          id: newId(),
          code: d.code,
          name: d.name,
          why: d.why,
          serves: d.serves,
          polarity: d.polarity,
          unit: d.unit,
          frequency: d.frequency,
          target: d.target ?? null,
          tolerance: d.tolerance ?? null,
          breakdowns: d.breakdowns,
          source_kind: 'computed' in d.source ? 'computed' : 'imported',
          source,
          note: d.note ?? '',
          confirm: d.confirm ?? '',
          position,
        })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            why: eb.ref('excluded.why'),
            serves: eb.ref('excluded.serves'),
            polarity: eb.ref('excluded.polarity'),
            unit: eb.ref('excluded.unit'),
            frequency: eb.ref('excluded.frequency'),
            breakdowns: eb.ref('excluded.breakdowns'),
            source_kind: eb.ref('excluded.source_kind'),
            source: eb.ref('excluded.source'),
            note: eb.ref('excluded.note'),
            confirm: eb.ref('excluded.confirm'),
            position: eb.ref('excluded.position'),
          })),
        )
        .execute();
    }
  }

  indicators() {
    return this.db.selectFrom('performance_indicators').selectAll().orderBy('position').execute();
  }

  indicator(code: string) {
    return this.db.selectFrom('performance_indicators').selectAll().where('code', '=', code).executeTakeFirst();
  }

  /** The latest two whole-authority values of every indicator: the home page's latest figure and its trend. */
  async latestTwo() {
    const ranked = this.db
      .selectFrom('performance_values')
      .select(['indicator_id', 'period', 'period_from', 'value'])
      .select(sql<number>`row_number() over (partition by indicator_id order by period_from desc)`.as('rank'))
      .where('area_kind', '=', 'all')
      .where('breakdown', '=', '')
      .as('ranked');
    return this.db.selectFrom(ranked).selectAll().where('rank', '<=', 2).orderBy('period_from', 'desc').execute();
  }

  values(indicatorId: string, where: { areaKind?: string; periods?: readonly string[] } = {}) {
    let query = this.db.selectFrom('performance_values').selectAll().where('indicator_id', '=', indicatorId);
    if (where.areaKind) query = query.where('area_kind', '=', where.areaKind as ValueRow['area_kind']);
    if (where.periods) {
      if (where.periods.length === 0) return Promise.resolve([] as ValueRow[]);
      query = query.where('period', 'in', where.periods);
    }
    return query.orderBy('period_from').orderBy('area_code').orderBy('group_key').execute();
  }

  /**
   * Every whole-authority value of these indicators, and an area's values when one is asked for, in one query (the
   * board view and its reports: no query per indicator).
   */
  valuesOf(indicatorIds: readonly string[], area?: { kind: 'quadrant' | 'district'; code: string }) {
    if (indicatorIds.length === 0) return Promise.resolve([] as ValueRow[]);
    return this.db
      .selectFrom('performance_values')
      .selectAll()
      .where('indicator_id', 'in', indicatorIds)
      .where('breakdown', '=', '')
      .where('group_key', '=', '')
      .where((eb) =>
        area
          ? eb.or([
              eb('area_kind', '=', 'all'),
              eb.and([eb('area_kind', '=', area.kind), eb('area_code', '=', area.code)]),
            ])
          : eb('area_kind', '=', 'all'),
      )
      .orderBy('indicator_id')
      .orderBy('period_from')
      .execute();
  }

  /** The newest commentary of each of these indicators, in one query. */
  latestCommentary(indicatorIds: readonly string[]) {
    if (indicatorIds.length === 0) return Promise.resolve([]);
    const ranked = this.db
      .selectFrom('performance_commentary')
      .select(['indicator_id', 'period', 'body', 'created_at'])
      .select(sql<number>`row_number() over (partition by indicator_id order by created_at desc)`.as('rank'))
      .where('indicator_id', 'in', indicatorIds)
      .as('ranked');
    return this.db
      .selectFrom(ranked)
      .select(['indicator_id', 'period', 'body', 'created_at'])
      .where('rank', '=', 1)
      .execute();
  }

  /** Replaces every value of the periods given (all areas), returning what was there before. */
  async replacePeriods(
    tx: Kysely<DB>,
    indicatorId: string,
    periods: readonly string[],
    rows: readonly NewValue[],
    by: string | null,
  ): Promise<ValueRow[]> {
    const old = await tx
      .deleteFrom('performance_values')
      .where('indicator_id', '=', indicatorId)
      .where('period', 'in', periods)
      .returningAll()
      .execute();
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('performance_values')
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, id: newId(), indicator_id: indicatorId, created_by: by })))
        .execute();
    }
    return old;
  }

  /** Keeps a computed value counted for a finished period (the cache; a recount can always replace it). */
  /** Forgets the counted (never imported) figures of these periods, every area and breakdown, to count them again. */
  async forgetCounted(indicatorId: string, periods: readonly string[]) {
    if (periods.length === 0) return;
    await this.db
      .deleteFrom('performance_values')
      .where('indicator_id', '=', indicatorId)
      .where('period', 'in', periods)
      .where('import_id', 'is', null)
      .execute();
  }

  /** Every kept computed value of an indicator (its records were replaced wholesale, e.g. a register import). */
  async forgetAllCounted(indicatorId: string) {
    await this.db
      .deleteFrom('performance_values')
      .where('indicator_id', '=', indicatorId)
      .where('import_id', 'is', null)
      .execute();
  }

  async storeCounted(indicatorId: string, rows: readonly NewValue[]) {
    if (rows.length === 0) return;
    await this.db
      .insertInto('performance_values')
      .values(rows.map((r) => ({ ...r, id: newId(), indicator_id: indicatorId, created_by: null })))
      .onConflict((oc) =>
        oc
          .columns(['indicator_id', 'period', 'area_kind', 'area_code', 'breakdown', 'group_key'])
          .doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            numerator: eb.ref('excluded.numerator'),
            denominator: eb.ref('excluded.denominator'),
            counted_version: eb.ref('excluded.counted_version'),
            group_label: eb.ref('excluded.group_label'),
            period_from: eb.ref('excluded.period_from'),
            period_to: eb.ref('excluded.period_to'),
          })),
      )
      .execute();
  }

  /** Keeps a period's groups of one breakdown as counted now (a group no longer counted goes). */
  async replaceGroups(indicatorId: string, period: string, breakdown: string, rows: readonly NewValue[]) {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('performance_values')
        .where('indicator_id', '=', indicatorId)
        .where('period', '=', period)
        .where('area_kind', '=', 'all')
        .where('breakdown', '=', breakdown)
        .where('import_id', 'is', null)
        .execute();
      if (rows.length > 0)
        await tx
          .insertInto('performance_values')
          .values(rows.map((r) => ({ ...r, id: newId(), indicator_id: indicatorId, created_by: null })))
          .execute();
    });
  }

  async addImport(
    tx: Kysely<DB>,
    run: {
      indicatorId: string;
      fileName: string;
      fileKind: 'csv' | 'xlsx';
      outcome: 'imported' | 'refused';
      total: number;
      refused: number;
      report: ImportProblem[];
      changes: ImportChange[];
      periods: string[];
      by: string | null;
    },
  ) {
    const id = newId();
    await tx
      .insertInto('performance_imports')
      .values({
        id,
        indicator_id: run.indicatorId,
        file_name: run.fileName,
        file_kind: run.fileKind,
        outcome: run.outcome,
        rows_total: run.total,
        rows_refused: run.refused,
        report: JSON.stringify(run.report),
        changes: JSON.stringify(run.changes),
        periods: run.periods,
        imported_by: run.by,
      })
      .execute();
    return id;
  }

  importRun(id: string) {
    return this.db
      .selectFrom('performance_imports')
      .innerJoin('performance_indicators as i', 'i.id', 'performance_imports.indicator_id')
      .leftJoin('users', 'users.id', 'performance_imports.imported_by')
      .selectAll('performance_imports')
      .select(['i.code', 'i.name', 'i.unit', 'users.display_name as author'])
      .where('performance_imports.id', '=', id)
      .executeTakeFirst();
  }

  recentImports(limit = 20) {
    return this.db
      .selectFrom('performance_imports')
      .innerJoin('performance_indicators as i', 'i.id', 'performance_imports.indicator_id')
      .leftJoin('users', 'users.id', 'performance_imports.imported_by')
      .select([
        'users.display_name as author',
        'performance_imports.id',
        'performance_imports.file_name',
        'performance_imports.outcome',
        'performance_imports.rows_total',
        'performance_imports.rows_refused',
        'performance_imports.imported_at',
        'i.code',
        'i.name',
      ])
      .orderBy('performance_imports.imported_at', 'desc')
      .limit(limit)
      .execute();
  }

  commentary(indicatorId: string) {
    return this.db
      .selectFrom('performance_commentary')
      .leftJoin('users', 'users.id', 'performance_commentary.author_id')
      .selectAll('performance_commentary')
      .select('users.display_name as author')
      .where('indicator_id', '=', indicatorId)
      .orderBy('performance_commentary.created_at', 'desc')
      .limit(50)
      .execute();
  }

  async addCommentary(input: { indicatorId: string; period: string; body: string; by: string | null }) {
    const id = newId();
    await this.db
      .insertInto('performance_commentary')
      .values({ id, indicator_id: input.indicatorId, period: input.period, body: input.body, author_id: input.by })
      .execute();
    return id;
  }

  targetChanges(indicatorId: string) {
    return this.db
      .selectFrom('performance_target_changes')
      .leftJoin('users', 'users.id', 'performance_target_changes.changed_by')
      .selectAll('performance_target_changes')
      .select('users.display_name as author')
      .where('indicator_id', '=', indicatorId)
      .orderBy('changed_at', 'desc')
      .execute();
  }

  addTargetChange(
    tx: Kysely<DB>,
    change: {
      indicatorId: string;
      old: [number | null, number | null];
      new: [number | null, number | null];
      by: string | null;
    },
  ) {
    return tx
      .insertInto('performance_target_changes')
      .values({
        id: newId(),
        indicator_id: change.indicatorId,
        old_target: change.old[0],
        old_tolerance: change.old[1],
        new_target: change.new[0],
        new_tolerance: change.new[1],
        changed_by: change.by,
      })
      .execute();
  }
}
