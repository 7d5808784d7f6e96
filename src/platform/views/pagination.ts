import { z } from 'zod';

/**
 * Paged lists, one way (the Hub queue, police notifications, consultations, users, the directory search): the `page`
 * query parameter read safely, the rows to fetch, and the GOV.UK pagination component's items. The audit trail pages
 * by its chain's sequence instead ("Older events"), as new events arrive at its head while someone reads it.
 */

/** The highest page anyone is let ask for: far past any list, low enough that an offset stays cheap. */
export const MAX_PAGE = 10_000;

export const pageMessage = (max: number) => `Page must be a whole number from 1 to ${max.toLocaleString('en-GB')}`;

/** The `page` field of a list's filter form: absent or empty is page 1; anything else not 1 to `max` is a problem. */
export const pageField = (max = MAX_PAGE) =>
  z.preprocess(
    (value) => (value === undefined ? '' : value),
    z
      .string({ error: pageMessage(max) })
      .trim()
      .regex(/^\d{0,6}$/, pageMessage(max))
      .transform((value) => (value === '' ? 1 : Number(value)))
      .pipe(z.number().min(1, pageMessage(max)).max(max, pageMessage(max))),
  );

/** The page asked for, on a list with no filter form to show a problem on: anything but 1 to `max` is page 1. */
export const pageNumber = (value: unknown, max = MAX_PAGE): number => pageField(max).catch(1).parse(value);

/** The rows of one page: `limit` and `offset` for the query. */
export const pageWindow = (page: number, size: number) => ({ limit: size, offset: (page - 1) * size });

/** How many pages `total` rows make (at least one, so "page 1 of 1" holds for an empty list). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

export type PaginationItem = { number: number; href: string; current: boolean } | { ellipsis: true };
export interface Pagination {
  items: PaginationItem[];
  previous?: { href: string };
  next?: { href: string };
}

/**
 * govukPagination's parameters for page `page` of `pages`: the first and last pages and those either side of this
 * one, with ellipses between, as the design system recommends. Null when there is one page (no pagination shown).
 */
export function pagination(page: number, pages: number, href: (page: number) => string): Pagination | null {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  for (const [i, number] of shown.entries()) {
    if (i > 0 && number - shown[i - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page });
  }
  return {
    items,
    ...(page > 1 ? { previous: { href: href(Math.min(page, pages + 1) - 1) } } : {}),
    ...(page < pages ? { next: { href: href(page + 1) } } : {}),
  };
}

/** A page link keeping the list's other query parameters: `pageHref('/hub', params)(3)` is '/hub?status=new&page=3'. */
export const pageHref =
  (path: string, params: URLSearchParams | [string, string][] = []) =>
  (page: number) =>
    `${path}?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
