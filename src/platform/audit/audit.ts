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

/** An event as the audit trail page shows it: with the names of the accounts it names by id. */
export interface AuditEventForPeople extends AuditEvent {
  actorName: string | null;
  subjectUserName: string | null;
}

const CHAIN_LOCK = 7_426_982;

/** Sessions are referred to by a hash, so the audit trail never holds a usable session id. */
const sessionRef = (sessionId: string | null | undefined) =>
  sessionId ? createHash('sha256').update(sessionId).digest('hex').slice(0, 16) : null;

/** Most events one append writes: a burst beyond this waits for the next append. */
const MAX_BATCH = 200;

interface Pending {
  fields: HashedFields;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AuditLog {
  private readonly pending: Pending[] = [];
  private appending = false;

  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Appends one event to the chain. Pass a transaction as `db` to make the event part of the
   * change it describes: both commit or neither does.
   *
   * Without a transaction, events recorded while an append is under way wait for it and are then
   * appended together (group commit): one lock, one read of the chain's head and one insert for
   * all of them, in the order they were recorded. Each caller still returns only once its own
   * event is committed, so nothing is shown before it is audited.
   */
  async record(actor: AuditActor, event: AuditEventInput, db: Kysely<DB> = this.db): Promise<void> {
    const fields = eventFields(actor, event);
    if (db.isTransaction) return this.append(db, [fields]);
    if (db !== this.db) return db.transaction().execute((tx) => this.append(tx, [fields]));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ fields, resolve, reject });
      void this.appendPending();
    });
  }

  /**
   * Runs a write and its success event in one transaction on `db`: the change is never made without its event, nor
   * the event recorded for a change rolled back.
   */
  async write<T>(
    db: Kysely<DB>,
    actor: AuditActor,
    event: Omit<AuditEventInput, 'outcome'> & { subjectType: string; subjectId: string },
    work: (tx: Kysely<DB>) => Promise<T>,
  ): Promise<T> {
    return db.transaction().execute(async (tx) => {
      const result = await work(tx);
      await this.record(actor, { ...event, outcome: 'success' }, tx);
      return result;
    });
  }

  /** Appends what is waiting, a batch at a time, until nothing is. */
  private async appendPending(): Promise<void> {
    if (this.appending) return;
    this.appending = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.db.transaction().execute((tx) =>
            this.append(
              tx,
              batch.map((p) => p.fields),
            ),
          );
          for (const p of batch) p.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // One bad event must not fail the others: append them one by one.
          for (const p of batch)
            await this.db
              .transaction()
              .execute((tx) => this.append(tx, [p.fields]))
              .then(p.resolve, p.reject);
        }
      }
    } finally {
      this.appending = false;
    }
  }

  /** Links events onto the chain's head, in order, inside `tx`. */
  private async append(tx: Kysely<DB>, events: HashedFields[]): Promise<void> {
    // Serialise appends so each event links to the one before it, across every app instance.
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(tx);
    const last = await tx.selectFrom('audit_events').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = events.map((fields) => {
      const hash = eventHash(prevHash, fields);
      const row = {
        id: fields.id,
        occurred_at: fields.occurredAt,
        actor_user_id: fields.actorUserId,
        actor_label: fields.actorLabel,
        session_ref: fields.sessionRef,
        ip: fields.ip,
        request_id: fields.requestId,
        action: fields.action,
        outcome: fields.outcome as AuditEventInput['outcome'],
        subject_type: fields.subjectType,
        subject_id: fields.subjectId,
        details: JSON.stringify(fields.details),
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    // One insert: PostgreSQL numbers the rows (seq) in the order they are listed, so the chain's order holds.
    await tx.insertInto('audit_events').values(rows).execute();
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

  async recent(options: { limit: number; before?: number; action?: string }): Promise<AuditEventForPeople[]> {
    // Names for people, not ids: who acted (a sign-in is recorded before the session knows the user, so the
    // account is named by the event's user id) and, for an event about a user account, whose account.
    let query = this.db
      .selectFrom('audit_events')
      .leftJoin('users as actor', 'actor.id', 'audit_events.actor_user_id')
      .leftJoin('users as subject_user', (join) =>
        join
          .on('audit_events.subject_type', '=', 'user')
          .onRef(sql`subject_user.id::text`, '=', sql.ref('audit_events.subject_id')),
      )
      .selectAll('audit_events')
      .select([
        'actor.display_name as actor_name',
        'actor.email as actor_email',
        'subject_user.display_name as subject_user_name',
        'subject_user.email as subject_user_email',
      ])
      .orderBy('audit_events.seq', 'desc')
      .limit(options.limit);
    if (options.before !== undefined) query = query.where('audit_events.seq', '<', options.before);
    if (options.action) query = query.where('audit_events.action', 'like', `${options.action}%`);
    return (await query.execute()).map((row) => ({
      ...toEvent(row),
      actorName: row.actor_name ? `${row.actor_name} (${row.actor_email})` : null,
      subjectUserName: row.subject_user_name ? `${row.subject_user_name} (${row.subject_user_email})` : null,
    }));
  }
}

/** The event as hashed and stored, made when it is recorded (its time is when it happened). */
function eventFields(actor: AuditActor, event: AuditEventInput): HashedFields {
  return {
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
    // Copied now, as JSON: a caller changing its object afterwards changes nothing recorded.
    details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
  };
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
