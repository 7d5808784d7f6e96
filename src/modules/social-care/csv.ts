import { stringify } from 'csv-stringify/sync';
import type { Selectable } from 'kysely';
import type { SocialCareHandoffsTable } from '../../platform/db/schema/index.ts';

/** A cell a spreadsheet would run as a formula starts with one of these: written with a leading apostrophe. */
const FORMULA = /^[=+\-@\t\r]/;
const cell = (value: unknown) => {
  const text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  return FORMULA.test(text) ? `'${text}` : text;
};

export const CSV_COLUMNS = ['id', 'request_id', 'reference', 'level', 'route', 'district_code', 'handed_off_at'];

/** The hand-offs not yet acknowledged, for an authority whose social care system reads a file. */
export function handOffsCsv(rows: readonly Selectable<SocialCareHandoffsTable>[]): string {
  return stringify([
    CSV_COLUMNS,
    ...rows.map((r) => [r.id, r.request_id, r.reference, r.level, r.route, r.district_code, r.created_at].map(cell)),
  ]);
}
