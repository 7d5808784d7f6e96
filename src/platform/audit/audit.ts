import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventsTable, DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { GENESIS_HASH, eventHash, type HashedFields } from './hash.ts';

/** Who did something, and from where. Built once per request (see http/request-context.ts). */
export interface AuditActor {
  userId: string | null;
  label: string;
  sessionId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEventInput {
  action: string;
  outcome: 'success' | 'failure' | 'allowed' | 'denied';
  subjectType?: string;
  subjectId?: string;
  details?: Record<string, unknown>;
}

export interface AuditEvent extends HashedFields {
  seq: number;
  prevHash: string;
  hash: string;
}

const CHAIN_LOCK = 7_426_982;

/** Sessions are referred to by a hash, so the audit trail never holds a usable session id. */
const sessionRef = (sessionId: string | null | undefined) =>
  sessionId ? createHash('sha256').update(sessionId).digest('hex').slice(0, 16) : null;

export class AuditLog {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Appends one event to the chain. Pass a transaction as `db` to make the event part of the
   * change it describes: both commit or neither does.
   */
  async record(actor: AuditActor, event: AuditEventInput, db: Kysely<DB> = this.db): Promise<void> {
    const write = async (tx: Kysely<DB>) => {
      // Serialise appends so each event links to the one before it, across every app instance.
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
      const last = await tx
        .selectFrom('audit_events')
        .select('hash')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const fields: HashedFields = {
        id: newId(),
        occurredAt: new Date(),
        actorUserId: actor.userId,
        actorLabel: actor.label,
        sessionRef: sessionRef(actor.sessionId),
        ip: actor.ip ?? null,
        requestId: actor.requestId ?? null,
        action: event.action,
        outcome: event.outcome,
        subjectType: event.subjectType ?? null,
        subjectId: event.subjectId ?? null,
        details: event.details ?? {},
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      await tx
        .insertInto('audit_events')
        .values({
          id: fields.id,
          occurred_at: fields.occurredAt,
          actor_user_id: fields.actorUserId,
          actor_label: fields.actorLabel,
          session_ref: fields.sessionRef,
          ip: fields.ip,
          request_id: fields.requestId,
          action: fields.action,
          outcome: event.outcome,
          subject_type: fields.subjectType,
          subject_id: fields.subjectId,
          details: JSON.stringify(fields.details),
          prev_hash: prevHash,
          hash: eventHash(prevHash, fields),
        })
        .execute();
    };
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
  }

  /** Events about one record, newest first: "who looked at this child's record". */
  async forSubject(subjectType: string, subjectId: string, limit = 100): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async recent(options: { limit: number; before?: number; action?: string }): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(options.limit);
    if (options.before !== undefined) query = query.where('seq', '<', options.before);
    if (options.action) query = query.where('action', 'like', `${options.action}%`);
    return (await query.execute()).map(toEvent);
  }
}

export function toEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    sessionRef: row.session_ref,
    ip: row.ip,
    requestId: row.request_id,
    action: row.action,
    outcome: row.outcome,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
