import { z } from 'zod';

/**
 * Number fields every form shares. Every number a schema accepts has bounds (issue 11, item 8): PostgreSQL's
 * integer stops at 2^31 - 1, and a larger hidden `version` reached the database and became a 500.
 * src/platform/views/fields.test.ts refuses a zod number without a maximum anywhere in src/.
 */

/** The largest value of a PostgreSQL integer column. */
export const INTEGER_MAX = 2_147_483_647;

export const RELOAD = 'Reload the page and try again';

/** The hidden optimistic-locking version an edit form carries: out of range means the page is out of date. */
export const versionField = (min = 1) =>
  z.coerce.number({ message: RELOAD }).int(RELOAD).min(min, RELOAD).max(INTEGER_MAX, RELOAD);

/** Text as typed, trimmed, at most `max` characters ("Summary must be 2,000 characters or fewer"). */
export const boundedText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** Text that must be given (`empty` when it is not), trimmed, at most `max` characters. */
export const requiredText = (max: number, label: string, empty: string) => boundedText(max, label).min(1, empty);

/** One of a list's codes, `message` for anything else. */
export const oneOf = (codes: readonly string[], message: string) =>
  z.string().refine((value) => codes.includes(value), message);
