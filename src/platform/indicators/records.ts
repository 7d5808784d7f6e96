import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import type { Involvement, Principal, SystemAction } from '../permissions/policy.ts';
import type { ComputedIndicator, IndicatorRecord, Period, RecordsGroup } from './computed.ts';
import { checkPeriod } from './counting.ts';

/**
 * The drill-down from a count to its records (issue 14: "a user who may see records may follow a count to the list of
 * records they are allowed to see"). Two halves, both supplied by the module that owns the records:
 *
 * - a `RecordSource` per indicator: one row per record counted (`id`, `subject_id`, `day`, the breakdown columns
 *   `b_<breakdown>` as the indicator's own source has them, and `hit` for a percentage), turned into `records()`.
 *   Most take the indicator's own rows (`ComputedIndicator.rows`, whose source then selects `id`, `subject_id` and
 *   `day` beside what it counts): the list is then the count's own query and cannot drift from it;
 * - a `RecordLister` per record type: how a viewer is involved with each record (as the module's own pages decide it)
 *   and what the list shows of one (a reference and a link, never a name).
 *
 * The performance framework puts each record through the policy (`record:view`) before listing it.
 */

type Source = Expression<unknown> | RawBuilder<unknown>;

export interface RecordSource {
  /** The record type, naming its RecordLister. */
  type: string;
  /** What the records are, in plain words; a percentage says its numerator is listed. */
  recordsAre: string;
  /** The breakdowns whose `b_<breakdown>` column the source has (the group filter accepts only these). */
  breakdowns: readonly string[];
  /** A percentage: list only the rows whose `hit` is true (the numerator). A mean lists every row it averages. */
  numerator?: boolean;
  /** The rows, where they are not the indicator's own (`rows`, the default). */
  source?(db: Kysely<DB>, period: Period): Source | Promise<Source>;
}

/** Attaches each source's `records` to the computed indicator of the same key (the others are returned as they are). */
export function withRecords(
  indicators: readonly ComputedIndicator[],
  sources: Readonly<Record<string, RecordSource>>,
): ComputedIndicator[] {
  const keys = new Set(indicators.map((i) => i.key));
  const stray = Object.keys(sources).filter((key) => !keys.has(key));
  if (stray.length) throw new Error(`Record sources for no computed indicator: ${stray.join(', ')}`);
  return indicators.map((indicator) => {
    const spec = Object.hasOwn(sources, indicator.key) ? sources[indicator.key] : undefined;
    if (!spec) return indicator;
    const source = spec.source ?? indicator.rows?.bind(indicator);
    if (!source) throw new Error(`${indicator.key} has no rows of its own: its record source must give them`);
    const unknown = spec.breakdowns.filter((b) => !indicator.breakdowns.includes(b));
    if (unknown.length) throw new Error(`${indicator.key} has no breakdown ${unknown.join(', ')} to list records by`);
    return Object.assign(Object.create(indicator) as ComputedIndicator, {
      recordsAre: spec.recordsAre,
      recordType: spec.type,
      records: (db: Kysely<DB>, period: Period, group?: RecordsGroup) =>
        recordsOf({ ...spec, source }, db, period, group),
    });
  });
}

async function recordsOf(
  spec: RecordSource & Required<Pick<RecordSource, 'source'>>,
  db: Kysely<DB>,
  period: Period,
  group?: RecordsGroup,
): Promise<IndicatorRecord[]> {
  checkPeriod(period);
  if (group && !spec.breakdowns.includes(group.breakdown))
    throw new RangeError(`These records have no breakdown '${group.breakdown}'`);
  const column = group && sql.ref(`s.b_${group.breakdown}`);
  const inGroup = !group ? sql`true` : group.key === 'unknown' ? sql`${column} is null` : sql`${column} = ${group.key}`;
  const hit = spec.numerator ? sql`s.hit` : sql`true`;
  const { rows } = await sql<{ id: string; subject_id: string; day: string }>`
    select s.id, s.subject_id, cast(s.day as text) as day from (${await spec.source(db, period)}) s
    where ${hit} and ${inGroup} order by s.day desc, s.id`.execute(db);
  return rows.map((r) => ({ type: spec.type, id: r.id, subjectId: r.subject_id, date: r.day }));
}

/** The day in England an instant column falls on, as 'YYYY-MM-DD' (a record source's `day`). */
export const londonDay = (column: string) =>
  sql<string>`cast((${sql.ref(column)} at time zone 'Europe/London')::date as text)`;

/**
 * A short reference for a record with none of its own: the id's last 8 characters (a UUID v7's random end; its start
 * is the time it was made, the same for every record of the same minute), e.g. "Episode 3F9C01AB".
 */
export const shortReference = (noun: string, id: string) => `${noun} ${id.replace(/-/g, '').slice(-8).toUpperCase()}`;

/**
 * The three columns a source gives each record counted, for `select … ${recordColumns(…)}`: the record's id, the id
 * of the record the policy checks (the record itself, or its family) and the day (a column or SQL) that counted it.
 */
export const recordColumns = (id: string, subject: string, day: RawBuilder<unknown> | string) =>
  sql`${sql.ref(id)} as id, ${sql.ref(subject)} as subject_id, ${typeof day === 'string' ? sql.ref(day) : day} as day`;

/** What a list shows of one record: a reference and a link to its page (the module's page decides what it shows). */
export interface RecordLine {
  reference: string;
  /** A word or two about what it is ("Team Around the Family, level 2"), never a name. */
  about: string;
  /** The record's own page, where the viewer may open it (none where their roles open no page of it). */
  href?: string;
}

export interface RecordLister {
  type: string;
  /** The records in plain words, plural ("Requests for Support"). */
  noun: string;
  /**
   * The actions whose holders may see some records of this type: the indicator page offers the drill-down only to
   * them. Each record is still decided by the policy with the viewer's involvements.
   */
  seenWith: readonly SystemAction[];
  /** Restricted records (exploitation, MACE): never listed, only counted as records the viewer cannot see. */
  restricted?: boolean;
  /** How the viewer is involved with each subject, as the owning module's own pages work it out. */
  involvements(viewer: Principal, subjectIds: readonly string[]): Promise<Map<string, Involvement[]>>;
  /** The lines for these record ids (only ever asked for records the viewer may see). */
  describe(viewer: Principal, ids: readonly string[]): Promise<Map<string, RecordLine>>;
}

/**
 * The lister of a restricted kind of record (exploitation concerns, MARAC, MACE, case reviews): its records are
 * counted, never listed, so it is asked nothing; the indicator page offers no drill-down for them.
 */
export const restrictedLister = (type: string, noun: string): RecordLister => ({
  type,
  noun,
  seenWith: [],
  restricted: true,
  involvements: () => Promise.resolve(new Map()),
  describe: () => Promise.resolve(new Map()),
});
