import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import {
  PLACE_BREAKDOWNS,
  computedIndicator,
  districtColumns,
  instantIn,
  type BreakdownSpec,
} from '../../platform/indicators/counting.ts';
import {
  PERSON_BREAKDOWNS,
  ageOnSql,
  londonDaySql,
  personBreakdownSelections,
} from '../../platform/indicators/person-breakdowns.ts';
import { londonDay } from '../../platform/indicators/records.ts';
import { personFactsSql } from '../people/index.ts';
import { CLOSURE_REASON_NAMES, PATHWAY_NAMES } from './rules.ts';
import { SUPPORT_KINDS } from './taf/schemas.ts';
import { EVENT_KINDS } from './taf/support-events.ts';
import { supportGiven } from './taf/support-given.ts';

/**
 * Early help's computed indicators (issue 14), over the tables early help owns: episodes closed with their goals
 * achieved, the distance travelled on the Early Help Plan's scores, and the TAF meetings a TAF Support Officer
 * supported. Family Solutions' are in family-solutions/indicators.ts.
 */

const NO_PARAMS = { load: () => Promise.resolve(null), example: null };

/** Where an episode is: its family's district (as the family's record says now) and that district's quadrant. */
export const DISTRICT_RULE =
  'The district is the family’s district on their record, and the quadrant the one that district is in; a family with no district recorded is counted as “Not known”.';

/** Whose age, gender, ethnicity and SEND an episode's breakdowns read. */
export const CHILD_RULE =
  'The age band, gender, ethnicity and special educational needs are those of the family’s youngest child (children still in the family first; children without a date of birth last), from their person record, the age in whole years on the day counted; what the record does not say is “Not known”.';

/**
 * The family `f`'s youngest child as `fc` (a lateral join), with their age on `day` and their person record's
 * facts; none for a family with no child recorded.
 */
export const familyChild = (day: RawBuilder<unknown>) =>
  sql`(select ${ageOnSql(sql`pf.date_of_birth`, day)} as age, pf.gender, pf.ethnicity, pf.send
    from family_members fm cross join lateral ${personFactsSql(sql`fm.person_id`)} pf
    where fm.family_id = f.id and fm.relationship = 'child'
    order by fm.to_date is null desc, pf.date_of_birth desc nulls last, fm.from_date, fm.id limit 1)`.as('fc');

/** The breakdown columns of the child `fc`. */
export const familyChildColumns = () =>
  personBreakdownSelections({
    age: sql`fc.age`,
    gender: sql`fc.gender`,
    ethnicity: sql`fc.ethnicity`,
    send: sql`fc.send`,
  });

/**
 * An episode closed in the period as the record behind a count (the drill-down, drill-down.ts): the policy checks its
 * family, as the family's pages do; the day it closed.
 */
export const closedEpisodeRecord = [
  'e.id as id',
  'e.family_id as subject_id',
  londonDay('e.closed_at').as('day'),
] as const;

const PATHWAY: BreakdownSpec = { labels: PATHWAY_NAMES };
const LEVEL: BreakdownSpec = { labels: (level) => `Level ${level}` };

/** The episodes closed in the period, with the columns every breakdown of an episode reads. */
export function closedEpisodes(db: Kysely<DB>, period: Period) {
  const place = districtColumns('f.district_code');
  return db
    .selectFrom('episodes as e')
    .innerJoin('families as f', 'f.id', 'e.family_id')
    .leftJoinLateral(
      () => familyChild(londonDaySql(sql`e.closed_at`)),
      (join) => join.onTrue(),
    )
    .where('e.status', '=', 'closed')
    .where(instantIn('e.closed_at', period))
    .select(familyChildColumns())
    .select([
      place.quadrant.as('b_quadrant'),
      place.quadrantName.as('l_quadrant'),
      place.district.as('b_district'),
      place.districtName.as('l_district'),
      'e.pathway as b_pathway',
      sql<string>`cast(e.level as text)`.as('b_level'),
    ]);
}

export const closedGoalsAchieved = computedIndicator({
  key: 'early-help.closed-goals-achieved',
  version: 2,
  name: 'Early help episodes closed with goals achieved',
  unit: 'percentage',
  polarity: 'higher-is-better',
  howCounted:
    'Of the early help episodes (Team Around the Family and Family Solutions) closed in the period, the share whose ' +
    `closure reason is “${CLOSURE_REASON_NAMES['needs-met']}”. An episode is in the period by the day it was closed, ` +
    'in England’s time. Episodes closed for any other reason (stepped up, stepped down to universal services, ' +
    'consent withdrawn, moved away) count in the whole but not as achieved; episodes still open are left out. ' +
    `The level is the episode’s level when it closed. ${DISTRICT_RULE} ${CHILD_RULE}`,
  measure: 'percentage',
  breakdowns: { ...PLACE_BREAKDOWNS, pathway: PATHWAY, level: LEVEL, ...PERSON_BREAKDOWNS },
  params: NO_PARAMS,
  source: (db, period) =>
    closedEpisodes(db, period)
      .select(closedEpisodeRecord)
      .select(sql<boolean>`e.closure_reason = 'needs-met'`.as('hit')),
});

export const planDistanceTravelled = computedIndicator({
  key: 'early-help.plan-distance-travelled',
  version: 2,
  name: 'Distance travelled on Early Help Plan scores',
  unit: 'count',
  polarity: 'higher-is-better',
  howCounted:
    'For each goal of the Early Help Plan of an episode closed in the period, the change in its “where are we now” ' +
    'score (0 to 10) from the score it started with to the score at its last review; the figure is the mean of ' +
    'those changes, in points on the 0 to 10 scale (a rise is progress). An episode is in the period by the day it ' +
    'was closed, in England’s time. The last review is the one with the latest review date. Goals never scored at ' +
    `a review, and episodes with no plan, are left out. ${DISTRICT_RULE} ${CHILD_RULE}`,
  measure: 'mean',
  breakdowns: { ...PLACE_BREAKDOWNS, pathway: PATHWAY, ...PERSON_BREAKDOWNS },
  params: NO_PARAMS,
  source: (db, period) =>
    closedEpisodes(db, period)
      .innerJoin('plans as p', 'p.episode_id', 'e.id')
      .innerJoin('plan_goals as g', 'g.plan_id', 'p.id')
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('plan_review_scores as s')
            .innerJoin('plan_reviews as r', 'r.id', 's.review_id')
            .whereRef('s.goal_id', '=', 'g.id')
            .select('s.score')
            .orderBy('r.review_date', 'desc')
            .orderBy('r.recorded_at', 'desc')
            .limit(1)
            .as('last'),
        (join) => join.onTrue(),
      )
      .select(['g.id as id', 'e.family_id as subject_id', londonDay('e.closed_at').as('day')])
      .select(sql<number>`last.score - g.start_score`.as('amount')),
});

export const tafMeetingsSupported = computedIndicator({
  key: 'early-help.taf-meetings-supported',
  version: 1,
  name: 'TAF meetings supported by a TAF Support Officer',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The Team Around the Family meetings a TAF Support Officer convened or attended in the period: those they ' +
    'recorded in their support log, and the meetings held in Hearth that an officer scheduled or is recorded as ' +
    'attending (a meeting the officer also logged by hand, on the same day for the same family, counts once). A ' +
    'meeting is in the period by its day in England’s time; cancelled and not yet held meetings, advice and plan ' +
    'reviews are left out. The same count as the support log’s figures. The district is the district of the ' +
    'family the meeting was for; support logged with no family is counted as “Not known”.',
  measure: 'count',
  breakdowns: {
    ...PLACE_BREAKDOWNS,
    kind: {
      labels: {
        'meeting-convened': SUPPORT_KINDS['meeting-convened'],
        'meeting-attended': SUPPORT_KINDS['meeting-attended'],
      },
    },
  },
  params: NO_PARAMS,
  source: (_db, period) => {
    const place = districtColumns('f.district_code');
    return sql`
      select s.kind as b_kind, ${place.quadrant} as b_quadrant, ${place.quadrantName} as l_quadrant,
        ${place.district} as b_district, ${place.districtName} as l_district,
        s.id as id, s.id as subject_id, s.day as day
      from (${supportGiven(period.from, sql`cast(${period.to} as date)`)}) s
        left join episodes e on e.id = s.episode_id
        left join families f on f.id = e.family_id
      where s.kind in ('meeting-convened', 'meeting-attended')`;
  },
});

/** The TAF Support Officers' workshops and networking events (seed 004 counts 28 workshops and 106 events a year). */
export const tafWorkshopsAndEvents = computedIndicator({
  key: 'early-help.taf-workshops-events',
  version: 1,
  name: 'TAF Support Officers’ workshops and networking events',
  unit: 'count',
  polarity: 'neither',
  howCounted:
    'The workshops TAF Support Officers facilitated and the networking events they attended in the period, as they ' +
    'recorded them in their support log, by the day of the event. An event counts once however many practitioners ' +
    'came (the log keeps them by organisation type). By kind: workshop or networking event; by quadrant: where the ' +
    'officer recorded the event. The support log’s own figures count the same events.',
  measure: 'count',
  breakdowns: {
    kind: { labels: EVENT_KINDS },
    quadrant: { labelColumn: true },
  },
  params: NO_PARAMS,
  source: (_db, period) =>
    sql`select e.kind as b_kind, e.quadrant_code as b_quadrant,
        (select q.name from quadrants q where q.code = e.quadrant_code) as l_quadrant
      from taf_support_events e
      where e.event_date >= cast(${period.from} as date) and e.event_date < cast(${period.to} as date)`,
});

export const EARLY_HELP_INDICATORS: readonly ComputedIndicator[] = [
  closedGoalsAchieved,
  planDistanceTravelled,
  tafMeetingsSupported,
  tafWorkshopsAndEvents,
];
