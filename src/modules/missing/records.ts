import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import { instantIn } from '../../platform/indicators/counting.ts';
import { londonDay, type RecordLister, type RecordSource } from '../../platform/indicators/records.ts';
import type { Involvement } from '../../platform/permissions/policy.ts';
import { episodeBreakdownColumns } from './indicators.ts';
import { MISSING_RECORD_TYPE, type MissingService } from './service.ts';

/**
 * The drill-down from the missing episodes count to the episodes (issue 14): the rows the indicator counts, with the
 * episode's id; each episode is the record the policy checks, with the involvements the episode's own page uses.
 */
export const MISSING_RECORDS: Readonly<Record<string, RecordSource>> = {
  'missing.episodes': {
    type: MISSING_RECORD_TYPE,
    recordsAre: 'The missing episodes the police reported in the period, newest first.',
    breakdowns: ['quadrant', 'district', 'age-band', 'in-care'],
    source: (_db, period) =>
      sql`select m.id, m.id as subject_id, ${londonDay('m.reported_at')} as day, ${episodeBreakdownColumns('m')}
        from missing_episodes m where ${instantIn('m.reported_at', period)}`,
  },
};

export function missingRecordLister(deps: { db: Kysely<DB>; missing: MissingService }): RecordLister {
  const rows = (ids: readonly string[]) =>
    ids.length
      ? deps.db
          .selectFrom('missing_episodes')
          .select(['id', 'episode_reference', 'family_id', 'worker_id', 'returned_at', 'age_at_missing', 'closed_at'])
          .where('id', 'in', [...ids])
          .execute()
      : Promise.resolve([]);
  return {
    type: MISSING_RECORD_TYPE,
    noun: 'Missing episodes',
    seenWith: ['hub:screen', 'missing:chat', 'missing:scrutinise', 'early-help:start'],
    async involvements(viewer, ids) {
      const found = new Map<string, Involvement[]>();
      for (const row of await rows(ids)) found.set(row.id, await deps.missing.involvementsIn(row, viewer));
      return found;
    },
    async describe(_viewer, ids) {
      return new Map(
        (await rows(ids)).map((r) => [
          r.id,
          {
            reference: r.episode_reference,
            about: r.closed_at ? 'Closed' : r.returned_at ? 'Returned' : 'Still missing',
            href: `/missing/${r.id}`,
          },
        ]),
      );
    },
  };
}
