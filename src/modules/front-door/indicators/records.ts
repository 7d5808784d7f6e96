import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { instantIn } from '../../../platform/indicators/counting.ts';
import { londonDay, type RecordLister, type RecordSource } from '../../../platform/indicators/records.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { SOURCE_NAMES } from '../hub/page-words.ts';
import { formatReference } from '../reference.ts';
import { decisionColumns, placeColumns, requestsReceived } from './groupings.ts';

/**
 * The drill-down from the Hub's counts to the Requests for Support behind them (issue 14). The same rows as the
 * indicators count (a test holds them equal), each with the request's id; the request is the record the policy
 * checks.
 */
export const REQUEST_RECORD_TYPE = 'request';

const ids = sql`, r.id as id, r.id as subject_id, ${londonDay('r.received_at')} as day`;

export const FRONT_DOOR_RECORDS: Readonly<Record<string, RecordSource>> = {
  'hub.requests-received': {
    type: REQUEST_RECORD_TYPE,
    recordsAre: 'The Requests for Support the Hub received in the period, newest first.',
    breakdowns: ['source', 'quadrant', 'district', 'age-band'],
    source: (_db, period) => requestsReceived(period, ids),
  },
  'hub.decisions-by-level': {
    type: REQUEST_RECORD_TYPE,
    recordsAre:
      'The Requests for Support received in the period that the Hub has decided (final decisions), newest first.',
    breakdowns: ['level', 'quadrant', 'district'],
    source: (_db, period) =>
      sql`select ${decisionColumns}, ${placeColumns} ${ids} from hub_decisions h
        join requests_for_support r on r.id = h.request_id
        where h.state = 'final' and ${instantIn('r.received_at', period)}`,
  },
};

/**
 * Who sees a request, as the front door's pages decide: the Hub's screeners see every request (the queue); others
 * through their work with the family the request led to (`alsoInvolved`, from early help, where wired).
 */
export function requestRecordLister(deps: {
  db: Kysely<DB>;
  alsoInvolved?: (viewer: Principal, requestIds: readonly string[]) => Promise<Map<string, Involvement[]>>;
}): RecordLister {
  return {
    type: REQUEST_RECORD_TYPE,
    noun: 'Requests for Support',
    seenWith: ['hub:screen', 'early-help:start'],
    async involvements(viewer, requestIds) {
      const screener = can(viewer, 'hub:screen').allowed;
      const other = deps.alsoInvolved ? await deps.alsoInvolved(viewer, requestIds) : new Map<string, Involvement[]>();
      return new Map(
        requestIds.map((id) => [
          id,
          [...new Set([...(screener ? ['hub-screener' as const] : []), ...(other.get(id) ?? [])])],
        ]),
      );
    },
    async describe(viewer, requestIds) {
      if (!requestIds.length) return new Map();
      const rows = await deps.db
        .selectFrom('requests_for_support')
        .select(['id', 'reference', 'source', 'status'])
        .where('id', 'in', [...requestIds])
        .execute();
      const screener = can(viewer, 'hub:screen').allowed;
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: formatReference(r.reference),
            about: `${SOURCE_NAMES[r.source] ?? r.source} request, ${r.status === 'decided' ? 'decided' : 'not decided yet'}`,
            ...(screener ? { href: `/hub/requests/${r.id}` } : {}),
          },
        ]),
      );
    },
  };
}
