import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Session } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../db/schema/index.ts';
import { newId } from '../db/ids.ts';
import { DatabaseSessionStore, deleteExpiredSessions, destroyUserSessions } from './session-store.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';

let testDb: TestDatabase;
let db: Kysely<DB>;
let userId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', 'essex-county-council')
    .executeTakeFirstOrThrow();
  userId = newId();
  await db
    .insertInto('users')
    .values({ id: userId, email: 'stores@essex.example', display_name: 'Stores', organisation_id: org.id })
    .execute();
});
afterAll(async () => {
  await testDb?.close();
});

// The store speaks @fastify/session's callback API; these wrap it in promises.
const set = (store: DatabaseSessionStore, id: string, session: Record<string, unknown>) =>
  new Promise<void>((resolve, reject) =>
    store.set(id, session as unknown as Session, (error) => (error ? reject(error) : resolve())),
  );
const get = (store: DatabaseSessionStore, id: string) =>
  new Promise<Session | null | undefined>((resolve, reject) =>
    store.get(id, (error, session) => (error ? reject(error) : resolve(session))),
  );
const destroy = (store: DatabaseSessionStore, id: string) =>
  new Promise<void>((resolve, reject) => store.destroy(id, (error) => (error ? reject(error) : resolve())));

const row = (id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();

describe('DatabaseSessionStore', () => {
  const idleMs = 30 * 60_000;
  let store: DatabaseSessionStore;
  beforeAll(() => {
    store = new DatabaseSessionStore(db, idleMs);
  });

  it('saves a session without its cookie and reads it back', async () => {
    const id = `sid-${newId()}`;
    const before = Date.now();
    await set(store, id, { cookie: { maxAge: 1000, httpOnly: true }, userId, flash: 'Saved', lastSeenAt: 123 });
    expect(await get(store, id)).toEqual({ userId, flash: 'Saved', lastSeenAt: 123 });
    const stored = await row(id);
    expect(stored!.user_id).toBe(userId);
    expect(stored!.data).not.toHaveProperty('cookie');
    expect(stored!.expires_at.getTime()).toBeGreaterThanOrEqual(before + idleMs - 1000);
    expect(stored!.expires_at.getTime()).toBeLessThanOrEqual(Date.now() + idleMs + 1000);
  });

  it('keeps an anonymous session with no user', async () => {
    const id = `sid-${newId()}`;
    await set(store, id, { cookie: {}, returnTo: '/account' });
    expect(await get(store, id)).toEqual({ returnTo: '/account' });
    expect((await row(id))!.user_id).toBeNull();
  });

  it('overwrites a session on save and pushes its expiry on', async () => {
    const id = `sid-${newId()}`;
    await set(store, id, { cookie: {}, pendingUserId: userId });
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() + 1000) })
      .where('id', '=', id)
      .execute();
    await set(store, id, { cookie: {}, userId });
    expect(await get(store, id)).toEqual({ userId });
    const stored = await row(id);
    expect(stored!.user_id).toBe(userId);
    expect(stored!.expires_at.getTime()).toBeGreaterThan(Date.now() + idleMs - 60_000);
    expect((await db.selectFrom('sessions').select('id').where('id', '=', id).execute()).length).toBe(1);
  });

  it('destroys a session', async () => {
    const id = `sid-${newId()}`;
    await set(store, id, { cookie: {}, userId });
    await destroy(store, id);
    expect(await get(store, id)).toBeNull();
    expect(await row(id)).toBeUndefined();
    await expect(destroy(store, 'sid-that-never-existed')).resolves.toBeUndefined();
  });

  it('returns nothing for an unknown or expired session', async () => {
    expect(await get(store, 'sid-unknown')).toBeNull();
    const id = `sid-${newId()}`;
    await set(store, id, { cookie: {}, userId });
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await get(store, id)).toBeNull();

    const expiring = new DatabaseSessionStore(db, -1000);
    const other = `sid-${newId()}`;
    await set(expiring, other, { cookie: {}, flash: 'gone' });
    expect(await get(expiring, other)).toBeNull();
    expect(await row(other)).toBeDefined();
  });

  it('clears expired sessions and ends all of one user’s sessions', async () => {
    const live = `sid-${newId()}`;
    await set(store, live, { cookie: {}, flash: 'live' });
    const deleted = await deleteExpiredSessions(db);
    expect(deleted).toBeGreaterThanOrEqual(2);
    expect(await db.selectFrom('sessions').select('id').where('expires_at', '<', new Date()).execute()).toEqual([]);
    expect(await get(store, live)).toEqual({ flash: 'live' });

    await set(store, `sid-${newId()}`, { cookie: {}, userId });
    const mine = (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).length;
    expect(await destroyUserSessions(db, userId)).toBe(mine);
    expect(await get(store, live)).toEqual({ flash: 'live' });
  });

  it('passes a database error to the callback', async () => {
    const error = await new Promise<unknown>((resolve) =>
      store.set(`sid-${newId()}`, { cookie: {}, userId: 'not-a-uuid' } as unknown as Session, resolve),
    );
    expect(error).toBeInstanceOf(Error);
  });
});

describe('database rate-limit store', () => {
  type Result = { current: number; ttl: number };
  let Store: ReturnType<typeof databaseRateLimitStore>;
  beforeAll(() => {
    Store = databaseRateLimitStore(db);
  });
  const incr = (store: InstanceType<typeof Store>, key: string, timeWindow: number) =>
    new Promise<Result>((resolve, reject) =>
      store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), timeWindow),
    );

  it('counts requests within the window', async () => {
    const store = new Store();
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await incr(store, '203.0.113.1', 60_000));
    expect(results.map((r) => r.current)).toEqual([1, 2, 3, 4]);
    for (const r of results) {
      expect(r.ttl).toBeGreaterThan(50_000);
      expect(r.ttl).toBeLessThanOrEqual(60_000);
    }
    // The window does not slide: later requests do not push the reset time on.
    expect(results[3]!.ttl).toBeLessThanOrEqual(results[0]!.ttl);
    const stored = await db
      .selectFrom('rate_limits')
      .selectAll()
      .where('key', '=', 'global:203.0.113.1')
      .executeTakeFirstOrThrow();
    expect(stored.count).toBe(4);
  });

  it('starts counting again once the window has passed', async () => {
    const store = new Store();
    expect((await incr(store, '203.0.113.2', 50)).current).toBe(1);
    await incr(store, '203.0.113.2', 50);
    await sleep(120);
    const after = await incr(store, '203.0.113.2', 50);
    expect(after.current).toBe(1);
    expect(after.ttl).toBeLessThanOrEqual(50);
  });

  it('keeps separate keys and separate routes apart', async () => {
    const store = new Store();
    await incr(store, '203.0.113.3', 60_000);
    await incr(store, '203.0.113.3', 60_000);
    expect((await incr(store, '203.0.113.4', 60_000)).current).toBe(1);
    const route = store.child({ path: '/sign-in', method: 'POST' });
    expect((await incr(route, '203.0.113.3', 60_000)).current).toBe(1);
    expect((await incr(store, '203.0.113.3', 60_000)).current).toBe(3);
    const keys = (
      await db.selectFrom('rate_limits').select('key').where('key', 'like', '%203.0.113.3').orderBy('key').execute()
    ).map((r) => r.key);
    expect(keys).toEqual(['POST:/sign-in:203.0.113.3', 'global:203.0.113.3']);
  });
});
