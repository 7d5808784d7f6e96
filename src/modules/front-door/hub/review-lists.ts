import { formatDistanceStrict } from 'date-fns';
import { sql, type Kysely } from 'kysely';
import type { DB, HubDecisionState } from '../../../platform/db/schema/index.ts';
import { formatReference } from '../reference.ts';

/** Who a decision waits for, in words: "waiting for {who}". */
export const WAITING_FOR = {
  'awaiting-social-work-review': 'a Hub social worker to review it',
  'awaiting-approval': 'a Hub manager to approve it',
} as const satisfies Record<Exclude<HubDecisionState, 'final' | 'returned'>, string>;
export type PendingState = keyof typeof WAITING_FOR;

/** Who may return a waiting decision to screening. */
export const RETURNED_BY = {
  'awaiting-social-work-review': 'the social worker',
  'awaiting-approval': 'the manager',
} as const satisfies Record<PendingState, string>;

/** What a screener is told when a decision already waits for someone. */
export const pendingMessage = (state: PendingState) =>
  `A decision on this request is waiting for ${WAITING_FOR[state]}. You can decide again only if ${RETURNED_BY[state]} returns it to screening.`;

/** What a screener is told when a decision already waits for a manager. */
export const PENDING_MESSAGE = pendingMessage('awaiting-approval');

/** The decision on this request that waits for a social worker or a manager, if there is one. */
export async function pendingDecision(
  db: Kysely<DB>,
  requestId: string,
): Promise<{ id: string; state: PendingState } | undefined> {
  const row = await db
    .selectFrom('hub_decisions')
    .select(['id', 'state'])
    .where('request_id', '=', requestId)
    .where('state', 'in', ['awaiting-social-work-review', 'awaiting-approval'])
    .executeTakeFirst();
  return row ? { id: row.id, state: row.state as PendingState } : undefined;
}

/** Whether the request came from a police notification of a missing child (seed 002). */
export async function missingFromPolice(db: Kysely<DB>, request: { id: string; source: string }) {
  if (request.source !== 'police') return false;
  const row = await db
    .selectFrom('police_notifications')
    .select('id')
    .where('request_id', '=', request.id)
    .where('concern_category', '=', 'missing')
    .executeTakeFirst();
  return row !== undefined;
}

/** Decisions waiting for a manager, oldest first. */
export async function awaitingApproval(db: Kysely<DB>) {
  const rows = await waiting(db, 'awaiting-approval')
    .select(['d.overrides_requested_level', 'r.requested_level'])
    .execute();
  return rows.map((r) => ({ ...r, displayReference: formatReference(r.reference) }));
}

/**
 * Decisions waiting for a Hub social worker, oldest first: with the missing child's name (the children the police
 * notification named, from the request) and how long each has waited.
 */
export async function awaitingSocialWorkReview(db: Kysely<DB>, now = new Date()) {
  const rows = await waiting(db, 'awaiting-social-work-review')
    .select((eb) =>
      eb
        .selectFrom('request_people as p')
        .select(
          sql<string>`string_agg(p.first_name || ' ' || p.last_name, ', ' order by p.last_name, p.first_name)`.as('n'),
        )
        .whereRef('p.request_id', '=', 'r.id')
        .where('p.role', '=', 'child')
        .as('children'),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    displayReference: formatReference(r.reference),
    waiting: formatDistanceStrict(r.decided_at, now),
  }));
}

const waiting = (db: Kysely<DB>, state: PendingState) =>
  db
    .selectFrom('hub_decisions as d')
    .innerJoin('requests_for_support as r', 'r.id', 'd.request_id')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .select([
      'd.id',
      'd.request_id',
      'd.level',
      'd.pathway',
      'd.decided_at',
      'd.version',
      'r.reference',
      'u.display_name as decided_by_name',
    ])
    .where('d.state', '=', state)
    .orderBy('d.decided_at')
    .orderBy('d.id');
