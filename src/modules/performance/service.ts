import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import type { DB, ImportChange } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, Figure, Period } from '../../platform/indicators/computed.ts';
import { countAhead, periodsAhead, type CountMany } from './ahead.ts';
import type { ReferenceService } from '../reference/index.ts';
import { loadIndicatorsFile, type IndicatorsFile } from './definitions.ts';
import { areaLookup, areaName } from './areas.ts';
import { describeChanges, importEvent } from './imports/changes.ts';
import { checkRows } from './imports/check.ts';
import { AREA_BREAKDOWNS, countedRows, groupBreakdowns } from './counted.ts';
import { recountRecent } from './late-records.ts';
import { saveTarget, type TargetInput } from './targets.ts';
import { fileKind, MAX_FILE_BYTES, readRows, UnreadableFile } from './imports/files.ts';
import { parsePeriod, PERIODS_SHOWN, recentPeriods, shownPeriods, type NamedPeriod } from './periods.ts';
import { PerformanceRepository, type IndicatorRow, type NewValue, type ValueRow } from './repository.ts';

export type ImportOutcome =
  | { kind: 'imported'; id: string; rows: number; changes: ImportChange[] }
  | { kind: 'refused'; id: string }
  | { kind: 'unreadable'; message: string };

export interface Recount {
  shown: Figure | null;
  counted: Figure;
  equal: boolean;
}

/**
 * The performance framework (issue 14): the tenant's indicator definitions, their values per period and area, the
 * imports that bring in other systems' figures, commentary and targets. Computed indicators are counted from the
 * live records through `readDb` (a read replica when READ_DATABASE_URL is set) and kept per finished period with the
 * version that counted them; `recount` counts again from scratch and says whether it matches what is shown.
 */
export class PerformanceService {
  private readonly repository: PerformanceRepository;
  private readonly byKey: ReadonlyMap<string, ComputedIndicator>;
  private file: Promise<IndicatorsFile> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly readDb: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly reference: ReferenceService,
    computed: readonly ComputedIndicator[],
    /** `countedAhead`: key prefixes of computed indicators a job counts (ahead.ts): pages read them, never count. */
    private readonly options: { tenant: string; today?: () => string; countedAhead?: readonly string[] },
  ) {
    this.repository = new PerformanceRepository(db);
    this.byKey = new Map(computed.map((c) => [c.key, c]));
  }

  private today() {
    return (this.options.today ?? todayInLondon)();
  }

  private settings(): Promise<IndicatorsFile> {
    this.file ??= loadIndicatorsFile(this.options.tenant);
    return this.file;
  }

  /** Start-up: the tenant's definitions, added or refreshed (idempotent; targets the analysts set are kept). */
  async seed() {
    const file = await this.settings();
    await this.repository.upsertDefinitions(file.indicators);
    return file.indicators.length;
  }

  async groups() {
    return (await this.settings()).groups;
  }
  async suppressBelow() {
    return (await this.settings()).suppression.below;
  }

  indicators() {
    return this.repository.indicators();
  }
  indicator(code: string) {
    return this.repository.indicator(code);
  }
  computedFor(indicator: IndicatorRow): ComputedIndicator | undefined {
    return indicator.source_kind === 'computed' ? this.byKey.get(indicator.source) : undefined;
  }

  /** Every indicator's latest and previous whole-authority values (computed ones counted first where not kept). */
  async latest() {
    const indicators = await this.repository.indicators();
    for (const indicator of indicators) {
      const computed = this.computedFor(indicator);
      if (computed && this.countsOnView(computed))
        await this.ensureCounted(indicator, computed, recentPeriods(indicator.frequency, this.today(), 2));
    }
    const rows = await this.repository.latestTwo();
    const byIndicator = new Map<string, typeof rows>();
    for (const row of rows) byIndicator.set(row.indicator_id, [...(byIndicator.get(row.indicator_id) ?? []), row]);
    return { indicators, latest: byIndicator };
  }

  /**
   * The periods an indicator's page shows, oldest first, with their values (all areas); a computed indicator's are
   * counted first where not kept, unless a job counts them ahead (ahead.ts) or `count` says otherwise.
   */
  async series(indicator: IndicatorRow, options: { count?: boolean } = {}) {
    const computed = this.computedFor(indicator);
    const periods = recentPeriods(indicator.frequency, this.today(), PERIODS_SHOWN[indicator.frequency]);
    if (computed && (options.count ?? this.countsOnView(computed)))
      await this.ensureCounted(indicator, computed, periods, true);
    const values = await this.repository.values(indicator.id);
    return { periods: shownPeriods(indicator.frequency, periods, values), values };
  }

  /**
   * Counts finished periods that are not kept yet (or were counted by an older version of the query); with `all`,
   * their quadrants and districts and the groups of every other breakdown the definition shows too.
   */
  private async ensureCounted(
    indicator: IndicatorRow,
    computed: ComputedIndicator,
    periods: readonly NamedPeriod[],
    all = false,
  ) {
    const kept = await this.repository.values(indicator.id, { periods: periods.map((p) => p.label) });
    const current = (p: NamedPeriod, match: (v: ValueRow) => boolean) =>
      kept.some((v) => v.period === p.label && v.counted_version === computed.version && match(v));
    const count = (p: NamedPeriod, breakdown?: string) => countedRows(this.readDb, computed, p, breakdown);
    for (const period of periods) {
      let total = kept.find(
        (v) =>
          v.period === period.label &&
          v.counted_version === computed.version &&
          v.area_kind === 'all' &&
          v.breakdown === '',
      ) as Pick<ValueRow, 'value' | 'denominator'> | undefined;
      if (!total) {
        const rows = await count(period);
        await this.repository.storeCounted(indicator.id, rows);
        total = rows[0];
      }
      // Nothing counted (no records, or a ratio of nothing): no area or group has any, so none is counted or kept —
      // without this, a page would count the empty groups again on every view.
      const nothing = !total || total.value === null || (total.value === 0 && !total.denominator);
      if (!all || nothing) continue;
      for (const kind of AREA_BREAKDOWNS)
        if (computed.breakdowns.includes(kind) && !current(period, (v) => v.area_kind === kind))
          await this.repository.storeCounted(indicator.id, await count(period, kind));
      for (const breakdown of groupBreakdowns(indicator.breakdowns, computed))
        if (!current(period, (v) => v.area_kind === 'all' && v.breakdown === breakdown))
          await this.repository.replaceGroups(indicator.id, period.label, breakdown, await count(period, breakdown));
    }
  }

  /** The nightly job (late-records.ts): recent periods counted again; those a late record changed are kept afresh. */
  recountRecent() {
    return recountRecent({
      indicators: () => this.repository.indicators(),
      computedFor: (indicator) => this.computedFor(indicator),
      periods: async (indicator) =>
        recentPeriods(indicator.frequency, this.today(), (await this.settings()).recount.periods[indicator.frequency]),
      kept: (indicator, periods) => this.repository.values(indicator.id, { periods }),
      count: async (computed, period, breakdown) => {
        const result = await computed.compute(this.readDb, period, breakdown);
        if (!breakdown) return [{ key: '', figure: result.total }];
        return (result.groups ?? []).map((g) => ({ key: g.key, figure: g.figure }));
      },
      replace: async (indicator, computed, periods) => {
        await this.repository.forgetCounted(
          indicator.id,
          periods.map((p) => p.label),
        );
        await this.ensureCounted(indicator, computed, periods, true);
      },
      audit: this.audit,
    });
  }

  /**
   * Forgets the kept values of the computed indicators whose key starts with `prefix` (their records were replaced
   * wholesale: the corporate parenting register's import), so the next view counts every period again.
   */
  async forgetCounted(prefix: string) {
    for (const indicator of await this.repository.indicators())
      if (indicator.source_kind === 'computed' && indicator.source.startsWith(prefix))
        await this.repository.forgetAllCounted(indicator.id);
  }

  /** The periods the pages show of the computed indicators whose key starts with `prefix` (counted ahead). */
  async periodsAhead(prefix: string): Promise<NamedPeriod[]> {
    return (await periodsAhead(this.ahead(), prefix)).periods;
  }

  /** Counts those indicators for those periods through `count`, all at once, and keeps the figures (ahead.ts). */
  countAhead(prefix: string, breakdown: string, count: CountMany) {
    return countAhead(this.ahead(), prefix, breakdown, count);
  }

  private countsOnView(computed: ComputedIndicator) {
    return !(this.options.countedAhead ?? []).some((prefix) => computed.key.startsWith(prefix));
  }

  private ahead() {
    const repository = this.repository;
    return {
      indicators: () => repository.indicators(),
      computedFor: (i: IndicatorRow) => this.computedFor(i),
      storeCounted: (id: string, rows: readonly NewValue[]) => repository.storeCounted(id, rows),
      replaceGroups: (id: string, period: string, breakdown: string, rows: readonly NewValue[]) =>
        repository.replaceGroups(id, period, breakdown, rows),
      today: this.today(),
    };
  }

  /** Counts a period from scratch and compares it with the value shown (the dashboards benchmark uses it). */
  async recount(code: string, period: Period): Promise<Recount | null> {
    const indicator = await this.repository.indicator(code);
    const computed = indicator && this.computedFor(indicator);
    if (!indicator || !computed) return null;
    const counted = (await computed.compute(this.readDb, period)).total;
    const shown = (await this.repository.values(indicator.id, { areaKind: 'all' })).find(
      (v) => String(v.period_from) === period.from && v.breakdown === '',
    );
    const figure = shown
      ? { value: shown.value, numerator: shown.numerator ?? undefined, denominator: shown.denominator ?? undefined }
      : null;
    return { shown: figure, counted, equal: figure !== null && figure.value === counted.value };
  }

  /** The SQL a computed indicator counts a period with, for its "how this is counted" page. */
  query(computed: ComputedIndicator, period: Period) {
    return computed.query(this.readDb, period);
  }

  async areas() {
    const [authority, quadrants, districts] = await Promise.all([
      this.reference.localAuthority(),
      this.reference.quadrants(),
      this.reference.districts(),
    ]);
    return { authority, quadrants, districts, lookup: areaLookup(authority, quadrants, districts) };
  }
  areaName = areaName;

  commentary(indicatorId: string) {
    return this.repository.commentary(indicatorId);
  }
  targetChanges(indicatorId: string) {
    return this.repository.targetChanges(indicatorId);
  }
  recentImports() {
    return this.repository.recentImports();
  }
  importRun(id: string) {
    return this.repository.importRun(id);
  }

  async addCommentary(actor: AuditActor, indicator: IndicatorRow, input: { period: string; body: string }) {
    const id = await this.repository.addCommentary({ indicatorId: indicator.id, ...input, by: actor.userId });
    await this.audit.record(actor, {
      action: 'performance.commentary.added',
      outcome: 'success',
      subjectType: 'performance-indicator',
      subjectId: indicator.id,
      details: { code: indicator.code, period: input.period },
    });
    return id;
  }

  /** Changes the target and tolerance, keeping who changed them from what (false: someone else saved first). */
  setTarget(actor: AuditActor, indicator: IndicatorRow, input: TargetInput): Promise<boolean> {
    const addTargetChange = this.repository.addTargetChange.bind(this.repository);
    return saveTarget({ db: this.db, audit: this.audit, addTargetChange }, actor, indicator, input);
  }

  /**
   * Imports a file of figures for one imported indicator. Every row is checked; any problem refuses the whole file
   * (the run is kept with its report). A good file replaces its periods in one transaction, recording each change.
   */
  async importFile(
    actor: AuditActor,
    indicator: IndicatorRow,
    file: { name: string; data: Uint8Array },
  ): Promise<ImportOutcome> {
    if (file.data.length > MAX_FILE_BYTES) return { kind: 'unreadable', message: 'The file must be smaller than 1 MB' };
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
    const { lookup } = await this.areas();
    const checked = checkRows(indicator, rows, lookup, this.today());
    const name = file.name.slice(0, 400);
    return this.db.transaction().execute(async (tx) => {
      if (!checked.ok) {
        const id = await this.repository.addImport(tx, {
          indicatorId: indicator.id,
          fileName: name,
          fileKind: kind,
          outcome: 'refused',
          total: checked.total,
          refused: checked.refused,
          report: checked.problems,
          changes: [],
          periods: [],
          by: actor.userId,
        });
        await this.audit.record(actor, importEvent(indicator, id, 'failure', { rows: checked.total }), tx);
        return { kind: 'refused' as const, id };
      }
      const periods = [...new Set(checked.rows.map((r) => r.period.label))];
      const id = await this.repository.addImport(tx, {
        indicatorId: indicator.id,
        fileName: name,
        fileKind: kind,
        outcome: 'imported',
        total: checked.rows.length,
        refused: 0,
        report: [],
        changes: [],
        periods,
        by: actor.userId,
      });
      const fresh: NewValue[] = checked.rows.map((r) => ({
        period: r.period.label,
        period_from: r.period.from,
        period_to: r.period.to,
        area_kind: r.area.kind,
        area_code: r.area.code,
        breakdown: r.breakdown,
        group_key: r.group?.key ?? '',
        group_label: r.group?.label ?? '',
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
        import_id: id,
        counted_version: null,
      }));
      const old = await this.repository.replacePeriods(tx, indicator.id, periods, fresh, actor.userId);
      const changes = describeChanges(old, fresh);
      await tx
        .updateTable('performance_imports')
        .set({ changes: JSON.stringify(changes) })
        .where('id', '=', id)
        .execute();
      await this.audit.record(
        actor,
        importEvent(indicator, id, 'success', { rows: fresh.length, periods, replaced: changes.length }),
        tx,
      );
      return { kind: 'imported' as const, id, rows: fresh.length, changes };
    });
  }

  /**
   * What the board view and its reports need for these indicators: computed ones counted first where not kept (by
   * area when an area is asked for), then every value and the newest commentary in two queries.
   */
  async board(indicators: readonly IndicatorRow[], area?: { kind: 'quadrant' | 'district'; code: string }) {
    for (const indicator of indicators) {
      const computed = this.computedFor(indicator);
      const periods = recentPeriods(indicator.frequency, this.today(), PERIODS_SHOWN[indicator.frequency]);
      if (computed && this.countsOnView(computed))
        await this.ensureCounted(indicator, computed, periods, area !== undefined);
    }
    const ids = indicators.map((i) => i.id);
    const [values, commentary] = await Promise.all([
      this.repository.valuesOf(ids, area),
      this.repository.latestCommentary(ids),
    ]);
    const recent = (i: IndicatorRow) => recentPeriods(i.frequency, this.today(), PERIODS_SHOWN[i.frequency]);
    return { values, commentary, recent };
  }

  /** A board or Locality Partnership report downloaded (PDF or XLSX): an export, audited. */
  recordExport(
    actor: AuditActor,
    details: { report: string; format: 'pdf' | 'xlsx'; area: string; indicators: number },
  ) {
    return this.audit.record(actor, { action: 'performance.report.exported', outcome: 'success', details });
  }

  /** The last finished period of the indicator's frequency (what "how this is counted" shows the query for). */
  lastFinishedPeriod(indicator: IndicatorRow): NamedPeriod | undefined {
    return recentPeriods(indicator.frequency, this.today(), 1)[0];
  }

  /** A period label for this indicator, or null (commentary names a real period). */
  period(indicator: IndicatorRow, label: string) {
    return parsePeriod(indicator.frequency, label);
  }
}
