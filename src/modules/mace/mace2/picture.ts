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
      const all = (key: string, rows: { district: string; count: number }[]) =>
        rows.map((r) => ({ key, label: '', district: r.district, count: r.count }));
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
          table(
            'In total',
            'Records',
            [...all('missing', missing.byDistrict), ...all('concerns', concerns.byDistrict)],
            [
              { key: 'missing', label: 'Missing episodes reported' },
              { key: 'concerns', label: 'Exploitation concerns recorded' },
            ],
          ),
          table('Where children went missing from', 'Missing from', missing.byMissingFrom, pairs(MISSING_WORDS.from)),
          table('Where children were found on return', 'Found at', missing.byReturnedWhere),
          table(
            'Exploitation concerns: kind and setting',
            'Kind or setting',
            [...concerns.byKind, ...concerns.bySetting],
            [...pairs(EXPLOITATION_KINDS), ...pairs(EXPLOITATION_SETTINGS)],
          ),
          table('Where the exploitation happens, as recorded', 'Where', concerns.byPlace),
        ],
      };
    }),
  );
  return { asOf, districts: districts.map((d) => d.name), threshold, periods };
}
