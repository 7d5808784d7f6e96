import { sql, type Kysely } from 'kysely';
import { newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator } from '../../platform/indicators/computed.ts';
import { computedIndicator, instantIn } from '../../platform/indicators/counting.ts';
import { CATEGORY_TAXONOMY } from './taxonomy.ts';
import type { DirectorySearch } from './types.ts';

/**
 * The public search's record of itself (issue 14: "directory searches with no results"): one row per search a person
 * ran, privacy first. It keeps the filters chosen from the page's own lists and whether words or a postcode were
 * given, never the words or the postcode (a parent may type a child's name or their address).
 */

/** Whether the search asked for anything: the bare page, listing every service, is not a search. */
export function isSearch(query: DirectorySearch): boolean {
  return Boolean(
    query.words?.trim() ||
    query.categories?.length ||
    query.levels?.length ||
    query.age !== undefined ||
    query.districts?.length ||
    query.quadrant ||
    query.freeOnly ||
    query.delivery?.length ||
    query.postcode?.trim(),
  );
}

/** One insert; the caller does not wait for it, and a failure to record never fails the search. */
export async function recordSearchEvent(db: Kysely<DB>, query: DirectorySearch, results: number): Promise<void> {
  if (!isSearch(query) || (query.page ?? 1) !== 1) return;
  await db
    .insertInto('directory_search_events')
    .values({
      id: newId(),
      results,
      categories: query.categories ?? [],
      districts: query.districts ?? [],
      quadrant: query.quadrant ?? null,
      levels: query.levels ?? [],
      with_words: Boolean(query.words?.trim()),
      with_postcode: Boolean(query.postcode?.trim()),
    })
    .execute()
    .then(
      () => undefined,
      () => undefined,
    );
}

/** A search's one filter of a kind, 'several', or 'none' when it chose none. */
const single = (column: string, none: string, several: string) => ({
  key: sql`case cardinality(${sql.ref(column)}) when 0 then 'none' when 1 then ${sql.ref(column)}[1] else 'several' end`,
  none,
  several,
});

const category = single('e.categories', 'No category chosen', 'More than one category');
const district = single('e.districts', 'No district chosen', 'More than one district');

export const directoryIndicators: readonly ComputedIndicator[] = [
  computedIndicator({
    key: 'directory.searches-no-results',
    version: 1,
    name: 'Directory searches with no results',
    unit: 'percentage',
    polarity: 'lower-is-better',
    howCounted:
      'Of the searches people ran on the public Directory of Services ("Find a service"), the share that found no service at all. A search is counted once, when its first page of results is shown (turning to the next page is not a new search); opening the page without asking for anything is not a search. A search belongs to the period in which it was run (days in England). The numerator is the number of searches that found nothing. Hearth keeps only the filters chosen from the page’s lists, never the words or the postcode typed, so the breakdowns are by the category chosen and by the district chosen (a search with more than one, or none, is shown as such); a search by quadrant alone counts under "No district chosen".',
    measure: 'percentage',
    breakdowns: { category: { labelColumn: true }, district: { labelColumn: true } },
    params: { load: () => Promise.resolve(null), example: null },
    source: (_db, period) => sql`select e.results = 0 as hit,
        ${category.key} as b_category,
        case ${category.key} when 'none' then ${category.none} when 'several' then ${category.several}
          else coalesce(gt.name, e.categories[1]) end as l_category,
        ${district.key} as b_district,
        case ${district.key} when 'none' then ${district.none} when 'several' then ${district.several}
          else coalesce(gd.name, e.districts[1]) end as l_district
      from directory_search_events e
      left join directory_taxonomies gx on gx.code = ${CATEGORY_TAXONOMY}
      left join directory_taxonomy_terms gt on gt.taxonomy_id = gx.id and gt.code = e.categories[1]
      left join districts gd on gd.code = e.districts[1]
      where ${instantIn('e.searched_at', period)}`,
  }),
];
