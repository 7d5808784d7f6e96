import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';

/**
 * Checkpoints of the audit chain's head (DESIGN.md §5, docs/decisions/005-audit-checkpoints.md).
 * The hash chain shows an edited or removed event in the middle, but someone who can write the
 * database can also cut the end off or rewrite the chain from some event onwards and recompute every
 * later hash. A checkpoint records the head (seq and hash) at a moment, signed with HMAC-SHA256 under
 * AUDIT_KEY — a key that is not in the database — and is appended to a file outside it (one JSON
 * line each). `npm run audit:verify` then checks that every checkpointed event is still in the chain
 * with the same hash and that the chain has not been cut below the latest one.
 */
export interface Checkpoint {
  v: 1;
  seq: number;
  hash: string;
  /** When it was taken (ISO 8601). */
  at: string;
  /** HMAC-SHA256 of the other fields (RFC 8785 canonical JSON) under AUDIT_KEY, hex. */
  mac: string;
}

const macOf = (key: string, fields: Omit<Checkpoint, 'mac'>) =>
  createHmac('sha256', key)
    .update(canonicalize({ v: fields.v, seq: fields.seq, hash: fields.hash, at: fields.at }) ?? '')
    .digest('hex');

export function signCheckpoint(key: string, head: { seq: number; hash: string }, at: Date): Checkpoint {
  const fields = { v: 1 as const, seq: head.seq, hash: head.hash, at: at.toISOString() };
  return { ...fields, mac: macOf(key, fields) };
}

export function hasValidMac(key: string, checkpoint: Checkpoint): boolean {
  const expected = Buffer.from(macOf(key, checkpoint), 'hex');
  const given = Buffer.from(checkpoint.mac, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The chain's last event: what a checkpoint anchors. Null while the chain is empty. */
export async function chainHead(db: Kysely<DB>): Promise<{ seq: number; hash: string } | null> {
  const row = await db
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

const isCheckpoint = (value: unknown): value is Checkpoint => {
  const c = value as Partial<Checkpoint> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    c.v === 1 &&
    Number.isSafeInteger(c.seq) &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.at === 'string' &&
    typeof c.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(c.mac)
  );
};

export type ParsedLine = { line: number; checkpoint: Checkpoint } | { line: number; problem: string };

/** Every line of a checkpoint file, each a checkpoint or why it is not one. */
export async function readCheckpoints(file: string): Promise<ParsedLine[]> {
  const text = await readFile(file, 'utf8');
  return text.split('\n').flatMap((raw, index): ParsedLine[] => {
    if (raw.trim() === '') return [];
    try {
      const value: unknown = JSON.parse(raw);
      return [
        isCheckpoint(value)
          ? { line: index + 1, checkpoint: value }
          : { line: index + 1, problem: 'is not a checkpoint' },
      ];
    } catch {
      return [{ line: index + 1, problem: 'is not JSON' }];
    }
  });
}

/** The last line of the file, read from its end (the file grows by a line every few minutes). */
async function lastCheckpoint(file: string): Promise<Checkpoint | null> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return null;
  }
  const handle = await open(file, 'r');
  try {
    const length = Math.min(size, 4096);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const last = buffer.toString('utf8').trimEnd().split('\n').pop() ?? '';
    const value: unknown = JSON.parse(last);
    return isCheckpoint(value) ? value : null;
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}

/**
 * Appends a signed checkpoint of the chain's head to the file (created if missing, opened for
 * appending only, flushed to disk). Nothing is written while the chain is empty or its head is the
 * one the file's last line already holds. Returns what was written.
 */
export async function writeCheckpoint(
  db: Kysely<DB>,
  settings: { key: string; file: string },
  now = new Date(),
): Promise<Checkpoint | null> {
  const head = await chainHead(db);
  if (!head) return null;
  const last = await lastCheckpoint(settings.file);
  if (last && last.seq === head.seq && last.hash === head.hash) return null;
  const checkpoint = signCheckpoint(settings.key, head, now);
  await mkdir(path.dirname(path.resolve(settings.file)), { recursive: true });
  const handle = await open(settings.file, 'a', 0o600);
  try {
    await handle.write(`${JSON.stringify(checkpoint)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return checkpoint;
}
