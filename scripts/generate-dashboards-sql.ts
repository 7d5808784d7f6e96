/**
 * SQL helpers and fixed values of the dashboards generator (generate-dashboards.ts): row ids made from the table and
 * the row number, weighted picks, the districts' weights and the names children are given.
 */
import { sql, type RawBuilder } from 'kysely';

/** Each table's id prefix: a row's id is `<tag>-0000-4000-8000-<row number in hex>`. */
export const TAG: Record<string, string> = {
  users: 'dbbe0001',
  requests_for_support: 'dbbe0002',
  request_people: 'dbbe0003',
  hub_decisions: 'dbbe0004',
  families: 'dbbe0005',
  episodes: 'dbbe0006',
  plans: 'dbbe0007',
  plan_goals: 'dbbe0008',
  plan_reviews: 'dbbe0009',
  taf_meetings: 'dbbe000a',
  missing_episodes: 'dbbe000b',
  returned_decisions: 'dbbe000c',
};

/** The id of row `n` (an SQL integer expression) of `table`. */
export const rowId = (table: keyof typeof TAG, n: RawBuilder<unknown> | number) =>
  sql<string>`(${sql.lit(`${TAG[table]}-0000-4000-8000-`)} || lpad(to_hex(${typeof n === 'number' ? sql.lit(n) : n}), 12, '0'))::uuid`;
/** The row number of an id made by rowId. */
export const rowOf = (column: string) =>
  sql<number>`('x' || lpad(right(${sql.ref(column)}::text, 12), 16, '0'))::bit(64)::bigint`;

/** Districts weighted like Essex's population (bigger districts first get more records); unknown codes weigh 1. */
export const DISTRICT_WEIGHT: Record<string, number> = {
  basildon: 19,
  braintree: 16,
  brentwood: 8,
  'castle-point': 9,
  chelmsford: 18,
  colchester: 20,
  'epping-forest': 13,
  harlow: 9,
  maldon: 6,
  rochford: 9,
  tendring: 15,
  uttlesford: 9,
};
export const FIRST = [
  'Amelia',
  'Oliver',
  'Isla',
  'George',
  'Ava',
  'Noah',
  'Mia',
  'Leo',
  'Ivy',
  'Jack',
  'Freya',
  'Harry',
];
export const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Wright'];

export const arr = (values: readonly string[]) => sql`${sql.val(values)}::text[]`;
/** An element of `values` picked by a number in [0, 1). */
export const pick = (values: RawBuilder<unknown>, length: number, u: RawBuilder<unknown>) =>
  sql`(${values})[1 + least(${sql.lit(length - 1)}, floor((${u}) * ${sql.lit(length)})::int)]`;
