import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { toEvent } from './audit.ts';
import { hasValidMac, type Checkpoint, type ParsedLine } from './checkpoints.ts';
import { GENESIS_HASH, eventHash } from './hash.ts';

export type VerifyResult =
  { ok: true; checked: number } | { ok: false; checked: number; brokenAt: { seq: number; id: string; reason: string } };

interface Walk {
  result: VerifyResult;
  /** The last event's seq (0 for an empty chain). */
  lastSeq: number;
  /** The checkpointed seqs found in the chain, with the same hash. */
  anchored: Set<number>;
}

const when = (checkpoint: Checkpoint) => `the checkpoint of ${checkpoint.at}`;

/**
 * Recomputes the chain from the first event and stops at the first broken link: an event whose
 * stored hash does not match its contents (edited), whose prev_hash does not match the event before
 * it (an event removed or inserted), or whose hash is not the one a checkpoint recorded for its seq
 * (the chain rewritten, every later hash recomputed).
 */
async function walkChain(db: Kysely<DB>, batchSize: number, anchors: Map<number, Checkpoint>): Promise<Walk> {
  let previousHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  const anchored = new Set<number>();
  const broken = (event: { seq: number; id: string }, reason: string): Walk => ({
    result: { ok: false, checked, brokenAt: { seq: event.seq, id: event.id, reason } },
    lastSeq: afterSeq,
    anchored,
  });
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { result: { ok: true, checked }, lastSeq: afterSeq, anchored };
    for (const row of rows) {
      const event = toEvent(row);
      if (event.prevHash !== previousHash)
        return broken(event, 'does not link to the event before it (an event was removed or inserted)');
      if (eventHash(event.prevHash, event) !== event.hash)
        return broken(event, 'its contents do not match its hash (the event was edited)');
      const anchor = anchors.get(event.seq);
      if (anchor && anchor.hash !== event.hash)
        return broken(
          event,
          `its hash is not the one ${when(anchor)} recorded (the chain was rewritten up to here and its hashes recomputed)`,
        );
      if (anchor) anchored.add(event.seq);
      previousHash = event.hash;
      afterSeq = event.seq;
      checked += 1;
    }
  }
}

export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5_000): Promise<VerifyResult> {
  return (await walkChain(db, batchSize, new Map())).result;
}

export type TrailResult =
  | { ok: true; checked: number; checkpoints: number; latest: Checkpoint | null; unanchored: number }
  | {
      ok: false;
      problem: string;
      /** For a broken link: how many events before it verified. */ verifiedBefore?: number;
    };

/**
 * The chain, and the chain against its checkpoints (lines of the checkpoint file, signed with
 * AUDIT_KEY): every checkpoint must be signed with the key, every checkpointed event must still be in
 * the chain with the hash recorded, and the chain must not end before the latest checkpoint. Events
 * after the latest checkpoint are counted: they are not anchored yet.
 */
export async function verifyAuditTrail(
  db: Kysely<DB>,
  { lines, key, batchSize = 5_000 }: { lines: readonly ParsedLine[]; key: string; batchSize?: number },
): Promise<TrailResult> {
  const anchors = new Map<number, Checkpoint>();
  for (const line of lines) {
    if ('problem' in line) return { ok: false, problem: `Checkpoint file line ${line.line} ${line.problem}` };
    const { checkpoint } = line;
    if (!hasValidMac(key, checkpoint))
      return {
        ok: false,
        problem: `Checkpoint file line ${line.line} (${checkpoint.at}) is not signed with AUDIT_KEY: it was forged or altered, or AUDIT_KEY is not the key it was written with`,
      };
    const same = anchors.get(checkpoint.seq);
    if (same && same.hash !== checkpoint.hash)
      return {
        ok: false,
        problem: `Checkpoint file line ${line.line} gives seq ${checkpoint.seq} another hash than ${when(same)}`,
      };
    anchors.set(checkpoint.seq, checkpoint);
  }
  const { result, lastSeq, anchored } = await walkChain(db, batchSize, anchors);
  if (!result.ok) {
    const { seq, id, reason } = result.brokenAt;
    return {
      ok: false,
      problem: `Audit chain BROKEN at event seq ${seq} (id ${id}): ${reason}`,
    };
  }
  const latest = [...anchors.values()].reduce<Checkpoint | null>((a, c) => (!a || c.seq > a.seq ? c : a), null);
  if (latest && lastSeq < latest.seq)
    return {
      ok: false,
      problem: `Audit chain CUT: it ends at seq ${lastSeq}, but ${when(latest)} recorded events up to seq ${latest.seq} (events were removed from the end)`,
    };
  const missing = [...anchors.values()].find((c) => !anchored.has(c.seq));
  if (missing)
    return {
      ok: false,
      problem: `Audit chain BROKEN: event seq ${missing.seq}, recorded by ${when(missing)}, is missing (the chain was rewritten without it)`,
    };
  const unanchored = latest
    ? Number(
        (
          await db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('seq', '>', latest.seq)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : result.checked;
  return { ok: true, checked: result.checked, checkpoints: anchors.size, latest, unanchored };
}
