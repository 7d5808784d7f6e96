import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import { computedIndicator, type Measure } from '../../platform/indicators/counting.ts';

/**
 * The Co-Parenting Strategy's measures (seed 004, "Our Outcomes") counted from the register (issue 16). Each is a
 * snapshot on the period's last day unless it says otherwise: the children in care that day (a period in care
 * started on or before it and not ended by it), their placement that day, their age that day. Care leavers are those
 * the register marks as care leavers whose care had ended by that day. Every measure breaks down by separated migrant
 * children and other children, so the Panel sees the two apart (seed 004: "their data is considered separately").
 * Counts and scores only, never a name.
 */
export const MIGRANT_GROUPS = { 'separated-migrant': 'Separated migrant children', other: 'Other children' };
const BREAKDOWNS = { migrant: { labels: MIGRANT_GROUPS } };
const NO_PARAMS = { load: () => Promise.resolve(null), example: null };

/** The period's last day, as SQL. */
export const lastDay = (period: Period) => sql<string>`(cast(${period.to} as date) - 1)`;
const migrant = sql`case when c.separated_migrant then 'separated-migrant' else 'other' end as b_migrant`;

/** The children in care on the period's last day, with their current period in care and placement (if any). */
export const inCare = (period: Period, select: RawBuilder<unknown>, where: RawBuilder<unknown> = sql`true`) => {
  const e = lastDay(period);
  return sql`select ${migrant}, ${select}
    from cp_children c
      join cp_care_periods p on p.child_id = c.id and p.starts_on <= ${e} and (p.ends_on is null or p.ends_on > ${e})
      left join cp_placements pl on pl.child_id = c.id and pl.starts_on <= ${e} and (pl.ends_on is null or pl.ends_on > ${e})
    where ${where}`;
};

/** Care leavers on the period's last day, aged `min`–`max` that day. */
export const careLeavers = (period: Period, min: number, max: number, select: RawBuilder<unknown>) => {
  const e = lastDay(period);
  return sql`select ${migrant}, ${select}
    from cp_children c
    where c.status = 'care-leaver'
      and exists (select 1 from cp_care_periods p where p.child_id = c.id and p.ends_on <= ${e})
      and not exists (select 1 from cp_care_periods p where p.child_id = c.id and p.starts_on <= ${e} and (p.ends_on is null or p.ends_on > ${e}))
      and extract(year from age(${e}, c.date_of_birth)) between ${sql.lit(min)} and ${sql.lit(max)}`;
};

const age = (period: Period) => sql`extract(year from age(${lastDay(period)}, c.date_of_birth))`;
const EET = sql`c.eet in ('education', 'employment', 'training')`;

interface Spec {
  key: string;
  name: string;
  unit: ComputedIndicator['unit'];
  polarity: ComputedIndicator['polarity'];
  measure: Measure;
  howCounted: string;
  source: (period: Period) => RawBuilder<unknown>;
}
const indicator = (spec: Spec) =>
  computedIndicator({
    ...spec,
    key: `corporate-parenting.${spec.key}`,
    version: 1,
    breakdowns: BREAKDOWNS,
    params: NO_PARAMS,
    source: (_db, period) => spec.source(period),
  });

const SNAPSHOT = 'Counted from the register on the period’s last day';
const BY_MIGRANT = 'By separated migrant children and other children.';
const CURRENT =
  'The register holds each child’s latest status only (the social care system’s last export), so a past period shows the status now of the children counted then.';

export const corporateParentingIndicators: readonly ComputedIndicator[] = [
  indicator({
    key: 'children-in-care',
    name: 'Children in care',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `${SNAPSHOT}: the children in care that day (a period in care started on or before it and not ended by it). ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`c.id`),
  }),
  indicator({
    key: 'entered-care',
    name: 'Children entering care',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `Periods in care that started in the period (a child who came into care twice counts twice). ${BY_MIGRANT}`,
    source: (p) =>
      sql`select ${migrant} from cp_care_periods cp join cp_children c on c.id = cp.child_id
        where cp.starts_on >= cast(${p.from} as date) and cp.starts_on < cast(${p.to} as date)`,
  }),
  indicator({
    key: 'days-in-care',
    name: 'Length of time in care (mean days)',
    unit: 'days',
    polarity: 'neither',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: for each child in care that day, the days since their current period in care started; the mean. ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`(${lastDay(p)} - p.starts_on) as amount`),
  }),
  indicator({
    key: 'long-term-stability',
    name: 'Long-term placement stability',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day aged under 16 who had been in care for 2½ years or more (their current period), the percentage living in the same placement for 2 years or more (the national measure). ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`(pl.starts_on is not null and pl.starts_on <= (${lastDay(p)} - interval '2 years')::date) as hit`,
        sql`${age(p)} < 16 and p.starts_on <= (${lastDay(p)} - interval '30 months')::date`,
      ),
  }),
  indicator({
    key: 'three-placements',
    name: 'Short-term placement instability: 3 or more placements in the year',
    unit: 'percentage',
    polarity: 'lower-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day, the percentage who had 3 or more placements during the period (placements that were open on any day of it). ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`((select count(*) from cp_placements q where q.child_id = c.id and q.starts_on < cast(${p.to} as date)
          and (q.ends_on is null or q.ends_on > cast(${p.from} as date))) >= 3) as hit`,
      ),
  }),
  indicator({
    key: 'fostered',
    name: 'Children in care who are fostered',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement that day, the percentage in foster care (with foster carers, or family and friends carers). ${BY_MIGRANT}`,
    source: (p) =>
      inCare(p, sql`(pl.placement_type in ('foster', 'family-and-friends')) as hit`, sql`pl.id is not null`),
  }),
  indicator({
    key: 'fostered-in-house',
    name: 'Fostered children with in-house foster carers',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in foster care that day, the percentage placed with the council’s own (in-house) foster carers. ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`pl.in_house as hit`, sql`pl.placement_type in ('foster', 'family-and-friends')`),
  }),
  indicator({
    key: 'distance-from-home',
    name: 'Distance placed from home (mean miles)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean distance in miles from home of the placements of the children in care that day. ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`pl.distance_miles as amount`, sql`pl.id is not null`),
  }),
  indicator({
    key: 'placed-over-20-miles',
    name: 'Children in care placed more than 20 miles from home',
    unit: 'percentage',
    polarity: 'lower-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement, the percentage placed more than 20 miles from home. ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`(pl.distance_miles > 20) as hit`, sql`pl.id is not null`),
  }),
  indicator({
    key: 'placed-in-essex',
    name: 'Children in care placed within Essex',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement, the percentage placed inside Essex. ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`pl.in_essex as hit`, sql`pl.id is not null`),
  }),
  indicator({
    key: 'health-checks',
    name: 'Annual health checks of children in care',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day who had been in care for 12 months or more, the percentage with a health check in the 12 months to that day. ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`exists (select 1 from cp_events h where h.child_id = c.id and h.kind = 'health-check'
          and h.on_date > (${lastDay(p)} - interval '1 year')::date and h.on_date <= ${lastDay(p)}) as hit`,
        sql`p.starts_on <= (${lastDay(p)} - interval '1 year')::date`,
      ),
  }),
  indicator({
    key: 'immunisations',
    name: 'Immunisations of children in care up to date',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day who had been in care for 12 months or more, the percentage whose immunisations are up to date. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`coalesce(c.immunisations_up_to_date, false) as hit`,
        sql`p.starts_on <= (${lastDay(p)} - interval '1 year')::date`,
      ),
  }),
  indicator({
    key: 'sdq-children',
    name: 'SDQ score of children in care (mean)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean Strengths and Difficulties Questionnaire score (0 to 40, lower is better) of the children in care that day aged 4 to 16 who had been in care for 12 months or more and have a score. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`c.sdq_score as amount`,
        sql`c.sdq_score is not null and ${age(p)} between 4 and 16 and p.starts_on <= (${lastDay(p)} - interval '1 year')::date`,
      ),
  }),
  indicator({
    key: 'health-passports',
    name: 'Care leavers with a health passport',
    unit: 'count',
    polarity: 'higher-is-better',
    measure: 'count',
    howCounted: `${SNAPSHOT}: care leavers aged 16 to 25 that day (marked as care leavers, their care ended by that day) who have a health passport. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => sql`select * from (${careLeavers(p, 16, 25, sql`c.health_passport`)}) x where x.health_passport`,
  }),
  indicator({
    key: 'life-story',
    name: 'Children in care with their Life Story work complete',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day, the percentage whose Life Story work is complete. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => inCare(p, sql`(c.life_story = 'complete') as hit`),
  }),
  indicator({
    key: 'pep-meetings',
    name: 'Children in care with a Personal Education Plan meeting in the last 6 months',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day aged 3 to 17, the percentage with a Personal Education Plan meeting in the 6 months to that day. ${BY_MIGRANT}`,
    source: (p) =>
      inCare(
        p,
        sql`exists (select 1 from cp_events e where e.child_id = c.id and e.kind = 'pep'
          and e.on_date > (${lastDay(p)} - interval '6 months')::date and e.on_date <= ${lastDay(p)}) as hit`,
        sql`${age(p)} between 3 and 17`,
      ),
  }),
  indicator({
    key: 'eet-16-17',
    name: 'Care leavers aged 16 and 17 in education, employment or training',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 16 and 17 that day, the percentage in education, employment or training (not recorded counts as not). ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => careLeavers(p, 16, 17, sql`${EET} as hit`),
  }),
  indicator({
    key: 'care-leavers',
    name: 'Care leavers aged 18 to 25',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `${SNAPSHOT}: the care leavers aged 18 to 25 that day (marked as care leavers, their care ended by that day). ${BY_MIGRANT}`,
    source: (p) => careLeavers(p, 18, 25, sql`c.id`),
  }),
  indicator({
    key: 'eet-18-25',
    name: 'Care leavers aged 18 to 25 in education, employment or training',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage in education, employment or training (not recorded counts as not). ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => careLeavers(p, 18, 25, sql`${EET} as hit`),
  }),
  indicator({
    key: 'seeking-employment',
    name: 'Care leavers aged 18 to 25 actively seeking employment',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `${SNAPSHOT}: the care leavers aged 18 to 25 that day not in education, employment or training and seeking work. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => sql`select * from (${careLeavers(p, 18, 25, sql`c.eet`)}) x where x.eet = 'neet-seeking-work'`,
  }),
  indicator({
    key: 'suitable-accommodation',
    name: 'Care leavers in suitable accommodation',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage whose accommodation is recorded as suitable (not recorded counts as not). ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => careLeavers(p, 18, 25, sql`coalesce(c.accommodation_suitable, false) as hit`),
  }),
  indicator({
    key: 'personal-adviser',
    name: 'Care leavers with a Personal Adviser',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage with a Personal Adviser named. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) => careLeavers(p, 18, 25, sql`(c.personal_adviser <> '') as hit`),
  }),
  indicator({
    key: 'sdq-care-leavers',
    name: 'SDQ score of care leavers (mean)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean Strengths and Difficulties Questionnaire score (0 to 40, lower is better) of the care leavers aged 18 to 25 that day who have a score. ${CURRENT} ${BY_MIGRANT}`,
    source: (p) =>
      sql`select * from (${careLeavers(p, 18, 25, sql`c.sdq_score as amount`)}) x where x.amount is not null`,
  }),
];
