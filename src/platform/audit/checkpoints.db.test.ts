import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Insertable, type Kysely } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { AuditEventsTable, DB } from '../db/schema/index.ts';
import { AuditLog, toEvent } from './audit.ts';
import { signCheckpoint, writeCheckpoint } from './checkpoints.ts';
import { eventHash } from './hash.ts';
import { verifyAuditChain } from './verify.ts';
import { auditVerifyReport } from './verify-report.ts';

/**
 * Tampering at the end of the audit chain, which the hash chain alone cannot see: the last events
 * removed, or an event edited and every later hash recomputed. Checkpoints of the head, signed with
 * AUDIT_KEY and kept in a file outside the database, catch both.
 */
let testDb: TestDatabase;
let db: Kysely<DB>;
let dir: string;
let file: string;
const KEY = 'an-audit-key-kept-outside-the-database';
const settings = () => ({ key: KEY, checkpointFile: file });
const actor = { userId: null, label: 'checkpoint test', ip: '192.0.2.1' };

const all = () => db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
/** A copy of the chain as it is, put back after each tampering. */
let original: Awaited<ReturnType<typeof all>>;
async function putBack() {
  await db.deleteFrom('audit_events').execute();
  await db
    .insertInto('audit_events')
    .values(original.map((row) => ({ ...row, details: JSON.stringify(row.details) }) as Insertable<AuditEventsTable>))
    .execute();
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-checkpoints-'));
  file = path.join(dir, 'audit-checkpoints.jsonl');
  const audit = new AuditLog(db);
  for (let i = 0; i < 80; i += 1)
    await audit.record(actor, { action: 'test.event', outcome: 'success', details: { i } });
  expect(await writeCheckpoint(db, { key: KEY, file })).toMatchObject({ v: 1 });
  original = await all();
  // The tamperer can switch the append-only triggers off.
  await sql`alter table audit_events disable trigger user`.execute(db);
});
afterAll(async () => {
  await sql`alter table audit_events enable trigger user`.execute(db).catch(() => undefined);
  await testDb?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(putBack);

describe('audit checkpoints', () => {
  it('write one signed line per new head, and nothing while the head is unchanged', async () => {
    expect(await writeCheckpoint(db, { key: KEY, file })).toBeNull();
    const [line, ...more] = (await readFile(file, 'utf8')).trim().split('\n');
    expect(more).toEqual([]);
    const checkpoint = JSON.parse(line!) as { seq: number; hash: string };
    const head = original.at(-1)!;
    expect(checkpoint).toMatchObject({ seq: Number(head.seq), hash: head.hash });
    expect(await auditVerifyReport(db, settings())).toEqual({
      code: 0,
      lines: [
        'Audit chain intact: 80 events checked',
        expect.stringMatching(/^Checked against 1 checkpoint; the latest, of .*, anchors the chain up to seq \d+\.$/),
        '0 events after the last checkpoint, not yet anchored.',
      ],
    });
  });

  it('count the events after the last checkpoint as not yet anchored', async () => {
    const audit = new AuditLog(db);
    for (let i = 0; i < 3; i += 1) await audit.record(actor, { action: 'test.later', outcome: 'success' });
    const report = await auditVerifyReport(db, settings());
    expect(report.code).toBe(0);
    expect(report.lines).toContain('3 events after the last checkpoint, not yet anchored.');
  });

  it.each([1, 50])('catch the last %i events removed, which the chain alone does not', async (removed) => {
    const from = Number(original.at(-removed)!.seq);
    await db.deleteFrom('audit_events').where('seq', '>=', from).execute();
    // The bug: the hash chain by itself still looks whole.
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 80 - removed });
    const report = await auditVerifyReport(db, settings());
    expect(report.code).toBe(1);
    expect(report.lines[0]).toMatch(
      new RegExp(
        `^Audit chain CUT: it ends at seq ${from - 1}, but the checkpoint of .* recorded events up to seq ${from + removed - 1}`,
      ),
    );
  });

  it('catch an event edited and every later hash recomputed, which the chain alone does not', async () => {
    const target = original[40]!;
    await db
      .updateTable('audit_events')
      .set({ details: JSON.stringify({ i: 999 }) })
      .where('seq', '=', target.seq)
      .execute();
    let previous = original[39]!.hash;
    for (const row of (await all()).slice(40)) {
      const hash = eventHash(previous, { ...toEvent(row) });
      await db.updateTable('audit_events').set({ prev_hash: previous, hash }).where('seq', '=', row.seq).execute();
      previous = hash;
    }
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 80 });
    const report = await auditVerifyReport(db, settings());
    expect(report.code).toBe(1);
    expect(report.lines[0]).toMatch(
      new RegExp(
        `^Audit chain BROKEN at event seq ${Number(original.at(-1)!.seq)} .*: its hash is not the one the checkpoint of .* recorded`,
      ),
    );
  });

  it('refuse a checkpoint not signed with AUDIT_KEY, and a missing checkpoint file', async () => {
    const forged = signCheckpoint('someone-elses-key-not-the-audit-key', { seq: 1, hash: 'a'.repeat(64) }, new Date());
    const forgedFile = path.join(dir, 'forged.jsonl');
    await writeFile(forgedFile, `${JSON.stringify(forged)}\n`);
    const report = await auditVerifyReport(db, { key: KEY, checkpointFile: forgedFile });
    expect(report).toMatchObject({ code: 1, lines: [expect.stringMatching(/line 1 .* is not signed with AUDIT_KEY/)] });
    const gone = await auditVerifyReport(db, { key: KEY, checkpointFile: path.join(dir, 'missing.jsonl') });
    expect(gone).toMatchObject({
      code: 1,
      lines: [expect.stringMatching(/does not exist, but the audit chain has events/)],
    });
    await writeFile(forgedFile, 'not json\n');
    expect((await auditVerifyReport(db, { key: KEY, checkpointFile: forgedFile })).lines[0]).toBe(
      'Checkpoint file line 1 is not JSON',
    );
  });
});
