import type { ServiceContent } from '../content.ts';

/** The shapes moderation works with: versions, a provider's view of an entry, the moderators' queue. */

export const REVIEW_MONTHS = 12;

export type VersionState = 'pending' | 'approved' | 'rejected' | 'superseded' | 'withdrawn';

/** The service does not exist for this person, or they may not change it. */
export class DirectoryAccessError extends Error {
  constructor(
    readonly kind: 'not-found' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

export interface VersionSummary {
  id: string;
  number: number;
  state: VersionState;
  name: string;
  submittedAt: Date;
  submittedBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
}

export interface ManagedService {
  id: string;
  organisationId: string;
  organisationName: string;
  /** The service's lock version: forms send it back so a stale change is refused. */
  version: number;
  lastCheckedAt: Date;
  dueForReview: boolean;
  live: ServiceContent | null;
  /** The change waiting for a moderator, if any. */
  pending: VersionSummary | null;
  /** The latest decision, when it was a rejection newer than the live version. */
  rejected: VersionSummary | null;
  /** What the form should start from: the pending or rejected change, else the live entry. */
  draft: ServiceContent | null;
  history: VersionSummary[];
}

export interface QueueItem {
  versionId: string;
  serviceId: string;
  name: string;
  organisationName: string;
  isNew: boolean;
  submittedAt: Date;
  submittedBy: string | null;
}

export interface ReviewDueItem {
  serviceId: string;
  name: string;
  organisationName: string;
  lastCheckedAt: Date;
}

export interface VersionReview {
  version: VersionSummary;
  service: {
    id: string;
    organisationId: string;
    organisationName: string;
    version: number;
    liveVersionNumber: number | null;
  };
  /** What this version is compared with: the live entry for a pending change, else the version before it. */
  before: ServiceContent | null;
  comparedWith: 'live' | 'previous';
  proposed: ServiceContent;
}

/** A version row as people read it. */
export function toSummary(v: {
  id: string;
  number: number;
  state: VersionState;
  content: unknown;
  submitted_at: Date;
  submitted_by: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
}): VersionSummary {
  return {
    id: v.id,
    number: v.number,
    state: v.state,
    name: (v.content as ServiceContent).name,
    submittedAt: v.submitted_at,
    submittedBy: v.submitted_by,
    decidedAt: v.decided_at,
    decidedBy: v.decided_by,
    reason: v.decision_reason,
  };
}
