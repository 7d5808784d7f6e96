import { format, parseISO, subDays } from 'date-fns';
import { sql } from 'kysely';
import { schoolYearOf, yearGroupName } from '../../platform/calendar/school-year.ts';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import { PLACE_BREAKDOWNS, computedIndicator, dayIn, districtColumns } from '../../platform/indicators/counting.ts';
import { recordColumns } from '../../platform/indicators/records.ts';
import { OUTCOME_NAMES, SAO_NAMES } from './rules.ts';

/**
 * Education Compliance's figures (issue 15): children missing education and children home educated at a date (the
 * period's last day), by quadrant, district and year group, and the outcomes of the cases closed in a period. Counts
 * only. Seed 004 gives Essex's own counts on 1 April 2022 (542 and 2,626): imported history, not counted here.
 */

/** The period's last day, and the school year it is in (the year group of a child is counted on that day). */
const atEnd = (period: Period) => {
  const day = format(subDays(parseISO(period.to), 1), 'yyyy-MM-dd');
  return { day, schoolYear: schoolYearOf(day) };
};

const yearGroup = (schoolYear: number) => sql<number>`(cast(${schoolYear} as integer) - c.birth_school_year - 5)`;

/**
 * The breakdowns of a case `c`, and the case as the record behind the count (the drill-down, drill-down.ts) on the day
 * `day` (a column) that put it in the count.
 */
const columns = (schoolYear: number, day: string) => {
  const place = districtColumns('c.district');
  return sql`${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
    ${place.district} as b_district, ${place.districtName} as l_district,
    cast(${yearGroup(schoolYear)} as text) as "b_year-group",
    coalesce(c.sao_stage, 'none') as "b_sao-stage", c.outcome as b_outcome, ${recordColumns('c.id', 'c.id', day)}`;
};

const BREAKDOWNS = {
  ...PLACE_BREAKDOWNS,
  'year-group': { labels: (k: string) => yearGroupName(Number(k)) },
} as const;

const GROUPS =
  'The quadrant and district are where the child lives, as recorded on the case. The year group is the child’s on ' +
  'that day, from their date of birth by England’s school year (which starts on 1 September); only Reception to ' +
  'Year 11 are counted.';

const example = { day: '2026-03-31', schoolYear: 2025 };
const params = { load: async (_db: unknown, period: Period) => atEnd(period), example };

export function educationIndicators(): readonly ComputedIndicator[] {
  const missing = computedIndicator({
    key: 'education.children-missing-education',
    version: 1,
    name: 'Children missing education',
    unit: 'count',
    polarity: 'lower-is-better',
    howCounted:
      'The children recorded as missing education on the last day of the period: reported to Education Compliance ' +
      '(or found to be receiving unsuitable home education) on or before that day, and without an outcome (on a ' +
      `school roll, moved to another authority, left the country) by then. ${GROUPS} The School Attendance Order ` +
      'breakdown shows the furthest stage reached by the time of counting.',
    measure: 'count',
    breakdowns: {
      ...BREAKDOWNS,
      'sao-stage': { labels: { none: 'No School Attendance Order stage', ...SAO_NAMES } },
    },
    params,
    source: (_db, _period, at) =>
      sql`select ${columns(at.schoolYear, 'c.cme_from')} from education_cases c
        where c.cme_from <= cast(${at.day} as date)
          and (c.closed_on is null or c.closed_on > cast(${at.day} as date))
          and ${yearGroup(at.schoolYear)} between 0 and 11`,
  });

  const homeEducated = computedIndicator({
    key: 'education.home-educated',
    version: 1,
    name: 'Children in elective home education',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'The children registered as electively home educated on the last day of the period: registered on or before ' +
      'that day, not closed by then, and not found by then to be receiving unsuitable education (they are counted ' +
      `as missing education from that day). ${GROUPS}`,
    measure: 'count',
    breakdowns: BREAKDOWNS,
    params,
    source: (_db, _period, at) =>
      sql`select ${columns(at.schoolYear, 'c.ehe_from')} from education_cases c
        where c.ehe_from <= cast(${at.day} as date)
          and (c.ehe_to is null or c.ehe_to > cast(${at.day} as date))
          and (c.closed_on is null or c.closed_on > cast(${at.day} as date))
          and ${yearGroup(at.schoolYear)} between 0 and 11`,
  });

  const outcomes = computedIndicator({
    key: 'education.cme-outcomes',
    version: 1,
    name: 'Children missing education: cases closed, by outcome',
    unit: 'count',
    polarity: 'neither',
    howCounted:
      'The cases of children missing education closed in the period, by their outcome: on a school roll, moved to ' +
      'another local authority (with its confirmation), left the country, or reached school-leaving age. A case is in the period by the date ' +
      `of its outcome. ${GROUPS.replace('on that day', 'on the period’s last day')}`,
    measure: 'count',
    breakdowns: { ...BREAKDOWNS, outcome: { labels: OUTCOME_NAMES } },
    params,
    source: (_db, period, at) =>
      sql`select ${columns(at.schoolYear, 'c.outcome_on')} from education_cases c
        where c.cme_from is not null and c.outcome is not null and ${dayIn('c.outcome_on', period)}`,
  });

  return [missing, homeEducated, outcomes];
}
