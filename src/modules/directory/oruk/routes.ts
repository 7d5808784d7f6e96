import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpProblem } from '../../../platform/http/errors.ts';
import type { LocationFilters, OrukRepository, Paging } from './repository.ts';
import * as oruk from './mapping.ts';

/**
 * The Open Referral UK 3.0 API at /api/oruk: open, read-only, JSON. Every query string is
 * checked by one zod schema per endpoint; bad input is a 400 `{status, title, detail}`, an
 * unknown id a 404, never a 500. CORS is open for reads here and nowhere else.
 */

export const PREFIX = '/api/oruk';
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;
export const MAX_PAGE = 10_000;
const OPENAPI_FILE = new URL('./openapi.json', import.meta.url);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES: Record<string, (typeof DAYS)[number]> = {
  MONDAY: 'MO',
  TUESDAY: 'TU',
  WEDNESDAY: 'WE',
  THURSDAY: 'TH',
  FRIDAY: 'FR',
  SATURDAY: 'SA',
  SUNDAY: 'SU',
};

// ---- Query parameters: each arrives as one string (a repeated parameter is an array: refused).

const once = (name: string) => z.string({ error: `Give ${name} once.` });
const checked = (name: string, test: (value: string) => boolean, message: string) =>
  once(name).refine(test, { error: `${name} ${message}` });

const wholeNumber = (name: string, min: number, max: number) =>
  checked(
    name,
    (v) => /^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max,
    `must be a whole number from ${min} to ${max}.`,
  ).transform(Number);
const decimal = (name: string, max: number) =>
  checked(
    name,
    (v) => /^\d{1,6}(\.\d{1,6})?$/.test(v) && Number(v) <= max,
    `must be a number from 0 to ${max}.`,
  ).transform(Number);
const bool = (name: string) =>
  checked(name, (v) => v === 'true' || v === 'false', 'must be true or false.').transform((v) => v === 'true');
const uuid = (name: string) =>
  checked(name, (v) => UUID.test(v), 'must be a UUID, like 3f7b145d-84af-42d7-8fae-eaca714b02b2.').transform((v) =>
    v.toLowerCase(),
  );
const time = (name: string) =>
  checked(name, (v) => /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(v), 'must be a time like 09:30 or 09:30:00.');
const day = once('day')
  .transform((v) => v.trim().toUpperCase())
  .transform((v) => DAY_NAMES[v] ?? v)
  .refine((v): v is (typeof DAYS)[number] => (DAYS as readonly string[]).includes(v), {
    error: `day must be one of ${DAYS.join(', ')} (or a day's name, like Monday).`,
  });
const search = once('search')
  .transform((v) => v.trim())
  .refine((v) => v.length <= 200, { error: 'search must be 200 characters or fewer.' })
  .transform((v) => v || undefined);

/** ISO 8601 date or date-time; without an offset it is UTC. A '+' sent unencoded arrives as a space. */
const dateTime = once('modified_after').transform((raw, ctx) => {
  const value = raw
    .trim()
    .replace(/ (\d\d:?\d\d)$/, '+$1')
    .replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const isDateTime = z.iso.datetime({ offset: true, local: true }).safeParse(value).success;
  const isDate = z.iso.date().safeParse(value).success;
  const date = isDateTime
    ? new Date(/([zZ]|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`)
    : isDate
      ? new Date(value)
      : undefined;
  if (date && !Number.isNaN(date.getTime())) return date;
  ctx.addIssue({
    code: 'custom',
    message: 'modified_after must be an ISO 8601 date or date-time, like 2024-06-01 or 2024-06-01T09:30:00Z.',
  });
  return z.NEVER;
});

/** A UK postcode ('CM1 1AA', any case or spacing) or just its outward code ('CM1'). */
const postcode = once('postcode').transform((raw, ctx) => {
  const match = /^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})?$/.exec(raw.trim().toUpperCase());
  if (match?.[1]) return { outward: match[1], inward: match[2] };
  ctx.addIssue({
    code: 'custom',
    message: 'postcode must be a UK postcode, like CM1 1QH, or the first part of one, like CM1.',
  });
  return z.NEVER;
});

/** The standard sets no maximum for per_page: more than Hearth's is served at its maximum, not refused. */
const perPage = checked(
  'per_page',
  (v) => /^\d{1,9}$/.test(v) && Number(v) >= 1,
  'must be a whole number from 1.',
).transform((v) => Math.min(Number(v), MAX_PER_PAGE));
/** The standard's `format`: json (the default) is the only one Hearth serves. */
const format = once('format')
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => v === 'json', { error: 'format must be json: Hearth serves JSON only (ndjson is not offered).' });
const common = { format: format.optional() };
const paging = {
  ...common,
  page: wholeNumber('page', 1, MAX_PAGE).optional(),
  per_page: perPage.optional(),
};
const serviceFilters = {
  search: search.optional(),
  ...paging,
  taxonomy_term_id: uuid('taxonomy_term_id').optional(),
  taxonomy_id: uuid('taxonomy_id').optional(),
  organization_id: uuid('organization_id').optional(),
  modified_after: dateTime.optional(),
  minimum_age: decimal('minimum_age', 150).optional(),
  maximum_age: decimal('maximum_age', 150).optional(),
  start_time: time('start_time').optional(),
  end_time: time('end_time').optional(),
  day: day.optional(),
};

export const querySchemas = {
  apiDetails: z.strictObject(common),
  openapi: z.strictObject(common),
  services: z
    .strictObject({ ...serviceFilters, minimal: bool('minimal').optional(), full: bool('full').optional() })
    .refine((q) => !(q.minimal && q.full), { error: 'Ask for minimal=true or full=true, not both.' }),
  service: z.strictObject(common),
  taxonomies: z.strictObject(paging),
  taxonomy: z.strictObject(common),
  taxonomyTerms: z.strictObject({ ...paging, taxonomy_id: uuid('taxonomy_id').optional() }),
  taxonomyTerm: z.strictObject(common),
  organizations: z.strictObject(paging),
  organization: z.strictObject({ ...common, full_service: bool('full_service').optional() }),
  serviceAtLocations: z
    .strictObject({
      ...serviceFilters,
      postcode: postcode.optional(),
      proximity: decimal('proximity', 200_000).optional(),
    })
    .refine((q) => q.proximity === undefined || q.postcode !== undefined, {
      error: 'proximity needs a postcode to measure from.',
    }),
  serviceAtLocation: z.strictObject(common),
};
const idParams = z.object({ id: uuid('The id in the address') });

const badRequest = (detail: string) => new HttpProblem(400, 'Bad request', detail);
const notFound = (what: string, id: string) =>
  new HttpProblem(404, 'Not found', `There is no ${what} with the id ${id}.`);

/** What is wrong with a query string or path, in words for the `detail` of a 400. */
function problems(schema: z.ZodType, result: z.ZodSafeParseResult<unknown>): string[] {
  if (result.success) return [];
  const accepted = 'shape' in schema ? Object.keys((schema as unknown as z.ZodObject).shape) : [];
  return result.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `Unknown query parameter${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}. ` +
        (accepted.length ? `This endpoint accepts ${accepted.join(', ')}.` : 'This endpoint takes no query parameters.')
      : issue.message,
  );
}

/** Parses the query string (and the id in the path, when given), or refuses the request with every problem found. */
function parse<S extends z.ZodType>(schema: S, request: FastifyRequest): z.output<S>;
function parse<S extends z.ZodType>(schema: S, request: FastifyRequest, withId: true): z.output<S> & { id: string };
function parse<S extends z.ZodType>(schema: S, request: FastifyRequest, withId = false) {
  const query = schema.safeParse(request.query ?? {});
  const path = withId ? idParams.safeParse(request.params) : undefined;
  const found = [...(path ? problems(idParams, path) : []), ...problems(schema, query)];
  if (found.length > 0 || !query.success) throw badRequest(found.join(' '));
  return path?.success ? { ...(query.data as object), id: path.data.id } : query.data;
}

const pagingOf = (q: { page?: number; per_page?: number }, perPage = DEFAULT_PER_PAGE): Paging => ({
  page: q.page ?? 1,
  perPage: q.per_page ?? perPage,
});

/** The standard's OpenAPI document, pointing at this deployment, with Hearth's paging limits written in. */
async function openapiDocument(publicUrl: string) {
  const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
  document.servers = [{ url: `${publicUrl.replace(/\/$/, '')}${PREFIX}`, description: 'Hearth Directory of Services' }];
  const parameters = document.components.parameters;
  parameters.page.schema = { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 };
  parameters.per_page.schema = { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE };
  parameters.per_page.description += ` Hearth serves at most ${MAX_PER_PAGE} (a larger value is served as ${MAX_PER_PAGE}); ${DEFAULT_PER_PAGE} when not given (${MAX_PER_PAGE} with minimal=true).`;
  parameters.format.description = 'Return results in the specified format. Hearth serves `json` only.';
  parameters.format.schema = { type: 'string', enum: ['json'], default: 'json' };
  // Parameters the server accepts that the standard's document leaves off these paths.
  const add = (path: string, names: string[]) => {
    const operation = document.paths[path].get;
    const present = new Set(operation.parameters.map((p: { $ref: string }) => p.$ref));
    for (const name of names) {
      const ref = `#/components/parameters/${name}`;
      if (!present.has(ref)) operation.parameters.push({ $ref: ref });
    }
  };
  const everywhere = ['format'];
  for (const path of Object.keys(document.paths)) {
    document.paths[path].get.parameters ??= [];
    add(path, everywhere);
  }
  add('/services', ['organization_id', 'modified_after', 'minimal', 'full']);
  add('/service_at_locations', ['organization_id', 'modified_after']);
  add('/taxonomy_terms', ['taxonomy_id']);
  return document;
}

export async function orukApiRoutes(
  app: FastifyInstance,
  { oruk: repository, publicUrl }: { oruk: OrukRepository; publicUrl: string },
) {
  const openapi = await openapiDocument(publicUrl);
  const apiDetails = {
    version: oruk.ORUK_VERSION,
    profile: oruk.ORUK_PROFILE_URL,
    openapi_url: `${openapi.servers[0].url}/openapi.json`,
  };

  await app.register(
    async (api) => {
      // Open data: any site may read it. Only reads; nothing here accepts a write.
      api.addHook('onRequest', async (request, reply) => {
        if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
        reply.header('Access-Control-Allow-Origin', '*');
        reply.header('Cross-Origin-Resource-Policy', 'cross-origin');
      });
      const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
        const requested = request.headers['access-control-request-headers'];
        reply.header('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
        if (requested) reply.header('Access-Control-Allow-Headers', requested);
        reply.header('Access-Control-Max-Age', '86400');
        return reply.code(204).send();
      };
      const open = { config: { access: { public: 'Open Referral UK: the directory as open data' } } } as const;
      api.options('/', open, preflight);
      api.options('/*', open, preflight);
      api.setNotFoundHandler((request, reply) =>
        reply
          .code(404)
          .type('application/json')
          .send({
            status: 404,
            title: 'Not found',
            detail: `There is no ${request.method} ${request.url.split('?')[0]} in this API. See ${PREFIX}/openapi.json.`,
          }),
      );

      api.get('/', open, async (request) => {
        parse(querySchemas.apiDetails, request);
        return apiDetails;
      });

      api.get('/openapi.json', open, async (request) => {
        parse(querySchemas.openapi, request);
        return openapi;
      });

      api.get('/services', open, async (request) => {
        const q = parse(querySchemas.services, request);
        const paged = pagingOf(q, q.minimal ? MAX_PER_PAGE : DEFAULT_PER_PAGE);
        const { rows, total } = await repository.services(filtersOf(q), paged);
        const context = q.full ? await repository.context() : undefined;
        const contents = rows.map((row) =>
          q.minimal ? oruk.serviceMinimal(row) : context ? oruk.serviceFull(row, context) : oruk.serviceSummary(row),
        );
        return oruk.page(contents, total, paged.page, paged.perPage);
      });

      api.get('/services/:id', open, async (request) => {
        const { id } = parse(querySchemas.service, request, true);
        const row = await repository.service(id);
        if (!row) throw notFound('public service', id);
        return oruk.serviceFull(row, await repository.context());
      });

      api.get('/taxonomies', open, async (request) => {
        const paged = pagingOf(parse(querySchemas.taxonomies, request));
        const { rows, total } = await repository.taxonomies(paged);
        return oruk.page(
          rows.map((row) => oruk.taxonomy(row)),
          total,
          paged.page,
          paged.perPage,
        );
      });

      api.get('/taxonomies/:id', open, async (request) => {
        const { id } = parse(querySchemas.taxonomy, request, true);
        const found = await repository.taxonomy(id);
        if (!found) throw notFound('taxonomy', id);
        return oruk.taxonomy(found.taxonomy, found.terms);
      });

      api.get('/taxonomy_terms', open, async (request) => {
        const q = parse(querySchemas.taxonomyTerms, request);
        const paged = pagingOf(q);
        const { rows, total } = await repository.terms(paged, q.taxonomy_id);
        return oruk.page(rows.map(oruk.taxonomyTerm), total, paged.page, paged.perPage);
      });

      api.get('/taxonomy_terms/:id', open, async (request) => {
        const { id } = parse(querySchemas.taxonomyTerm, request, true);
        const term = await repository.term(id);
        if (!term) throw notFound('taxonomy term', id);
        return oruk.taxonomyTerm(term);
      });

      api.get('/organizations', open, async (request) => {
        const paged = pagingOf(parse(querySchemas.organizations, request));
        const { rows, total } = await repository.organisations(paged);
        return oruk.page(rows.map(oruk.organization), total, paged.page, paged.perPage);
      });

      api.get('/organizations/:id', open, async (request) => {
        const { id, ...q } = parse(querySchemas.organization, request, true);
        const organisation = await repository.organisation(id);
        if (!organisation) throw notFound('organization providing public services', id);
        const services = await repository.servicesOf(id);
        const context = q.full_service ? await repository.context() : undefined;
        return {
          ...oruk.organization(organisation),
          services: services.map((row) =>
            context ? oruk.serviceFull(row, context) : oruk.serviceSummary(row, { withOrganization: false }),
          ),
        };
      });

      api.get('/service_at_locations', open, async (request) => {
        const q = parse(querySchemas.serviceAtLocations, request);
        const filters: LocationFilters = filtersOf(q);
        if (q.postcode) {
          const centre = await repository.postcodeCentre(q.postcode);
          if (!centre)
            throw badRequest(
              `postcode: Hearth does not know where ${[q.postcode.outward, q.postcode.inward].filter(Boolean).join(' ')} is.`,
            );
          filters.near = { ...centre, ...(q.proximity !== undefined ? { proximity: q.proximity } : {}) };
        }
        const paged = pagingOf(q);
        const { rows, total } = await repository.serviceAtLocations(filters, paged);
        const context = await repository.context();
        const contents = rows.map((row) => oruk.serviceAtLocation(row, row.location_id, context, false));
        return oruk.page(contents, total, paged.page, paged.perPage);
      });

      api.get('/service_at_locations/:id', open, async (request) => {
        const { id } = parse(querySchemas.serviceAtLocation, request, true);
        const found = await repository.serviceAtLocation(id);
        if (!found) throw notFound('public service at location', id);
        return oruk.serviceAtLocation(found.row, found.locationId, await repository.context(), true);
      });
    },
    { prefix: PREFIX },
  );
}

function filtersOf(q: z.output<typeof querySchemas.services> | z.output<typeof querySchemas.serviceAtLocations>) {
  return {
    search: q.search,
    taxonomyTermId: q.taxonomy_term_id,
    taxonomyId: q.taxonomy_id,
    organizationId: q.organization_id,
    modifiedAfter: q.modified_after,
    minimumAge: q.minimum_age,
    maximumAge: q.maximum_age,
    day: q.day,
    startTime: q.start_time,
    endTime: q.end_time,
  };
}
