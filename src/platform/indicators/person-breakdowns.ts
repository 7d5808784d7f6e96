import { sql, type RawBuilder } from 'kysely';
import { ETHNICITY_NAMES, ETHNICITY_NOT_KNOWN, SEND_NAMES, SEND_STATUSES } from '../demographics.ts';
import { AGE_BANDS } from './age-bands.ts';
import { AGE_BAND_BREAKDOWN, ageBandSql, type BreakdownSpec } from './counting.ts';

/**
 * The breakdowns about the person an indicator counts (issue 14: "age band, gender, ethnicity, SEND"), built in one
 * place for every module: the module says where the person's facts are (columns of its own tables, or the people
 * module's SQL) and this gives the `b_<breakdown>` columns and their labels. A value the record does not give, or
 * gives as "not known", is null, so it counts in the 'unknown' group ("Not known").
 */

/** Where the facts are: SQL expressions over the module's source (trusted fragments, never user input). */
export interface PersonFacts {
  /** The age in whole years at the event (see `ageOnSql`), null where not known. */
  age: RawBuilder<unknown>;
  gender: RawBuilder<unknown>;
  ethnicity: RawBuilder<unknown>;
  send: RawBuilder<unknown>;
}

/** The day an instant falls on in England, as a date. */
export const londonDaySql = (instant: RawBuilder<unknown>) =>
  sql<string>`(${instant} at time zone 'Europe/London')::date`;

/**
 * Whole years from the date of birth to the day (PostgreSQL's calendar `age`, so a birthday inside the period
 * counts from that day on); null without a date of birth or for a birth after the day.
 */
export const ageOnSql = (dateOfBirth: RawBuilder<unknown>, day: RawBuilder<unknown>) =>
  sql<
    number | null
  >`(case when ${dateOfBirth} <= ${day} then date_part('year', age(${day}, ${dateOfBirth}))::integer end)`;

const GENDER_LABELS: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Another gender' };
/** The ethnic groups and "prefer not to say" (not known is the 'unknown' group). */
const ETHNICITY_KEYS = Object.keys(ETHNICITY_NAMES).filter((k) => k !== ETHNICITY_NOT_KNOWN);
const SEND_KEYS = SEND_STATUSES.filter((s) => s !== 'not-known');

const oneOf = (value: RawBuilder<unknown>, keys: readonly string[]) =>
  sql<string | null>`(case when ${value} in (${sql.join(keys.map((k) => sql.lit(k)))}) then ${value} end)`;

/** The person's group keys, by source column: "b_age-band", b_gender, b_ethnicity, b_send. */
function personGroupKeys(facts: PersonFacts): Record<string, RawBuilder<string | null>> {
  return {
    'b_age-band': ageBandSql(sql`${facts.age}`),
    // The front door's form says "another" where the people module says "other": one group.
    b_gender: sql<string | null>`(case when ${facts.gender} in ('female', 'male') then ${facts.gender}
      when ${facts.gender} in ('other', 'another') then 'other' end)`,
    b_ethnicity: oneOf(facts.ethnicity, ETHNICITY_KEYS),
    b_send: oneOf(facts.send, SEND_KEYS),
  };
}

/** The person's columns for a raw SQL source query. */
export const personBreakdownColumns = (facts: PersonFacts): RawBuilder<unknown> =>
  sql.join(Object.entries(personGroupKeys(facts)).map(([column, key]) => sql`${key} as ${sql.id(column)}`));

/** The same columns as selections for a Kysely query builder's `.select()`. */
export const personBreakdownSelections = (facts: PersonFacts) =>
  Object.entries(personGroupKeys(facts)).map(([column, key]) => key.as(column));

/** The breakdowns `personBreakdownColumns` gives, with the words of their groups. */
export const PERSON_BREAKDOWNS = {
  'age-band': AGE_BAND_BREAKDOWN,
  gender: { labels: GENDER_LABELS },
  ethnicity: { labels: ETHNICITY_NAMES },
  send: { labels: SEND_NAMES },
} as const satisfies Record<string, BreakdownSpec>;

/** Every group key a person breakdown may give (besides 'unknown'), for checking an imported file's groups. */
export const PERSON_GROUP_KEYS: Readonly<Record<keyof typeof PERSON_BREAKDOWNS, readonly string[]>> = {
  'age-band': AGE_BANDS.map((b) => b.key),
  gender: Object.keys(GENDER_LABELS),
  ethnicity: ETHNICITY_KEYS,
  send: SEND_KEYS,
};
