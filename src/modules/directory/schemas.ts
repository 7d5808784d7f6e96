import { pageField } from '../../platform/views/pagination.ts';
import { z } from 'zod';
import { DELIVERY_MODES } from './content.ts';
import { parsePostcode } from './postcodes.ts';
import { MAX_PAGE, SEARCH_MESSAGES, type DirectoryOptions, type DirectorySearch } from './types.ts';

/** Checkboxes send nothing, one value or several: always a list here. */
const list = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(inner));
/** A single field sent twice (by a hand-made address) counts as its first value. */
const single = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (Array.isArray(v) ? v[0] : (v ?? '')), inner);
/** z.enum of values known only at run time (from the tenant file). */
const oneOf = (values: readonly string[], message: string) => z.string().refine((v) => values.includes(v), { message });

/**
 * The search page's query string (GET /services): one schema, built from the tenant's categories,
 * levels and areas so unknown values get a message rather than an empty page. `area` is a district
 * or quadrant code.
 */
export function searchQuerySchema(options: DirectoryOptions) {
  const areas = [...options.districts.map((d) => d.code), ...options.quadrants.map((q) => q.code)];
  return z.object({
    q: single(z.string({ error: SEARCH_MESSAGES.words }).trim().max(200, SEARCH_MESSAGES.words)),
    category: list(
      oneOf(
        options.categories.map((c) => c.code),
        SEARCH_MESSAGES.category,
      ),
    ),
    level: list(
      oneOf(
        options.levels.map((l) => String(l.level)),
        SEARCH_MESSAGES.level,
      ),
    ),
    age: single(
      z
        .string({ error: SEARCH_MESSAGES.ageFormat })
        .trim()
        .regex(/^(\d{1,3})?$/, SEARCH_MESSAGES.ageFormat)
        .refine((v) => v === '' || Number(v) <= 25, SEARCH_MESSAGES.ageRange),
    ),
    area: single(
      z.string({ error: SEARCH_MESSAGES.area }).refine((v) => v === '' || areas.includes(v), SEARCH_MESSAGES.area),
    ),
    free: single(
      z.string({ error: SEARCH_MESSAGES.free }).refine((v) => v === '' || v === 'yes', SEARCH_MESSAGES.free),
    ),
    delivery: list(oneOf(DELIVERY_MODES, SEARCH_MESSAGES.delivery)),
    postcode: single(
      z
        .string({ error: SEARCH_MESSAGES.postcodeFormat })
        .trim()
        .max(20, SEARCH_MESSAGES.postcodeFormat)
        .refine((v) => v === '' || parsePostcode(v) !== null, SEARCH_MESSAGES.postcodeFormat),
    ),
    page: single(pageField(MAX_PAGE)),
  });
}

export type SearchQuery = z.infer<ReturnType<typeof searchQuerySchema>>;

/** The form's values as the directory's search. */
export function toDirectorySearch(query: SearchQuery, options: DirectoryOptions): DirectorySearch {
  const quadrant = options.quadrants.find((q) => q.code === query.area);
  const district = options.districts.find((d) => d.code === query.area);
  return {
    words: query.q || undefined,
    categories: query.category,
    levels: query.level.map(Number),
    age: query.age === '' ? undefined : Number(query.age),
    districts: district ? [district.code] : undefined,
    quadrant: quadrant && !district ? quadrant.code : undefined,
    freeOnly: query.free === 'yes',
    delivery: query.delivery,
    postcode: query.postcode || undefined,
    page: query.page,
  };
}
