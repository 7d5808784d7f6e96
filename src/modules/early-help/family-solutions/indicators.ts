import { sql } from 'kysely';
import type { FamilySolutionsSettings } from '../../reference/index.ts';
import type { ComputedIndicator } from '../../../platform/indicators/computed.ts';
import {
  PLACE_BREAKDOWNS,
  computedIndicator,
  districtColumns,
  instantIn,
} from '../../../platform/indicators/counting.ts';
import {
  CHILD_RULE,
  DISTRICT_RULE,
  closedEpisodeRecord,
  closedEpisodes,
  familyChild,
  familyChildColumns,
} from '../indicators.ts';
import { londonDay } from '../../../platform/indicators/records.ts';
import { PERSON_BREAKDOWNS, londonDaySql } from '../../../platform/indicators/person-breakdowns.ts';
import { MIN_OUTCOME_AREAS } from './rules.ts';

/**
 * Family Solutions' computed indicators (issue 14: "Family Solutions within 12 months, sustained at 6 months,
 * claims"), over early help's tables, with the tenant's time limit and sustainment check from its settings.
 * Seed 002: Family Solutions teams "can offer up to 12 months of support".
 */
export function familySolutionsIndicators(
  settings: () => Promise<Pick<FamilySolutionsSettings, 'limitMonths' | 'sustainmentMonths'>>,
): readonly ComputedIndicator[] {
  const limit = { load: async () => (await settings()).limitMonths, example: 12 };
  const none = { load: () => Promise.resolve(null), example: null };

  const withinLimit = computedIndicator({
    key: 'family-solutions.within-12-months',
    version: 2,
    name: 'Family Solutions within 12 months',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the families whose Family Solutions episode closed in the period, the share whose support ended within ' +
      'the time limit (seed 002: Family Solutions “can offer up to 12 months of support”; the limit is the ' +
      'partnership’s setting, 12 months in Essex): the day it closed is no later than the same day of the month, ' +
      'that many months after the day it opened (from the 31st, the month’s last day), as the 9 and 11 month ' +
      'warnings count. An episode is in the period by the day it was closed, in England’s time; open episodes and ' +
      `Team Around the Family episodes are left out. ${DISTRICT_RULE} ${CHILD_RULE}`,
    measure: 'percentage',
    breakdowns: { ...PLACE_BREAKDOWNS, ...PERSON_BREAKDOWNS },
    params: limit,
    source: (db, period, months) =>
      closedEpisodes(db, period)
        .where('e.pathway', '=', 'family-solutions')
        .select(closedEpisodeRecord)
        .select(
          sql<boolean>`(e.closed_at at time zone 'Europe/London')::date
            <= ((e.opened_at at time zone 'Europe/London')::date + make_interval(months => cast(${months} as integer)))::date`.as(
            'hit',
          ),
        ),
  });

  /** The sustainment checks recorded in the period, with where their family is. */
  const checks = (db: Parameters<typeof closedEpisodes>[0], period: Parameters<typeof closedEpisodes>[1]) => {
    const place = districtColumns('f.district_code');
    return db
      .selectFrom('fs_sustainment_checks as c')
      .innerJoin('episodes as e', 'e.id', 'c.episode_id')
      .innerJoin('families as f', 'f.id', 'e.family_id')
      .leftJoinLateral(
        () => familyChild(londonDaySql(sql`c.recorded_at`)),
        (join) => join.onTrue(),
      )
      .where('c.sustained', 'is not', null)
      .where(instantIn('c.recorded_at', period))
      .select(familyChildColumns())
      .select([
        place.quadrant.as('b_quadrant'),
        place.quadrantName.as('l_quadrant'),
        place.district.as('b_district'),
        place.districtName.as('l_district'),
        // The episode checked as the record behind the count (its family is what the policy checks).
        'e.id as id',
        'e.family_id as subject_id',
        londonDay('c.recorded_at').as('day'),
      ]);
  };

  const sustained = computedIndicator({
    key: 'family-solutions.sustained-6-months',
    version: 2,
    name: 'Family Solutions progress sustained at 6 months',
    unit: 'percentage',
    polarity: 'higher-is-better',
    howCounted:
      'Of the sustainment checks recorded in the period (the check of a closed Family Solutions family 6 months ' +
      'after closure, the partnership’s setting), the share that found the family’s progress sustained. A check ' +
      'is in the period by the day its answer was recorded, in England’s time; checks not yet answered are left ' +
      `out. ${DISTRICT_RULE} ${CHILD_RULE}`,
    measure: 'percentage',
    breakdowns: { ...PLACE_BREAKDOWNS, ...PERSON_BREAKDOWNS },
    params: none,
    source: (db, period) => checks(db, period).select('c.sustained as hit'),
  });

  const claims = computedIndicator({
    key: 'family-solutions.claims',
    version: 2,
    name: 'Supporting Families claims',
    unit: 'count',
    polarity: 'higher-is-better',
    howCounted:
      'The closed Family Solutions families that meet every Supporting Families claim rule, as each family’s ' +
      `Family Solutions page checks them: needs in at least ${MIN_OUTCOME_AREAS} outcome areas, a completed ` +
      'whole-family assessment, a lead practitioner, a plan, every need’s outcome achieved, and the progress ' +
      'sustained at the sustainment check. A family is in the period by the day its sustainment check was recorded ' +
      'as sustained (the last rule to be met), in England’s time. Families that meet some rules but not all, or ' +
      `whose check is not yet answered, are left out. ${DISTRICT_RULE} ${CHILD_RULE}`,
    measure: 'count',
    breakdowns: { ...PLACE_BREAKDOWNS, ...PERSON_BREAKDOWNS },
    params: none,
    source: (db, period) =>
      checks(db, period)
        .where('c.sustained', '=', true)
        .where('e.pathway', '=', 'family-solutions')
        .where('e.status', '=', 'closed')
        .where('e.lead_professional_id', 'is not', null)
        .where(sql<boolean>`exists (select 1 from assessments a where a.episode_id = e.id and a.status = 'completed')`)
        .where(sql<boolean>`exists (select 1 from plans p where p.episode_id = e.id)`)
        .where(
          sql<boolean>`(select count(distinct n.outcome_area) from episode_needs n where n.episode_id = e.id) >= ${MIN_OUTCOME_AREAS}`,
        )
        .where(
          sql<boolean>`not exists (select 1 from episode_needs n where n.episode_id = e.id and n.outcome is distinct from 'achieved')`,
        ),
  });

  return [withinLimit, sustained, claims];
}
