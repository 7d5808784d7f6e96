import { sql, type RawBuilder } from 'kysely';

/**
 * The person a person id stands for now, as SQL, for counting in other modules' queries (issue 14: re-requests
 * about the same child): the record itself, or the record it was merged into, following merges to the end (a kept
 * record can itself be merged later). The people module owns the `people` table, so the SQL that reads it lives here.
 * `personId` must be a trusted column reference, never user input.
 */
export function personIdentitySql(personId: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(with recursive chain(id, merged_into, depth) as (
      select pe.id, pe.merged_into, 0 from people pe where pe.id = ${personId}
      union all
      select pe.id, pe.merged_into, chain.depth + 1 from people pe join chain on pe.id = chain.merged_into
      where chain.depth < 20)
    select chain.id from chain order by chain.depth desc limit 1)`;
}

/**
 * The facts a breakdown reads about the person a person id stands for now (following merges), as a subquery for a
 * lateral join: one row of date_of_birth, gender, ethnicity and send, or none for no person (issue 14's breakdowns
 * by age band, gender, ethnicity and SEND). `personId` must be a trusted column reference.
 */
export function personFactsSql(personId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select pe.date_of_birth, pe.gender, pe.ethnicity, pe.send from people pe
    where pe.id = ${personIdentitySql(personId)})`;
}

/**
 * The NHS number of the person a person id stands for now (following merges), as SQL: null where the record has none,
 * or where another live record has the same number (then it does not say reliably who the person is). For other
 * modules' counting: what ties a record kept elsewhere by NHS number (the corporate parenting register) to Hearth's
 * person. `personId` must be a trusted column reference.
 */
export function uniqueNhsNumberSql(personId: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select pe.nhs_number from people pe
    where pe.id = ${personIdentitySql(personId)} and pe.merged_into is null and pe.nhs_number is not null
      and not exists (select 1 from people other where other.nhs_number = pe.nhs_number
        and other.merged_into is null and other.id <> pe.id))`;
}
