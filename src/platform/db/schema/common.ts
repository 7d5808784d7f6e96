import type { ColumnType, Generated } from 'kysely';

/** Column helpers shared by every area's table types. */

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T> = ColumnType<T, string, string>;

/** The audit columns of a table that records who created and last changed a row (optimistic locking: version). */
export interface Audited {
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}
