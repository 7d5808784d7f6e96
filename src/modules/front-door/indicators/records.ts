import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { shortReference, type RecordLister, type RecordSource } from '../../../platform/indicators/records.ts';
import { can, type Involvement, type Principal } from '../../../platform/permissions/policy.ts';
import { SOURCE_NAMES } from '../hub/page-words.ts';
import { CHANNELS } from '../consultations/schemas.ts';
import { formatReference } from '../reference.ts';

/**
 * The drill-down from the front door's counts to the records behind them (issue 14): each indicator's own rows (the
 * query its count aggregates), each with the request's id (the request is the record the policy checks) or, for
 * consultations, the consultation's. A percentage lists its numerator.
 */
export const REQUEST_RECORD_TYPE = 'request';
export const CONSULTATION_RECORD_TYPE = 'consultation';

const PLACE = ['quadrant', 'district'] as const;
const NUMERATOR = 'This figure is a percentage: the list is its numerator,';

export const FRONT_DOOR_RECORDS: Readonly<Record<string, RecordSource>> = {
  'hub.requests-received': {
    type: REQUEST_RECORD_TYPE,
    recordsAre: 'The Requests for Support the Hub received in the period, newest first.',
    breakdowns: ['source', ...PLACE, 'age-band', 'gender', 'ethnicity', 'send'],
  },
  'hub.decisions-within-timescale': {
    type: REQUEST_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the Requests for Support received in the period that the Hub decided within their timescale, newest first.`,
    breakdowns: [...PLACE, 'priority'],
    numerator: true,
  },
  'hub.decisions-by-level': {
    type: REQUEST_RECORD_TYPE,
    recordsAre:
      'The Requests for Support received in the period that the Hub has decided (final decisions), newest first.',
    breakdowns: ['level', ...PLACE, 'age-band', 'gender', 'ethnicity', 'send'],
  },
  'hub.decisions-by-pathway': {
    type: REQUEST_RECORD_TYPE,
    recordsAre:
      'The Requests for Support received in the period that the Hub has decided (final decisions), newest first.',
    breakdowns: ['pathway', ...PLACE, 'age-band', 'gender', 'ethnicity', 'send'],
  },
  'hub.re-requests-12-months': {
    type: REQUEST_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the Requests for Support received in the period about a child requested for in the 12 months before, newest first.`,
    breakdowns: ['source', ...PLACE, 'age-band', 'gender', 'ethnicity', 'send'],
    numerator: true,
  },
  'police.progressed-to-social-care-or-family-solutions': {
    type: REQUEST_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the police notifications received in the period (each a Request for Support) that the Hub sent to children’s social care or Family Solutions, newest first.`,
    breakdowns: [...PLACE],
    numerator: true,
  },
  'consultations.became-requests': {
    type: CONSULTATION_RECORD_TYPE,
    recordsAre: `${NUMERATOR} the consultations given in the period that the Hub linked to the Request for Support they led to, newest first.`,
    breakdowns: ['channel'],
    numerator: true,
  },
};

/**
 * Who sees a request, as the front door's pages decide: the Hub's screeners see every request (the queue); the
 * practitioner who made it (their own request's page, /requests/sent/:id); others through their work with the family
 * the request led to (`alsoInvolved`, from early help, where wired).
 */
export function requestRecordLister(deps: {
  db: Kysely<DB>;
  alsoInvolved?: (viewer: Principal, requestIds: readonly string[]) => Promise<Map<string, Involvement[]>>;
}): RecordLister {
  /** The requests among these that the viewer made. */
  const ownRequests = async (viewer: Principal, ids: readonly string[]) =>
    new Set(
      ids.length
        ? (
            await deps.db
              .selectFrom('requests_for_support')
              .select('id')
              .where('id', 'in', [...ids])
              .where('requester_user_id', '=', viewer.id)
              .execute()
          ).map((r) => r.id)
        : [],
    );
  return {
    type: REQUEST_RECORD_TYPE,
    noun: 'Requests for Support',
    seenWith: ['hub:screen', 'early-help:start', 'request:make'],
    async involvements(viewer, requestIds) {
      const screener = can(viewer, 'hub:screen').allowed;
      const [other, own] = await Promise.all([
        deps.alsoInvolved ? deps.alsoInvolved(viewer, requestIds) : new Map<string, Involvement[]>(),
        ownRequests(viewer, requestIds),
      ]);
      return new Map(
        requestIds.map((id) => [
          id,
          [
            ...new Set<Involvement>([
              ...(screener ? ['hub-screener' as const] : []),
              ...(own.has(id) ? ['requester' as const] : []),
              ...(other.get(id) ?? []),
            ]),
          ],
        ]),
      );
    },
    async describe(viewer, requestIds) {
      if (!requestIds.length) return new Map();
      const rows = await deps.db
        .selectFrom('requests_for_support')
        .select(['id', 'reference', 'source', 'status', 'requester_user_id'])
        .where('id', 'in', [...requestIds])
        .execute();
      const screener = can(viewer, 'hub:screen').allowed;
      const pageOf = (r: (typeof rows)[number]) =>
        screener
          ? { href: `/hub/requests/${r.id}` }
          : r.requester_user_id === viewer.id
            ? { href: `/requests/sent/${r.id}` }
            : {};
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: formatReference(r.reference),
            about: `${SOURCE_NAMES[r.source] ?? r.source} request, ${r.status === 'decided' ? 'decided' : 'not decided yet'}`,
            ...pageOf(r),
          },
        ]),
      );
    },
  };
}

/**
 * Who sees a consultation, as its page decides: the Hub's screeners (the consultations' list and page are theirs).
 * The list shows no name: a short reference from the id, how the practitioner asked and whether it became a request.
 */
export function consultationRecordLister(deps: { db: Kysely<DB> }): RecordLister {
  return {
    type: CONSULTATION_RECORD_TYPE,
    noun: 'Consultations',
    seenWith: ['hub:screen'],
    async involvements(viewer, ids) {
      const screener = can(viewer, 'hub:screen').allowed;
      return new Map(ids.map((id) => [id, screener ? ['hub-screener' as const] : []]));
    },
    async describe(_viewer, ids) {
      if (!ids.length) return new Map();
      const rows = await deps.db
        .selectFrom('consultations')
        .select(['id', 'channel', 'request_id'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(
        rows.map((r) => [
          r.id,
          {
            reference: shortReference('Consultation', r.id),
            about: `${CHANNELS[r.channel]}, ${r.request_id ? 'became a request' : 'no request linked'}`,
            href: `/hub/consultations/${r.id}`,
          },
        ]),
      );
    },
  };
}
