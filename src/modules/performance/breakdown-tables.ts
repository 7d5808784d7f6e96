import type { IndicatorUnit } from '../../platform/db/schema/index.ts';
import { PERSON_GROUP_KEYS } from '../../platform/indicators/person-breakdowns.ts';
import { AREA_BREAKDOWNS } from './counted.ts';
import { breakdownValue } from './present.ts';
import type { ValueRow } from './repository.ts';

/** What each breakdown's table is called on an indicator's page. */
const TITLES: Readonly<Record<string, string>> = {
  'age-band': 'By age band',
  gender: 'By gender',
  ethnicity: 'By ethnicity',
  send: 'By special educational needs (SEND)',
  'in-care': 'By whether in care',
  'next-step': 'By next step',
  'exit-reason': 'By exit reason',
};
export const breakdownTitle = (breakdown: string) => TITLES[breakdown] ?? `By ${breakdown.replace(/-/g, ' ')}`;

/** Groups in the breakdown's own order (age bands youngest first), others by code; "Not known" last. */
function order(breakdown: string, a: ValueRow, b: ValueRow) {
  if ((a.group_key === 'unknown') !== (b.group_key === 'unknown')) return a.group_key === 'unknown' ? 1 : -1;
  const known = (PERSON_GROUP_KEYS as Record<string, readonly string[] | undefined>)[breakdown];
  if (known) return known.indexOf(a.group_key) - known.indexOf(b.group_key);
  return a.group_key.localeCompare(b.group_key, 'en-GB', { numeric: true });
}

/**
 * One table per breakdown of the definition other than the areas, for one period of the whole authority: each group
 * counted, small numbers suppressed; a breakdown with nothing kept for the period says "No data" (never zero).
 */
export function breakdownTables(
  breakdowns: readonly string[],
  values: readonly ValueRow[],
  period: string | undefined,
  unit: IndicatorUnit,
  below: number,
) {
  return breakdowns
    .filter((b) => !AREA_BREAKDOWNS.includes(b))
    .map((breakdown) => ({
      breakdown,
      title: breakdownTitle(breakdown),
      rows: values
        .filter((v) => v.period === period && v.area_kind === 'all' && v.breakdown === breakdown)
        .sort((a, b) => order(breakdown, a, b))
        .map((v) => ({ name: v.group_label || v.group_key, ...breakdownValue(v, unit, below) })),
    }));
}
