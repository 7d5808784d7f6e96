import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { RecordLister, RecordSource } from '../../platform/indicators/records.ts';
import { CHAT_KINDS, STATUSES } from './chats/schemas.ts';
import { CHAT_RECORD_TYPE, chatInvolvements } from './chats/service.ts';
import { MISSING_RECORD_TYPE, type MissingService } from './service.ts';

/**
 * The drill-down from missing children's figures to the records behind them (issue 14): each indicator's own rows
 * (the query its figure counts; a test holds them equal). An episode is the record the policy checks, with the
 * involvements the episode's own page uses; a Missing Chat, with those its own page uses. A percentage lists its
 * numerator.
 */
const BREAKDOWNS = ['quadrant', 'district', 'age-band', 'gender', 'ethnicity', 'send', 'in-care'];
const NUMERATOR = 'This figure is a percentage: the list is its numerator,';

const episodes = (recordsAre: string, numerator = false): RecordSource => ({
  type: MISSING_RECORD_TYPE,
  recordsAre,
  breakdowns: BREAKDOWNS,
  ...(numerator ? { numerator } : {}),
});
const chats = (recordsAre: string): RecordSource => ({
  type: CHAT_RECORD_TYPE,
  recordsAre: `${NUMERATOR} ${recordsAre}`,
  breakdowns: BREAKDOWNS,
  numerator: true,
});

export const MISSING_RECORDS: Readonly<Record<string, RecordSource>> = {
  'missing.episodes': episodes('The missing episodes the police reported in the period, newest first.'),
  'missing.children': episodes(
    'The children reported missing in the period, each as their latest episode in the period, newest first.',
  ),
  'missing.repeat-children': episodes(
    'The children marked “Repeat missing” at an episode reported in the period, each as their latest such episode, newest first.',
  ),
  'missing.under-10-scrutinised': episodes(
    `${NUMERATOR} the episodes of children under the scrutiny age reported in the period that the Missing Co-ordinator has scrutinised, newest first.`,
    true,
  ),
  'missing.chats-offered-in-time': chats(
    'the Missing Chats of children who returned in the period that were offered within the timescale, newest first.',
  ),
  'missing.chats-accepted': chats(
    'the Missing Chats offered to children who returned in the period that the child accepted, newest first.',
  ),
  'missing.chats-held': chats('the Missing Chats of children who returned in the period that were held, newest first.'),
  'missing.parental-chats': chats(
    'the Parental Missing Chats for children who returned in the period that were offered, newest first.',
  ),
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
    involvements: async (viewer, ids) => deps.missing.involvementsInMany(await rows(ids), viewer),
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

/** Who sees a Missing Chat: as its own page decides (the Involvement Service and the Hub); listed by its episode. */
export function chatRecordLister(deps: { db: Kysely<DB> }): RecordLister {
  return {
    type: CHAT_RECORD_TYPE,
    noun: 'Missing Chats',
    seenWith: ['missing:chat', 'hub:screen'],
    async involvements(viewer, ids) {
      const involvements = chatInvolvements(viewer);
      return new Map(ids.map((id) => [id, involvements]));
    },
    async describe(_viewer, ids) {
      if (!ids.length) return new Map();
      const rows = await deps.db
        .selectFrom('missing_chats as c')
        .innerJoin('missing_episodes as e', 'e.id', 'c.episode_id')
        .select(['c.id', 'c.kind', 'c.status', 'e.episode_reference'])
        .where('c.id', 'in', [...ids])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: r.episode_reference,
            about: `${CHAT_KINDS[r.kind]}: ${STATUSES[r.status]}`,
            href: `/missing-chats/${r.id}`,
          },
        ]),
      );
    },
  };
}
