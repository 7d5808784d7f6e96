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
