import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../db/schema/index.ts';
import { AuditLog, type AuditActor } from './audit.ts';
import { GENESIS_HASH } from './hash.ts';
import { verifyAuditChain } from './verify.ts';

let testDb: TestDatabase;
let db: Kysely<DB>;
let audit: AuditLog;

const actor: AuditActor = {
  userId: null,
  label: 'audit test',
  sessionId: 'session-secret-value',
  ip: '192.0.2.1',
  requestId: 'req-1',
};

const count = async () =>
  Number(
    (
      await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const seqs = async () =>
  (await db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  audit = new AuditLog(db);
});
afterAll(async () => {
  await sql`alter table audit_events enable trigger user`.execute(db).catch(() => undefined);
  await testDb?.close();
});

describe('AuditLog', () => {
  it('starts with an empty, valid chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 0 });
  });

  it('records events that link into a chain', async () => {
    await audit.record(actor, {
      action: 'test.first',
      outcome: 'success',
      subjectType: 'record',
      subjectId: 'r-1',
      details: { b: 2, a: 1 },
    });
    await audit.record(actor, { action: 'test.second', outcome: 'denied' });
    await audit.record(
      { userId: null, label: 'system' },
      { action: 'test.third', outcome: 'allowed', subjectType: 'record', subjectId: 'r-1' },
    );

    const rows = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.action)).toEqual(['test.first', 'test.second', 'test.third']);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(rows[0]!.details).toEqual({ a: 1, b: 2 });
    expect(rows[0]!.ip).toBe('192.0.2.1');
    // The trail holds a reference to the session, never the session id itself.
    expect(rows[0]!.session_ref).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[0]!.session_ref).not.toContain('session-secret-value');
    expect(rows[2]!.session_ref).toBeNull();

    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 3 });
    // Reading in small batches gives the same answer.
    expect(await verifyAuditChain(db, 2)).toEqual({ ok: true, checked: 3 });
  });

  it('finds events about one subject, newest first', async () => {
    const events = await audit.forSubject('record', 'r-1');
    expect(events.map((e) => e.action)).toEqual(['test.third', 'test.first']);
    const recent = await audit.recent({ limit: 10, action: 'test.s' });
    expect(recent.map((e) => e.action)).toEqual(['test.second']);
  });

  it('records nothing when the transaction it belongs to rolls back', async () => {
    const before = await count();
    await expect(
      db.transaction().execute(async (tx) => {
        await audit.record(actor, { action: 'test.rolled-back', outcome: 'success' }, tx);
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    expect(await count()).toBe(before);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: before });
  });

  it('keeps a valid chain when many events are recorded at once', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.record(actor, { action: 'test.concurrent', outcome: 'success', details: { i } }),
      ),
    );
    expect(await count()).toBe(before + 20);
    const rows = await db.selectFrom('audit_events').select(['prev_hash', 'hash']).orderBy('seq').execute();
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: before + 20 });
  });

  it('appends events recorded together in the order they were recorded, each caller waiting for its own', async () => {
    const before = await count();
    const recorded = Array.from({ length: 30 }, (_, i) =>
      audit.record(actor, { action: 'test.grouped', outcome: 'success', details: { i } }),
    );
    await Promise.all(recorded);
    const rows = await db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'test.grouped')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => (r.details as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: before + 30 });
  });

  it('records the others when one event recorded together with them cannot be stored', async () => {
    const before = await count();
    const results = await Promise.allSettled([
      audit.record(actor, { action: 'test.beside-bad', outcome: 'success' }),
      // The database refuses this outcome (a check constraint): only this caller sees the failure.
      audit.record(actor, { action: 'test.bad', outcome: 'nonsense' as 'success' }),
      audit.record(actor, { action: 'test.beside-bad', outcome: 'success' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count()).toBe(before + 2);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: before + 2 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_events', async () => {
    const [first] = await seqs();
    await expect(
      db.updateTable('audit_events').set({ actor_label: 'someone else' }).where('seq', '=', first!).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('seq', '=', first!).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    const row = await db
      .selectFrom('audit_events')
      .select('actor_label')
      .where('seq', '=', first!)
      .executeTakeFirstOrThrow();
    expect(row.actor_label).toBe('audit test');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe('verifyAuditChain against a tamperer who can switch the triggers off', () => {
  beforeAll(async () => {
    await sql`alter table audit_events disable trigger user`.execute(db);
  });
  afterAll(async () => {
    await sql`alter table audit_events enable trigger user`.execute(db);
  });

  it('reports an edited event by its seq', async () => {
    const all = await seqs();
    const target = all[3]!;
    const original = await db
      .selectFrom('audit_events')
      .select(['id', 'details'])
      .where('seq', '=', target)
      .executeTakeFirstOrThrow();

    await db
      .updateTable('audit_events')
      .set({ details: JSON.stringify({ i: 999 }) })
      .where('seq', '=', target)
      .execute();
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.brokenAt.seq).toBe(target);
    expect(result.brokenAt.id).toBe(original.id);
    expect(result.brokenAt.reason).toMatch(/edited/);
    expect(result.checked).toBe(3);

    // Putting the original contents back makes the chain whole again.
    await db
      .updateTable('audit_events')
      .set({ details: JSON.stringify(original.details) })
      .where('seq', '=', target)
      .execute();
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: all.length });
  });

  it('reports a rewritten hash as an edited event', async () => {
    const all = await seqs();
    const target = all[1]!;
    const original = await db
      .selectFrom('audit_events')
      .select('hash')
      .where('seq', '=', target)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('audit_events')
      .set({ hash: 'f'.repeat(64) })
      .where('seq', '=', target)
      .execute();
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: target, reason: expect.stringMatching(/edited/) } });
    await db.updateTable('audit_events').set({ hash: original.hash }).where('seq', '=', target).execute();
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('reports the event after a deleted one as not linking', async () => {
    const all = await seqs();
    const middle = Math.floor(all.length / 2);
    const removed = all[middle]!;
    const next = all[middle + 1]!;
    const nextRow = await db.selectFrom('audit_events').select('id').where('seq', '=', next).executeTakeFirstOrThrow();

    await db.deleteFrom('audit_events').where('seq', '=', removed).execute();
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.brokenAt.seq).toBe(next);
    expect(result.brokenAt.id).toBe(nextRow.id);
    expect(result.brokenAt.reason).toMatch(/does not link/);
    expect(result.checked).toBe(middle);
  });
});

describe('a write with its event', () => {
  const subject = { action: 'test.renamed', subjectType: 'organisation', subjectId: 'org-1' };
  const name = async () =>
    (await db.selectFrom('organisations').select('name').where('code', '=', 'essex-police').executeTakeFirstOrThrow())
      .name;

  it('commits the change and its success event together', async () => {
    const before = await count();
    const original = await name();
    const result = await audit.write(db, actor, subject, async (tx) => {
      await tx.updateTable('organisations').set({ name: 'Renamed' }).where('code', '=', 'essex-police').execute();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await name()).toBe('Renamed');
    expect(await count()).toBe(before + 1);
    const last = await db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect([last.action, last.outcome, last.subject_id]).toEqual(['test.renamed', 'success', 'org-1']);
    await db.updateTable('organisations').set({ name: original }).where('code', '=', 'essex-police').execute();
  });

  it('records nothing when the write fails, and the change is rolled back', async () => {
    const before = await count();
    const original = await name();
    await expect(
      audit.write(db, actor, subject, async (tx) => {
        await tx.updateTable('organisations').set({ name: 'Half done' }).where('code', '=', 'essex-police').execute();
        throw new Error('refused half way');
      }),
    ).rejects.toThrow('refused half way');
    expect(await name()).toBe(original);
    expect(await count()).toBe(before);
  });
});
