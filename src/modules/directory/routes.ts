import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import type { ReferenceService } from '../reference/index.ts';
import { filterItems, pagination, resultView, searchQueryString, serviceView } from './present.ts';
import { searchQuerySchema, toDirectorySearch, type SearchQuery } from './schemas.ts';
import { DirectorySearchError, shorten, type DirectoryService } from './service.ts';
import type { DirectorySearchResult } from './types.ts';

const V = 'directory/views';
const PAGE_TITLE = 'Find a service';

/**
 * The public Directory of Services: search (GET /services) and a service's page (GET /services/:id).
 * No sign-in needed; signed-in practitioners also see services marked for professionals only.
 * Both are plain GET pages: filters are a form, so everything works without JavaScript.
 */
export async function directoryRoutes(
  app: FastifyInstance,
  { directory, reference }: { directory: DirectoryService; reference: ReferenceService },
) {
  // The authority's short name ("Essex") and Hub name come from the tenant file: read once.
  let authority: Promise<{ shortName: string; hubName: string }> | undefined;
  const authorityNames = () =>
    (authority ??= reference.localAuthority().then((la) => ({
      shortName: la?.short_name ?? 'the area',
      hubName: la?.hub_name ?? 'the Children and Families Hub',
    })));

  app.get(
    '/services',
    { config: { access: { public: 'the Directory of Services is open to everyone' } } },
    async (request, reply) => {
      const [options, names] = await Promise.all([directory.options(), authorityNames()]);
      const form = parseForm(searchQuerySchema(options), request.query);
      const values = form.values as Partial<Record<keyof SearchQuery, unknown>>;
      const render = (
        status: number,
        extra: { errors?: FormErrors; result?: DirectorySearchResult; query?: SearchQuery },
      ) => {
        const result = extra.result;
        const query = extra.query ? searchQueryString(extra.query) : '';
        return reply.render(
          `${V}/search.njk`,
          {
            pageTitle: PAGE_TITLE,
            errors: extra.errors,
            values: { ...values, q: first(values.q), age: first(values.age), postcode: first(values.postcode) },
            filters: filterItems(options, values),
            authority: names.shortName,
            result: result && {
              ...result,
              services: result.services.map((s) => resultView(s, options, names.shortName)),
              pagination: pagination(result, query),
              firstShown: result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1,
              lastShown: (result.page - 1) * result.pageSize + result.services.length,
            },
          },
          status,
        );
      };
      if (!form.ok) return render(400, { errors: withPageOnResults(form.errors) });
      try {
        const search = toDirectorySearch(form.data, options);
        const result = await directory.search(search, request.user);
        // Counted for "searches with no results" (issue 14): one insert, not waited for.
        void directory.noteSearch(search, result.total);
        return render(200, { result, query: form.data });
      } catch (error) {
        if (!(error instanceof DirectorySearchError)) throw error;
        return render(400, {
          errors: withPageOnResults(formError(error.field === 'words' ? 'q' : error.field, error.message)),
        });
      }
    },
  );

  app.get(
    '/services/:id',
    { config: { access: { public: 'the Directory of Services is open to everyone' } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const service = await directory.publicService(id, request.user);
      if (!service) throw notFound();
      const [options, names] = await Promise.all([directory.options(), authorityNames()]);
      return reply.render(`${V}/service.njk`, {
        pageTitle: service.content.name,
        // A public service page is for search engines too: a parent searching the web finds it.
        metaDescription: shorten(service.content.description.replace(/\s+/g, ' '), 160),
        indexable: !service.content.professionalsOnly,
        service: serviceView(service, options, names.shortName),
        hubName: names.hubName,
        backHref: backToSearch(request.headers.referer, request.headers.host),
      });
    },
  );
}

/** Back to the search the person came from (same site only), else to a new search. */
function backToSearch(referer: string | undefined, host: string | undefined): string {
  if (!referer || !host) return '/services';
  try {
    const url = new URL(referer);
    const sameSite = url.host === new URL(`${url.protocol}//${host}`).host;
    return sameSite && url.pathname === '/services' ? `${url.pathname}${url.search}` : '/services';
  } catch {
    return '/services';
  }
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The page number has no field of its own: its message links to the results. */
function withPageOnResults(errors: FormErrors): FormErrors {
  return { ...errors, list: errors.list.map((e) => (e.href === '#page' ? { ...e, href: '#results' } : e)) };
}
