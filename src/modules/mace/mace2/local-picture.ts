import { TZDate } from '@date-fns/tz';
import { addDays, subMonths } from 'date-fns';

/** A count of the local picture: what it counts (`key`, shown as `label`) in one district. */
export interface PictureCount {
  key: string;
  label: string;
  district: string;
  count: number;
}

/** One table of the local picture: a row per thing counted, a cell per district of the quadrant, then the quadrant. */
export interface PictureTable {
  caption: string;
  firstColumn: string;
  rows: { label: string; cells: string[] }[];
}

export interface PicturePeriod {
  months: number;
  from: Date;
  to: Date;
  tables: PictureTable[];
}

/** The most rows a table of places typed as free text shows (the most frequent first). */
const MOST_PLACES = 10;

/** Hearth's small-number suppression: a count under the threshold is shown as "fewer than N", zero too. */
export const shown = (count: number, threshold: number) =>
  count < threshold ? `fewer than ${threshold}` : count.toLocaleString('en-GB');

/**
 * The period of the last `months` months up to and including `asOf` ('YYYY-MM-DD'), as instants: from midnight in
 * London `months` months before the day after, to midnight in London the day after.
 */
export function periodEnding(asOf: string, months: number): { from: Date; to: Date } {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const to = addDays(new TZDate(y, m - 1, d, 'Europe/London'), 1);
  return { from: new Date(subMonths(to, months).getTime()), to: new Date(to.getTime()) };
}

/**
 * Draws one table: rows are the keys counted (in the order of `order`, else most frequent first), cells the
 * districts of the quadrant in the tenant's order, then the quadrant's total; every figure through `shown`.
 */
export function pictureTable(
  caption: string,
  firstColumn: string,
  counts: readonly PictureCount[],
  districts: readonly { code: string }[],
  threshold: number,
  order?: readonly { key: string; label: string }[],
): PictureTable {
  const totals = new Map<string, { label: string; total: number }>();
  for (const c of counts) {
    const row = totals.get(c.key) ?? { label: c.label, total: 0 };
    row.total += c.count;
    totals.set(c.key, row);
  }
  const keys = order
    ? order.map((o) => ({ key: o.key, label: o.label }))
    : [...totals.entries()]
        .sort((a, b) => b[1].total - a[1].total || a[1].label.localeCompare(b[1].label))
        .slice(0, MOST_PLACES)
        .map(([key, row]) => ({ key, label: row.label }));
  const count = (key: string, district: string) =>
    counts.filter((c) => c.key === key && c.district === district).reduce((n, c) => n + c.count, 0);
  return {
    caption,
    firstColumn,
    rows: keys.map(({ key, label }) => ({
      label,
      cells: [
        ...districts.map((d) => shown(count(key, d.code), threshold)),
        shown(totals.get(key)?.total ?? 0, threshold),
      ],
    })),
  };
}
