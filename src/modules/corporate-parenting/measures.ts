import { sql, type RawBuilder } from 'kysely';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import type { Measure } from '../../platform/indicators/counting.ts';
import {
  age,
  FOSTERED,
  HAS_STATUS,
  HEALTH_CHECK,
  IN_CARE,
  leaver,
  monthsBefore,
  PEP,
  THREE_PLACEMENTS,
  type Need,
} from './register-sql.ts';

/**
 * The Co-Parenting Strategy's measures (seed 004, "Our Outcomes") as counted from the register (issue 16): each says
 * who it counts on the year's last day (`who`, over register-sql.ts's rows), and what a percentage's numerator or a
 * count of hits counts (`hit`) or what a mean averages (`amount`), with its words for "how this is counted".
 */
export interface MeasureSpec {
  key: string;
  /** Goes up whenever the counting changes (2: statuses as at the year's end, migration 0085). */
  version: number;
  name: string;
  unit: ComputedIndicator['unit'];
  polarity: ComputedIndicator['polarity'];
  measure: Measure;
  howCounted: string;
  needs: readonly Need[];
  who: RawBuilder<unknown>;
  hit?: RawBuilder<unknown>;
  amount?: RawBuilder<unknown>;
}

const SNAPSHOT = 'Counted from the register on the period’s last day';
const BY_MIGRANT = 'By separated migrant children and other children.';
const AS_AT =
  'Each child’s statuses are those recorded as at that day: the newest the register keeps from that day or before (each import adds its file’s, as at the day its rows give, or the day of the import). Children with no statuses recorded by then are left out, so a year that ended before the first import has no data.';
const YEAR_IN_CARE = sql`p.starts_on <= ${monthsBefore(12)}`;
const EET = sql`(st.eet in ('education', 'employment', 'training'))`;
/** The register's ethnic groups a foster carer's ONS 2021 code falls in. */
const CARER_GROUP = sql`(case when pl.carer_ethnicity = 'white-british' then 'white-british'
  when pl.carer_ethnicity like 'white-%' then 'white-other' when pl.carer_ethnicity like 'mixed-%' then 'mixed'
  when pl.carer_ethnicity like 'asian-%' then 'asian' when pl.carer_ethnicity like 'black-%' then 'black'
  when pl.carer_ethnicity like 'other-%' then 'other' end)`;
const P = ['placement'] as const;
const S = ['status'] as const;
const SL = ['status', 'leaver'] as const;

export const MEASURES: readonly MeasureSpec[] = [
  {
    key: 'children-in-care',
    version: 1,
    name: 'Children in care',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `${SNAPSHOT}: the children in care that day (a period in care started on or before it and not ended by it). ${BY_MIGRANT}`,
    needs: [],
    who: IN_CARE,
  },
  {
    key: 'days-in-care',
    version: 1,
    name: 'Length of time in care (mean days)',
    unit: 'days',
    polarity: 'neither',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: for each child in care that day, the days since their current period in care started; the mean. ${BY_MIGRANT}`,
    needs: [],
    who: IN_CARE,
    amount: sql`(y.e - p.starts_on)`,
  },
  {
    key: 'long-term-stability',
    version: 1,
    name: 'Long-term placement stability',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day aged under 16 who had been in care for 2½ years or more (their current period), the percentage living in the same placement for 2 years or more (the national measure). ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and ${age} < 16 and p.starts_on <= ${monthsBefore(30)}`,
    hit: sql`(pl.starts_on is not null and pl.starts_on <= ${monthsBefore(24)})`,
  },
  {
    key: 'three-placements',
    version: 1,
    name: 'Short-term placement instability: 3 or more placements in the year',
    unit: 'percentage',
    polarity: 'lower-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day, the percentage who had 3 or more placements during the period (placements that were open on any day of it). ${BY_MIGRANT}`,
    needs: ['placements-in-year'],
    who: IN_CARE,
    hit: THREE_PLACEMENTS,
  },
  {
    key: 'fostered',
    version: 1,
    name: 'Children in care who are fostered',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement that day, the percentage in foster care (with foster carers, or family and friends carers). ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and pl.id is not null`,
    hit: FOSTERED,
  },
  {
    key: 'fostered-in-house',
    version: 1,
    name: 'Fostered children with in-house foster carers',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in foster care that day, the percentage placed with the council’s own (in-house) foster carers. ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and ${FOSTERED}`,
    hit: sql`pl.in_house`,
  },
  {
    key: 'distance-from-home',
    version: 1,
    name: 'Distance placed from home (mean miles)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean distance in miles from home of the placements of the children in care that day. ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and pl.id is not null`,
    amount: sql`pl.distance_miles`,
  },
  {
    key: 'placed-over-20-miles',
    version: 1,
    name: 'Children in care placed more than 20 miles from home',
    unit: 'percentage',
    polarity: 'lower-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement, the percentage placed more than 20 miles from home. ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and pl.id is not null`,
    hit: sql`(pl.distance_miles > 20)`,
  },
  {
    key: 'placed-in-essex',
    version: 1,
    name: 'Children in care placed within the council’s area',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day with a placement, the percentage placed inside the council’s area. ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and pl.id is not null`,
    hit: sql`pl.in_area`,
  },
  {
    key: 'health-checks',
    version: 1,
    name: 'Annual health checks of children in care',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day who had been in care for 12 months or more, the percentage with a health check in the 12 months to that day. ${BY_MIGRANT}`,
    needs: ['health-check'],
    who: sql`${IN_CARE} and ${YEAR_IN_CARE}`,
    hit: HEALTH_CHECK,
  },
  {
    key: 'immunisations',
    version: 2,
    name: 'Immunisations of children in care up to date',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day who had been in care for 12 months or more, the percentage whose immunisations were up to date (not recorded counts as not). ${AS_AT} ${BY_MIGRANT}`,
    needs: S,
    who: sql`${IN_CARE} and ${YEAR_IN_CARE} and ${HAS_STATUS}`,
    hit: sql`coalesce(st.immunisations_up_to_date, false)`,
  },
  {
    key: 'sdq-children',
    version: 2,
    name: 'SDQ score of children in care (mean)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean Strengths and Difficulties Questionnaire score (0 to 40, lower is better) of the children in care that day aged 4 to 16 who had been in care for 12 months or more and had a score. ${AS_AT} ${BY_MIGRANT}`,
    needs: S,
    who: sql`${IN_CARE} and st.sdq_score is not null and ${age} between 4 and 16 and ${YEAR_IN_CARE}`,
    amount: sql`st.sdq_score`,
  },
  {
    key: 'health-passports',
    version: 2,
    name: 'Care leavers with a health passport',
    unit: 'count',
    polarity: 'higher-is-better',
    measure: 'count-of',
    howCounted: `${SNAPSHOT}: care leavers aged 16 to 25 that day (marked as care leavers, their care ended by that day) who had a health passport. ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(16, 25)} and ${HAS_STATUS}`,
    hit: sql`st.health_passport`,
  },
  {
    key: 'life-story',
    version: 2,
    name: 'Children in care with their Life Story work complete',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day, the percentage whose Life Story work was complete. ${AS_AT} ${BY_MIGRANT}`,
    needs: S,
    who: sql`${IN_CARE} and ${HAS_STATUS}`,
    hit: sql`(st.life_story = 'complete')`,
  },
  {
    key: 'pep-meetings',
    version: 1,
    name: 'Children in care with a Personal Education Plan meeting in the last 6 months',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in care that day aged 3 to 17, the percentage with a Personal Education Plan meeting in the 6 months to that day. ${BY_MIGRANT}`,
    needs: ['pep'],
    who: sql`${IN_CARE} and ${age} between 3 and 17`,
    hit: PEP,
  },
  {
    key: 'eet-16-17',
    version: 2,
    name: 'Care leavers aged 16 and 17 in education, employment or training',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 16 and 17 that day, the percentage in education, employment or training (not recorded counts as not). ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(16, 17)} and ${HAS_STATUS}`,
    hit: sql`coalesce(${EET}, false)`,
  },
  {
    key: 'care-leavers',
    version: 1,
    name: 'Care leavers aged 18 to 25',
    unit: 'count',
    polarity: 'neither',
    measure: 'count',
    howCounted: `${SNAPSHOT}: the care leavers aged 18 to 25 that day (marked as care leavers, their care ended by that day). ${BY_MIGRANT}`,
    needs: ['leaver'],
    who: leaver(18, 25),
  },
  {
    key: 'eet-18-25',
    version: 2,
    name: 'Care leavers aged 18 to 25 in education, employment or training',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage in education, employment or training (not recorded counts as not). ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(18, 25)} and ${HAS_STATUS}`,
    hit: sql`coalesce(${EET}, false)`,
  },
  {
    key: 'seeking-employment',
    version: 2,
    name: 'Care leavers aged 18 to 25 actively seeking employment',
    unit: 'count',
    polarity: 'neither',
    measure: 'count-of',
    howCounted: `${SNAPSHOT}: the care leavers aged 18 to 25 that day not in education, employment or training and seeking work. ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(18, 25)} and ${HAS_STATUS}`,
    hit: sql`coalesce(st.eet = 'neet-seeking-work', false)`,
  },
  {
    key: 'suitable-accommodation',
    version: 2,
    name: 'Care leavers in suitable accommodation',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage whose accommodation was recorded as suitable (not recorded counts as not). ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(18, 25)} and ${HAS_STATUS}`,
    hit: sql`coalesce(st.accommodation_suitable, false)`,
  },
  {
    key: 'personal-adviser',
    version: 2,
    name: 'Care leavers with a Personal Adviser',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the care leavers aged 18 to 25 that day, the percentage with a Personal Adviser named. ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(18, 25)} and ${HAS_STATUS}`,
    hit: sql`(st.personal_adviser <> '')`,
  },
  {
    key: 'sdq-care-leavers',
    version: 2,
    name: 'SDQ score of care leavers (mean)',
    unit: 'count',
    polarity: 'lower-is-better',
    measure: 'mean',
    howCounted: `${SNAPSHOT}: the mean Strengths and Difficulties Questionnaire score (0 to 40, lower is better) of the care leavers aged 18 to 25 that day who had a score. ${AS_AT} ${BY_MIGRANT}`,
    needs: SL,
    who: sql`${leaver(18, 25)} and st.sdq_score is not null`,
    amount: sql`st.sdq_score`,
  },
  {
    key: 'exploitation-risk',
    version: 1,
    name: 'Young people in care recorded as at risk of sexual or criminal exploitation',
    unit: 'count',
    polarity: 'neither',
    measure: 'count-of',
    howCounted: `${SNAPSHOT}: the children in care that day about whom a sexual or criminal exploitation concern was recorded in Hearth (the SET Child Exploitation Partner Pathway) in the 12 months to that day. A child is tied to Hearth’s records by the NHS number the register gives: a concern counts when Hearth matched it to a person with that NHS number, and no other person in Hearth has the same number. Children with no NHS number in the register are left out, and concerns Hearth could not match to one person are not counted, so this is a lower bound; a year in which no child in care had an NHS number has no data. A count only: the concerns are restricted records. ${BY_MIGRANT}`,
    needs: ['exploitation'],
    who: sql`${IN_CARE} and c.nhs_number is not null`,
    hit: sql`(ex.nhs_number is not null)`,
  },
  {
    key: 'same-background-foster',
    version: 1,
    name: 'Minority ethnic children in foster care placed with foster carers of the same ethnic background',
    unit: 'percentage',
    polarity: 'higher-is-better',
    measure: 'percentage',
    howCounted: `${SNAPSHOT}: of the children in foster care that day whose ethnicity is recorded as other than White British (Asian, Black, Mixed, White other or another ethnic group), the percentage whose foster carer is of the same group: the carer’s ethnicity (ONS 2021 codes, given on the placement) in the group the register records the child in (any White background other than British for White other). Placements whose carer’s ethnicity is not recorded, not known or not said are left out; a year with none has no data. Religion is not recorded. ${BY_MIGRANT}`,
    needs: P,
    who: sql`${IN_CARE} and ${FOSTERED} and c.ethnicity not in ('white-british', 'not-known')
      and ${CARER_GROUP} is not null`,
    hit: sql`(${CARER_GROUP} = c.ethnicity)`,
  },
];
