import type { Kysely } from 'kysely';
import type { Session } from 'fastify';
import type { DB } from '../db/schema/index.ts';

type Callback = (error?: unknown) => void;

/**
 * @fastify/session store backed by the sessions table, so every app instance sees every
 * session. A row expires after the idle timeout; each save pushes the expiry on.
 */
export class DatabaseSessionStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly idleMs: number,
  ) {}

  set(sessionId: string, session: Session, callback: Callback) {
    const { cookie: _cookie, ...data } = session as Session & { cookie?: unknown };
    const expiresAt = new Date(Date.now() + this.idleMs);
    this.db
      .insertInto('sessions')
      .values({ id: sessionId, user_id: session.userId ?? null, data: JSON.stringify(data), expires_at: expiresAt })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          user_id: session.userId ?? null,
          data: JSON.stringify(data),
          expires_at: expiresAt,
        }),
      )
      .execute()
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void) {
    this.db
      .selectFrom('sessions')
      .select('data')
      .where('id', '=', sessionId)
      .where('expires_at', '>', new Date())
      .executeTakeFirst()
      .then((row) => callback(null, row ? (row.data as unknown as Session) : null), callback);
  }

  destroy(sessionId: string, callback: Callback) {
    this.db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .execute()
      .then(() => callback(), callback);
  }
}

/** Ends every session a user has, on every device. */
export async function destroyUserSessions(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes expired sessions. `keepFor` keeps an expired row that long (the job keeps them an hour): it can no
 * longer be used (`get` ignores it), but it still says whose it was, so a form sent after it expired can be
 * kept for that person (kept-forms.ts).
 */
export async function deleteExpiredSessions(db: Kysely<DB>, keepFor = 0): Promise<number> {
  const before = new Date(Date.now() - keepFor);
  const result = await db.deleteFrom('sessions').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whose session this was, if it has expired (a live session, or an anonymous one, gives null). */
export async function expiredSessionUser(db: Kysely<DB>, sessionId: string): Promise<string | null> {
  const row = await db
    .selectFrom('sessions')
    .select('user_id')
    .where('id', '=', sessionId)
    .where('expires_at', '<=', new Date())
    .executeTakeFirst();
  return row?.user_id ?? null;
}
