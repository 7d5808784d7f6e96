import type { Kysely, Updateable } from 'kysely';
import type { DB } from './schema/index.ts';
import { StaleVersionError } from './errors.ts';

/** Tables whose rows users edit: they carry id, version and updated_at/by. */
type VersionedTable = {
  [K in keyof DB]: DB[K] extends { id: string; version: unknown; updated_by: unknown } ? K : never;
}[keyof DB];

/**
 * Optimistic locking: updates the row only if it is still at the version the user saw, and
 * moves it on by one. If someone else saved first, nothing is written and StaleVersionError
 * is thrown, so the caller can show the current values instead of overwriting them.
 */
export async function updateVersioned<T extends VersionedTable>(
  db: Kysely<DB>,
  table: T,
  target: { id: string; version: number; by: string | null; what: string },
  values: Updateable<DB[T]>,
): Promise<void> {
  // Kysely cannot type a generic table name through .set(); the constraint above keeps callers honest.
  const untyped = db as unknown as Kysely<{
    row: { id: string; version: number; updated_at: Date; updated_by: string | null };
  }>;
  const result = await untyped
    .updateTable(table as unknown as 'row')
    .set((eb) => ({
      ...(values as object),
      updated_at: new Date(),
      updated_by: target.by,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', target.id)
    .where('version', '=', target.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError(target.what);
}
