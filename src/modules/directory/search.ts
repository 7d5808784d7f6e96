import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ServiceContent } from './content.ts';
import type { Point } from './postcodes.ts';

/**
 * The Directory of Services search, in SQL over the read model (directory_listings). Every
 * filter here is already resolved to what the table holds (term ids, district codes, a point):
 * DirectoryService turns a person's search into this and checks it first.
 */
export interface ListingQuery {
  /** Words: stemmed full text (websearch syntax), each misspelt word also as the known words nearest it. */
  words?: string;
  /** The words with synonyms swapped in (synonyms.ts): a service matching any of them matches too. */
  alternatives?: string[];
  /** Any of these taxonomy terms (categories). */
  termIds?: string[];
  /** Any of these Windscreen levels. */
  levels?: number[];
  /** The service's age range includes this age (an open end counts as included). */
  age?: number;
  /** Covers any of these districts, or the whole area. */
  districts?: string[];
  freeOnly?: boolean;
  /** Delivered in any of these ways. */
  delivery?: string[];
  /** Nearest first, measured to the service's nearest location. */
  origin?: Point;
  includeProfessionalsOnly: boolean;
  limit: number;
  offset: number;
}

export interface ListingRow {
  service_id: string;
  name: string;
  description: string;
  organisation_name: string;
  levels: number[];
  min_age: number | null;
  max_age: number | null;
  is_free: boolean;
  delivery: string[];
  professionals_only: boolean;
  last_checked_at: Date;
  content: ServiceContent;
  /** Metres to the nearest location, when searching from a point and the service has a located place. */
  distance: number | null;
  nearest_location_id: string | null;
  rank: number;
  total: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
/** Words shorter than this are not corrected: too many words are "near" them. */
const MIN_CORRECTED_LENGTH = 4;
/** How near (pg_trgm similarity) a known word must be to stand in for a misspelt one, and how many may. */
const MIN_SIMILARITY = 0.4;
const MAX_ALTERNATIVES = 3;

/** Quotes and minus signs are websearch syntax ("phrase", -exclude): such searches are taken exactly as typed. */
const usesSyntax = (words: string) => /["]|(^|\s)-\S/.test(words);

/**
 * The words as a tsquery that tolerates typos: every word, or (if it is not a word any service
 * uses) up to three known words like it, must match. Built in SQL from directory_search_words.
 */
const fuzzyQuery = sql`(
  select to_tsquery('english', coalesce(string_agg(alternatives, ' & '), ''))
  from (
    select '(' || string_agg(distinct word, ' | ') || ')' as alternatives
    from (
      select w, w as word from query_words
      union all
      select q.w, near.word from query_words q
      cross join lateral (
        select v.word from directory_search_words v
        where length(q.w) >= ${MIN_CORRECTED_LENGTH}
          and not exists (select 1 from directory_search_words known where known.word = q.w)
          and v.word % q.w and similarity(v.word, q.w) >= ${MIN_SIMILARITY}
        order by similarity(v.word, q.w) desc, v.word
        limit ${MAX_ALTERNATIVES}
      ) near
    ) a
    group by w
  ) g)`;

/**
 * The words as two tsqueries (as text): exactly as typed (websearch syntax), and that or the
 * typo-tolerant form. Worked out first, so the search itself plans with constant queries.
 */
async function tsQueries(
  db: Kysely<DB>,
  words: string,
  alternatives: readonly string[] = [],
): Promise<{ exact: string; any: string }> {
  const exact = sql`websearch_to_tsquery('english', ${words})`;
  const synonyms = alternatives.map((alternative) => sql` || websearch_to_tsquery('english', ${alternative})`);
  const { rows } = await sql<{ exact: string; any: string }>`
    with query_words as (
      select distinct w from regexp_split_to_table(lower(${words}), '[^[:alnum:]]+') as w where w <> ''
    )
    select ${exact}::text as exact, ${usesSyntax(words) ? exact : sql`(${exact} || ${fuzzyQuery}${sql.join(synonyms, sql``)})`}::text as any`.execute(
    db,
  );
  return rows[0] ?? { exact: '', any: '' };
}

/** A search with its words worked out as tsqueries. */
type PreparedQuery = Omit<ListingQuery, 'words'> & { tsQuery?: { exact: string; any: string } };

function conditions(q: PreparedQuery): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`l.status = 'active'`];
  if (!q.includeProfessionalsOnly) where.push(sql`not l.professionals_only`);
  if (q.tsQuery) where.push(sql`l.search @@ ${q.tsQuery.any}::tsquery`);
  if (q.termIds?.length) where.push(sql`l.term_ids && ${sql.val(q.termIds)}::uuid[]`);
  if (q.levels?.length) where.push(sql`l.levels && ${sql.val(q.levels)}::integer[]`);
  if (q.age !== undefined)
    where.push(sql`coalesce(l.min_age, 0) <= ${q.age}::integer and coalesce(l.max_age, 999) >= ${q.age}::integer`);
  if (q.districts?.length) where.push(sql`(l.countywide or l.districts && ${sql.val(q.districts)}::text[])`);
  if (q.freeOnly) where.push(sql`l.is_free`);
  if (q.delivery?.length) where.push(sql`l.delivery && ${sql.val(q.delivery)}::text[]`);
  return where;
}

/** Exact matches outrank corrected ones: an exact match scores on both queries. */
const rankOf = (q: PreparedQuery) =>
  q.tsQuery
    ? sql`(ts_rank(l.search, ${q.tsQuery.exact}::tsquery) + ts_rank(l.search, ${q.tsQuery.any}::tsquery))::float8`
    : sql`0::float8`;

/** Nearest first when there is a point; else best match when there are words; else by name. Output column names. */
function orderOf(q: PreparedQuery) {
  if (q.origin) return sql`nearness asc nulls last, rank desc, name, service_id`;
  if (q.tsQuery) return sql`rank desc, name, service_id`;
  return sql`name, service_id`;
}

/**
 * Squared distance on a flat map around the point (degrees of latitude): for ordering only, it
 * ranks places as the great-circle distance does at the scale of a county, at a fraction of the cost.
 */
const nearness = (p: Point, alias: string) => {
  const a = sql.raw(alias);
  return sql`(power(${a}.search_latitude - ${p.latitude}::float8, 2) + power((${a}.search_longitude - ${p.longitude}::float8) * ${Math.cos((p.latitude * Math.PI) / 180)}::float8, 2))`;
};

/** Great-circle distance in metres (haversine), for the few places shown. */
const metresFrom = (p: Point, alias: string) => {
  const a = sql.raw(alias);
  return sql`(2 * ${EARTH_RADIUS_METRES}::float8 * asin(least(1, sqrt(
    power(sin(radians(${a}.search_latitude - ${p.latitude}::float8) / 2), 2)
    + cos(radians(${p.latitude}::float8)) * cos(radians(${a}.search_latitude))
      * power(sin(radians(${a}.search_longitude - ${p.longitude}::float8) / 2), 2)))))`;
};

/** The services matching every filter: a CTE every search shares. */
function matched(q: PreparedQuery) {
  return sql`matched as (
    select l.service_id, l.name, ${rankOf(q)} as rank
    from directory_listings l
    where ${sql.join(conditions(q), sql` and `)}
  )`;
}

/** One page of matching services in order, each row carrying the total number matched. */
export async function searchListings(
  db: Kysely<DB>,
  query: ListingQuery,
): Promise<{ rows: ListingRow[]; total: number }> {
  const { words, alternatives, ...rest } = query;
  const q: PreparedQuery = {
    ...rest,
    tsQuery: words?.trim() ? await tsQueries(db, words.trim(), alternatives) : undefined,
  };
  const o = q.origin;
  const { rows } = await sql<ListingRow>`
    with ${matched(q)},
    ${
      o
        ? sql`nearest as (
      select ll.service_id, min(${nearness(o, 'll')}) as nearness
      from directory_listing_locations ll
      where ll.search_latitude is not null and ll.service_id in (select service_id from matched)
      group by ll.service_id
    ),`
        : sql``
    }
    page as (
      select m.service_id, m.name, m.rank, ${o ? sql`n.nearness` : sql`null::float8 as nearness`}, count(*) over () as total
      from matched m ${o ? sql`left join nearest n on n.service_id = m.service_id` : sql``}
      order by ${orderOf(q)}
      limit ${q.limit} offset ${q.offset}
    )
    select p.service_id, l.name, l.description, o.name as organisation_name, l.levels, l.min_age, l.max_age, l.is_free,
      l.delivery, l.professionals_only, l.last_checked_at, v.content, p.rank, p.nearness, p.total,
      ${o ? sql`place.distance, place.location_id as nearest_location_id` : sql`null::float8 as distance, null::uuid as nearest_location_id`}
    from page p
    join directory_listings l on l.service_id = p.service_id
    join organisations o on o.id = l.organisation_id
    join directory_service_versions v on v.id = l.version_id
    ${
      o
        ? sql`left join lateral (
      select x.location_id, ${metresFrom(o, 'x')} as distance from directory_listing_locations x
      where x.service_id = p.service_id and x.search_latitude is not null
      order by ${nearness(o, 'x')} limit 1
    ) place on true`
        : sql``
    }
    order by ${orderOf(q)}`.execute(db);
  if (rows.length > 0) return { rows, total: Number(rows[0]!.total) };
  if (q.offset === 0) return { rows, total: 0 };
  // Past the end: the page is empty, so count on its own.
  const counted = await sql<{ total: number }>`with ${matched(q)} select count(*) as total from matched`.execute(db);
  return { rows, total: Number(counted.rows[0]?.total ?? 0) };
}
