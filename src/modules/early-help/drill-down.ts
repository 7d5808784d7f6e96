import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { londonDay, type RecordLister, type RecordSource } from '../../platform/indicators/records.ts';
import type { FamilySolutionsSettings } from '../reference/index.ts';
import { closedEpisodes } from './indicators.ts';
import { PATHWAY_NAMES } from './rules.ts';
import type { EarlyHelpService } from './service.ts';

/**
 * The drill-down from early help's and Family Solutions' percentages to the episodes behind them (issue 14): the
 * numerator's episodes (the rows the indicator counts as hits; a test holds them equal). The policy checks the
 * episode's family, with the involvements the family's own pages use.
 */
export const EPISODE_RECORD_TYPE = 'early-help-episode';

/** The episode's id, its family (the record the policy checks) and the day it closed. */
const recordColumns = ['e.id as id', 'e.family_id as subject_id', londonDay('e.closed_at').as('day')] as const;

export function earlyHelpRecords(
  settings: () => Promise<Pick<FamilySolutionsSettings, 'limitMonths'>>,
): Readonly<Record<string, RecordSource>> {
  return {
    'early-help.closed-goals-achieved': {
      type: EPISODE_RECORD_TYPE,
      recordsAre:
        'This figure is a percentage: the list is its numerator, the early help episodes closed in the period with their goals achieved, newest first.',
      breakdowns: ['quadrant', 'district', 'pathway', 'level'],
      numerator: true,
      source: (db, period) =>
        closedEpisodes(db, period)
          .select(recordColumns)
          .select(sql<boolean>`e.closure_reason = 'needs-met'`.as('hit')),
    },
    'family-solutions.within-12-months': {
      type: EPISODE_RECORD_TYPE,
      recordsAre:
        'This figure is a percentage: the list is its numerator, the Family Solutions episodes closed in the period within the time limit, newest first.',
      breakdowns: ['quadrant', 'district'],
      numerator: true,
      source: async (db, period) => {
        const months = (await settings()).limitMonths;
        return closedEpisodes(db, period)
          .where('e.pathway', '=', 'family-solutions')
          .select(recordColumns)
          .select(
            sql<boolean>`(e.closed_at at time zone 'Europe/London')::date
            <= ((e.opened_at at time zone 'Europe/London')::date + make_interval(months => cast(${months} as integer)))::date`.as(
              'hit',
            ),
          );
      },
    },
  };
}

/** Who sees an episode: whoever may see its family (the family's own pages' rule); the list links to the family. */
export function episodeRecordLister(deps: { db: Kysely<DB>; earlyHelp: EarlyHelpService }): RecordLister {
  return {
    type: EPISODE_RECORD_TYPE,
    noun: 'Early help episodes',
    seenWith: ['early-help:start', 'early-help:team-view', 'family-solutions:manage'],
    involvements: (viewer, familyIds) => deps.earlyHelp.involvementsInFamilies(familyIds, viewer),
    async describe(_viewer, episodeIds) {
      if (!episodeIds.length) return new Map();
      const rows = await deps.db
        .selectFrom('episodes')
        .select(['id', 'family_id', 'pathway', 'level'])
        .where('id', 'in', [...episodeIds])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: `Episode ${r.id.slice(0, 8).toUpperCase()}`,
            about: `${PATHWAY_NAMES[r.pathway]}, level ${r.level}`,
            href: `/families/${r.family_id}`,
          },
        ]),
      );
    },
  };
}
