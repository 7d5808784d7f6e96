import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { toEvent } from './audit.ts';
import { GENESIS_HASH, eventHash } from './hash.ts';

export type VerifyResult =
  { ok: true; checked: number } | { ok: false; checked: number; brokenAt: { seq: number; id: string; reason: string } };

/**
 * Recomputes the chain from the first event and reports the first broken link: an event whose
 * stored hash does not match its contents (edited), or whose prev_hash does not match the event
 * before it (an event removed or inserted).
 */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5_000): Promise<VerifyResult> {
  let previousHash = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      const event = toEvent(row);
      if (event.prevHash !== previousHash) {
        return {
          ok: false,
          checked,
          brokenAt: {
            seq: event.seq,
            id: event.id,
            reason: 'does not link to the event before it (an event was removed or inserted)',
          },
        };
      }
      if (eventHash(event.prevHash, event) !== event.hash) {
        return {
          ok: false,
          checked,
          brokenAt: {
            seq: event.seq,
            id: event.id,
            reason: 'its contents do not match its hash (the event was edited)',
          },
        };
      }
      previousHash = event.hash;
      afterSeq = event.seq;
      checked += 1;
    }
  }
}
