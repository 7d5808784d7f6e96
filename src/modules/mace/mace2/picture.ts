import { EXPLOITATION_KINDS, EXPLOITATION_SETTINGS, type ConcernCounts } from '../../exploitation/index.ts';
import { MISSING_WORDS, type MissingCountRow } from '../../missing/index.ts';
import type { Quadrant } from './access.ts';
import { periodEnding, pictureTable, type PicturePeriod } from './local-picture.ts';

type Period = { from: Date; to: Date; districts: readonly string[] };
type MissingCounts = {
  byDistrict: MissingCountRow[];
  byMissingFrom: MissingCountRow[];
  byReturnedWhere: MissingCountRow[];
};

const TOTAL = (label: string) => [{ key: 'all', label }];
const pairs = (words: Record<string, string>) => Object.entries(words).map(([key, label]) => ({ key, label }));

/**
 * MACE 2's local picture of a quadrant (seed 002: "Through local data analysis and intelligence"), generated from
 * Hearth's own records: missing episodes (the missing module) and exploitation concerns (the exploitation module),
 * for the last 3 and the last 12 months up to `asOf`, per district of the quadrant. Counts under the threshold are
 * shown as "fewer than N".
 */
export async function localPicture(
  quadrant: Quadrant,
  asOf: string,
  threshold: number,
  sources: { missing: (p: Period) => Promise<MissingCounts>; exploitation: (p: Period) => Promise<ConcernCounts> },
): Promise<{ asOf: string; districts: string[]; threshold: number; periods: PicturePeriod[] }> {
  const districts = quadrant.districts;
  const codes = districts.map((d) => d.code);
  const periods = await Promise.all(
    [3, 12].map(async (months) => {
      const { from, to } = periodEnding(asOf, months);
      const period = { from, to, districts: codes };
      const [missing, concerns] = await Promise.all([sources.missing(period), sources.exploitation(period)]);
      const all = (rows: { district: string; count: number }[]) =>
        rows.map((r) => ({ key: 'all', label: '', district: r.district, count: r.count }));
      const table = (
        caption: string,
        first: string,
        rows: Parameters<typeof pictureTable>[2],
        order?: { key: string; label: string }[],
      ) => pictureTable(caption, first, rows, districts, threshold, order);
      return {
        months,
        from,
        to,
        tables: [
          table('Missing episodes reported', 'Missing episodes', all(missing.byDistrict), TOTAL('Missing episodes')),
          table('Where children went missing from', 'Missing from', missing.byMissingFrom, pairs(MISSING_WORDS.from)),
          table('Where children were found on return', 'Found at', missing.byReturnedWhere),
          table('Exploitation concerns recorded', 'Concerns', all(concerns.byDistrict), TOTAL('Exploitation concerns')),
          table('Exploitation concerns by kind', 'Kind', concerns.byKind, pairs(EXPLOITATION_KINDS)),
          table('In person or online', 'Setting', concerns.bySetting, pairs(EXPLOITATION_SETTINGS)),
          table('Where it happens, as recorded', 'Where', concerns.byPlace),
        ],
      };
    }),
  );
  return { asOf, districts: districts.map((d) => d.name), threshold, periods };
}
