import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, RecordsGroup } from '../../platform/indicators/computed.ts';
import type { RecordLine, RecordLister } from '../../platform/indicators/records.ts';
import { can, type Principal } from '../../platform/permissions/policy.ts';
import { pageCount, pageWindow } from '../../platform/views/pagination.ts';
import type { NamedPeriod } from './periods.ts';
import type { IndicatorRow } from './repository.ts';

export const RECORDS_PAGE_SIZE = 25;

export interface RecordsPage {
  /** How many records are behind the count (the numerator for a percentage). */
  total: number;
  /** How many of them the viewer may see, and how many not (restricted ones always among the latter). */
  visible: number;
  hidden: number;
  page: number;
  pages: number;
  rows: (RecordLine & { date: string })[];
  noun: string;
  recordsAre: string;
}

/** The page asked for is past the last page of what the viewer may see. */
export class NoSuchPage extends Error {
  constructor(readonly pages: number) {
    super(`There are only ${pages} pages`);
  }
}

/**
 * The drill-down from a computed indicator's count to its records (issue 14): every record the owning module says is
 * behind the count goes through the policy (`record:view`, with the viewer's involvements as that module works them
 * out) before it is listed; restricted records and records of a type nobody registered are only counted. Every list
 * shown is audited: who, which indicator, period and area, and how many were shown and held back.
 */
export class PerformanceRecords {
  private readonly listers: ReadonlyMap<string, RecordLister>;

  constructor(
    private readonly readDb: Kysely<DB>,
    private readonly audit: AuditLog,
    listers: readonly RecordLister[],
  ) {
    this.listers = new Map(listers.map((l) => [l.type, l]));
  }

  private listerOf(computed: ComputedIndicator | undefined): RecordLister | undefined {
    return computed?.records && computed.recordType ? this.listers.get(computed.recordType) : undefined;
  }

  /**
   * Whether the indicator page offers the viewer the drill-down: the indicator lists its records, and the viewer holds
   * an action whose holders may see some records of that type (a board member or analyst holds none).
   */
  canFollow(viewer: Principal | null, computed: ComputedIndicator | undefined): boolean {
    const lister = this.listerOf(computed);
    return !!lister && !lister.restricted && lister.seenWith.some((action) => can(viewer, action).allowed);
  }

  /** One page of the records behind the count that the viewer may see, and how many they may not. */
  async list(input: {
    actor: AuditActor;
    viewer: Principal;
    indicator: IndicatorRow;
    computed: ComputedIndicator;
    period: NamedPeriod;
    area: { kind: string; code: string; name: string };
    page: number;
  }): Promise<RecordsPage> {
    const { viewer, computed, period, area } = input;
    const lister = this.listerOf(computed);
    const group: RecordsGroup | undefined = area.kind === 'all' ? undefined : { breakdown: area.kind, key: area.code };
    const records = (await computed.records?.(this.readDb, { from: period.from, to: period.to }, group)) ?? [];
    let visible = records.slice(0, 0);
    if (lister && !lister.restricted && records.length) {
      const involvements = await lister.involvements(viewer, [...new Set(records.map((r) => r.subjectId))]);
      visible = records.filter(
        (r) =>
          can(viewer, 'record:view', {
            type: 'record',
            id: r.subjectId,
            involvements: involvements.get(r.subjectId) ?? [],
          }).allowed,
      );
    }
    const pages = pageCount(visible.length, RECORDS_PAGE_SIZE);
    if (input.page > pages) throw new NoSuchPage(pages);
    const { limit, offset } = pageWindow(input.page, RECORDS_PAGE_SIZE);
    const shown = visible.slice(offset, offset + limit);
    const lines =
      lister && shown.length
        ? await lister.describe(
            viewer,
            shown.map((r) => r.id),
          )
        : new Map();
    const rows = shown.flatMap((r) => {
      const line = lines.get(r.id);
      return line ? [{ ...line, date: r.date }] : [];
    });
    await this.audit.record(input.actor, {
      action: 'performance.records.listed',
      outcome: 'success',
      subjectType: 'performance-indicator',
      subjectId: input.indicator.id,
      details: {
        code: input.indicator.code,
        period: period.label,
        area: area.kind === 'all' ? 'all' : `${area.kind}:${area.code}`,
        page: input.page,
        shown: rows.length,
        visible: visible.length,
        hidden: records.length - visible.length,
      },
    });
    return {
      total: records.length,
      visible: visible.length,
      hidden: records.length - visible.length,
      page: input.page,
      pages,
      rows,
      noun: lister?.noun ?? 'Records',
      recordsAre: computed.recordsAre ?? '',
    };
  }
}
