import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface HashedFields {
  id: string;
  occurredAt: Date;
  actorUserId: string | null;
  actorLabel: string;
  sessionRef: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/**
 * Each event's hash covers its own fields and the previous event's hash, so changing or
 * removing any stored event breaks every link after it. Fields are serialised with RFC 8785
 * canonical JSON so the hash does not depend on key order (jsonb reorders keys).
 */
export function eventHash(prevHash: string, fields: HashedFields): string {
  const payload = canonicalize({
    id: fields.id,
    occurredAt: fields.occurredAt.toISOString(),
    actorUserId: fields.actorUserId,
    actorLabel: fields.actorLabel,
    sessionRef: fields.sessionRef,
    ip: fields.ip,
    requestId: fields.requestId,
    action: fields.action,
    outcome: fields.outcome,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    details: fields.details,
    prevHash,
  });
  return createHash('sha256')
    .update(payload ?? '')
    .digest('hex');
}
