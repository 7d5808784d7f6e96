import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { ServiceContent } from '../content.ts';
import { REVIEW_MONTHS, toSummary, type QueueItem, type ReviewDueItem, type VersionReview } from './types.ts';

/** What moderation reads: a provider's entries, one service's versions, the moderators' queue, one version to review. */

export const content = (value: unknown) => value as ServiceContent;
export const reviewCutoff = (now: Date) => {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - REVIEW_MONTHS);
  return cutoff;
};

/** The entries of the provider's own organisation, with what needs their attention. */
export async function providerServices(db: Kysely<DB>, viewer: Principal, now = new Date()) {
  const rows = await db
    .selectFrom('directory_services as s')
    .leftJoin('directory_service_versions as live', 'live.id', 's.live_version_id')
    .select((eb) => [
      's.id',
      's.last_checked_at',
      'live.content as live_content',
      eb
        .selectFrom('directory_service_versions as v')
        .select(sql<string>`v.content->>'name'`.as('name'))
        .whereRef('v.service_id', '=', 's.id')
        .orderBy('v.number', 'desc')
        .limit(1)
        .as('latest_name'),
      eb
        .selectFrom('directory_service_versions as v')
        .select('v.state')
        .whereRef('v.service_id', '=', 's.id')
        .where('v.state', 'in', ['pending', 'rejected'])
        .whereRef('v.number', '>', sql`coalesce(live.number, 0)`)
        .orderBy('v.number', 'desc')
        .limit(1)
        .as('change_state'),
    ])
    .where('s.organisation_id', '=', viewer.organisationId)
    .execute();
  const cutoff = reviewCutoff(now);
  return rows
    .map((r) => ({
      id: r.id,
      name: r.live_content ? content(r.live_content).name : (r.latest_name ?? 'Untitled service'),
      isLive: r.live_content !== null,
      status: r.live_content ? content(r.live_content).status : null,
      change: (r.change_state ?? null) as 'pending' | 'rejected' | null,
      lastCheckedAt: r.last_checked_at,
      dueForReview: r.live_content !== null && r.last_checked_at < cutoff,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every version of a service, newest first, with who submitted and decided it. */
export function serviceVersions(db: Kysely<DB>, serviceId: string) {
  return db
    .selectFrom('directory_service_versions as v')
    .leftJoin('users as sub', 'sub.id', 'v.submitted_by')
    .leftJoin('users as dec', 'dec.id', 'v.decided_by')
    .select([
      'v.id',
      'v.number',
      'v.state',
      'v.content',
      'v.submitted_at',
      'v.decided_at',
      'v.decision_reason',
      'sub.display_name as submitted_by',
      'dec.display_name as decided_by',
    ])
    .where('v.service_id', '=', serviceId)
    .orderBy('v.number', 'desc')
    .execute();
}

/** A service with its organisation's name; undefined for an unknown id. */
export function findService(db: Kysely<DB>, serviceId: string) {
  if (!isUuid(serviceId)) return Promise.resolve(undefined);
  return db
    .selectFrom('directory_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select([
      's.id',
      's.organisation_id',
      's.live_version_id',
      's.version',
      's.last_checked_at',
      'o.name as organisation_name',
    ])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
}

/** Changes waiting for a decision, oldest first, and live entries overdue for their review. */
export async function moderationQueue(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ pending: QueueItem[]; reviewDue: ReviewDueItem[] }> {
  const [pending, reviewDue] = await Promise.all([
    db
      .selectFrom('directory_service_versions as v')
      .innerJoin('directory_services as s', 's.id', 'v.service_id')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('users as u', 'u.id', 'v.submitted_by')
      .select([
        'v.id',
        'v.service_id',
        'v.content',
        'v.submitted_at',
        's.live_version_id',
        'o.name as organisation_name',
        'u.display_name',
      ])
      .where('v.state', '=', 'pending')
      .orderBy('v.submitted_at')
      .limit(500)
      .execute(),
    db
      .selectFrom('directory_listings as l')
      .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
      .select(['l.service_id', 'l.name', 'l.last_checked_at', 'o.name as organisation_name'])
      .where('l.last_checked_at', '<', reviewCutoff(now))
      .orderBy('l.last_checked_at')
      .limit(500)
      .execute(),
  ]);
  return {
    pending: pending.map((r) => ({
      versionId: r.id,
      serviceId: r.service_id,
      name: content(r.content).name,
      organisationName: r.organisation_name,
      isNew: r.live_version_id === null,
      submittedAt: r.submitted_at,
      submittedBy: r.display_name,
    })),
    reviewDue: reviewDue.map((r) => ({
      serviceId: r.service_id,
      name: r.name,
      organisationName: r.organisation_name,
      lastCheckedAt: r.last_checked_at,
    })),
  };
}

/** A version with the live one beside it, for the side-by-side comparison. Null if unknown. */
export async function versionReview(db: Kysely<DB>, versionId: string): Promise<VersionReview | null> {
  if (!isUuid(versionId)) return null;
  const row = await db
    .selectFrom('directory_service_versions as v')
    .innerJoin('directory_services as s', 's.id', 'v.service_id')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .leftJoin('directory_service_versions as live', 'live.id', 's.live_version_id')
    .leftJoin('users as sub', 'sub.id', 'v.submitted_by')
    .leftJoin('users as dec', 'dec.id', 'v.decided_by')
    .select([
      'v.id',
      'v.number',
      'v.state',
      'v.content',
      'v.submitted_at',
      'v.decided_at',
      'v.decision_reason',
      'sub.display_name as submitted_by',
      'dec.display_name as decided_by',
      's.id as service_id',
      's.version as service_version',
      's.organisation_id',
      'o.name as organisation_name',
      'live.content as live_content',
      'live.number as live_number',
    ])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!row) return null;
  const pending = row.state === 'pending';
  const previous = pending
    ? undefined
    : await db
        .selectFrom('directory_service_versions')
        .select('content')
        .where('service_id', '=', row.service_id)
        .where('number', '=', row.number - 1)
        .executeTakeFirst();
  const before = pending ? row.live_content : previous?.content;
  return {
    version: toSummary(row),
    service: {
      id: row.service_id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      version: row.service_version,
      liveVersionNumber: row.live_number,
    },
    before: before ? content(before) : null,
    comparedWith: pending ? 'live' : 'previous',
    proposed: content(row.content),
  };
}
