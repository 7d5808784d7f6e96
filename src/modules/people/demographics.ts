import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { ETHNICITY_CODES, SEND_STATUSES, type SendStatus } from '../../platform/demographics.ts';

/**
 * A person's ethnicity and special educational needs provision (issue 14's breakdowns): codes of
 * platform/demographics.ts, or null when nobody has said. Blank is null; an unknown code is refused.
 */
export const demographicsSchema = z.object({
  ethnicity: z.preprocess(
    (v) => (v === undefined || v === '' ? null : v),
    z
      .string({ message: 'Select their ethnicity from the list' })
      .max(50, 'Select their ethnicity from the list')
      .refine((v) => ETHNICITY_CODES.includes(v), 'Select their ethnicity from the list')
      .nullable(),
  ),
  send: z.preprocess(
    (v) => (v === undefined || v === '' ? null : v),
    z.enum(SEND_STATUSES, { message: 'Select the support they get from the list' }).nullable(),
  ),
});

export interface Demographics {
  ethnicity: string | null;
  send: SendStatus | null;
}

/** What a caller passes: codes as some form or record said them, checked by demographicsSchema. */
export interface DemographicsInput {
  ethnicity?: string | null;
  send?: string | null;
}

/** What another record said, keeping only known codes: a code no longer offered is left out, not an error. */
export function knownDemographics(said: DemographicsInput): Demographics {
  const one = (field: keyof Demographics) => {
    const result = demographicsSchema.shape[field].safeParse(said[field]);
    return result.success ? result.data : null;
  };
  return { ethnicity: one('ethnicity') as string | null, send: one('send') as SendStatus | null };
}

type Changes = Partial<Record<keyof Demographics, { from: string | null; to: string | null }>>;

/** The fields that differ, old → new (codes only: no names or dates go into the append-only audit trail). */
function changesOf(before: Demographics, after: Demographics, onlyEmpty: boolean): Changes {
  const changes: Changes = {};
  for (const field of ['ethnicity', 'send'] as const) {
    const to = after[field];
    if (to === before[field] || (onlyEmpty && (before[field] !== null || to === null))) continue;
    changes[field] = { from: before[field], to };
  }
  return changes;
}

/**
 * Writes a person's ethnicity and SEND: the row locked, the version checked when one is given (an edit form's
 * optimistic lock) and bumped, and the change audited old → new in the same transaction. With `onlyEmpty` only a
 * field nobody has filled is set (a request linked to an existing person never overwrites what the record says).
 * Returns the fields changed; nothing changed writes and audits nothing.
 */
export async function writeDemographics(
  db: Kysely<DB>,
  audit: AuditLog,
  actor: AuditActor,
  personId: string,
  after: Demographics,
  { version, onlyEmpty, reason }: { version?: number; onlyEmpty: boolean; reason: string },
): Promise<Changes> {
  const run = async (tx: Kysely<DB>) => {
    const row = await tx
      .selectFrom('people')
      .select(['ethnicity', 'send', 'version', 'merged_into'])
      .where('id', '=', personId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new StaleVersionError('This person record');
    if (version !== undefined && (row.version !== version || row.merged_into))
      throw new StaleVersionError('This person record');
    const changes = changesOf(row, after, onlyEmpty);
    if (!Object.keys(changes).length) return changes;
    await tx
      .updateTable('people')
      .set({
        ...(changes.ethnicity ? { ethnicity: after.ethnicity } : {}),
        ...(changes.send ? { send: after.send } : {}),
        updated_at: new Date(),
        updated_by: actor.userId,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', personId)
      .execute();
    await audit.record(
      actor,
      {
        action: 'person.demographics-changed',
        outcome: 'success',
        subjectType: 'person',
        subjectId: personId,
        details: { ...changes, reason },
      },
      tx,
    );
    return changes;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
