import { z } from 'zod';
import { FetchFailure, getJson, type FetchOptions } from './fetch.ts';

// The safe fetch is in fetch.ts and the mapping of a service in oruk-mapping.ts;
// service.ts reaches both through this file.
export { DEFAULT_FETCH_OPTIONS, type FetchOptions } from './fetch.ts';
export { fromOruk, type ImportDefaults, type Mapped, type OrukImportContext } from './oruk-mapping.ts';

/**
 * Reading another council's Open Referral UK 3.0 API: its base address, and all its services
 * (fetchOrukServices) through the safe fetch of fetch.ts.
 */

/** A problem the person importing can fix (the address, the form): shown on the form. */
export class TransferError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

// ---- The address ----

/**
 * The API's base address, as the key its services are remembered by: http or https only, no user
 * name or password, no query, no trailing slash, host in lower case.
 */
export function normaliseSourceUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new TransferError('url', 'Enter the API’s full web address, like https://example.org/api/oruk');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TransferError('url', 'Enter a web address that starts with https:// or http://');
  if (url.username || url.password) throw new TransferError('url', 'Enter the address without a user name or password');
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/services$/, '') || '';
  return url;
}

export const sourceKey = (url: URL) => `${url.origin}${url.pathname.replace(/\/+$/, '')}`;

const envelopeSchema = z.looseObject({
  total_items: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  total_pages: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  contents: z.array(
    z.looseObject({
      id: z.union([z.string().min(1).max(200), z.number().min(0).max(Number.MAX_SAFE_INTEGER)]),
      name: z.unknown().optional(),
    }),
  ),
});

export interface FetchedService {
  externalId: string;
  name: string;
  /** The full service, or why it could not be fetched. */
  result: { ok: true; service: unknown } | { ok: false; reason: string };
}

const servicesUrl = (base: URL, path = '') => new URL(`${base.origin}${base.pathname}/services${path}`);

/**
 * Every service the API lists: pages through GET /services following total_pages, then fetches
 * each full service from GET /services/{id}. Throws TransferError when the API cannot be read at
 * all; a service that cannot be fetched comes back with its reason.
 */
export async function fetchOrukServices(base: URL, options: FetchOptions): Promise<FetchedService[]> {
  const listed = new Map<string, string>();
  let totalPages = 1;
  for (let pageNumber = 1; pageNumber <= totalPages; pageNumber++) {
    const url = servicesUrl(base);
    url.searchParams.set('page', String(pageNumber));
    url.searchParams.set('per_page', String(options.perPage));
    let body: unknown;
    try {
      body = await getJson(url, options);
    } catch (error) {
      if (error instanceof FetchFailure) throw new TransferError('url', error.message);
      throw error;
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) {
      throw new TransferError(
        'url',
        `The answer to ${url.pathname} (page ${pageNumber}) is not an Open Referral UK list of services: check this is the API’s base address, like https://example.org/api/oruk`,
      );
    }
    if (pageNumber === 1) {
      if (envelope.data.total_items > options.maxServices) {
        throw new TransferError(
          'url',
          `The API lists ${envelope.data.total_items.toLocaleString('en-GB')} services; Hearth imports at most ${options.maxServices.toLocaleString('en-GB')} at a time`,
        );
      }
      totalPages = envelope.data.total_pages;
      if (totalPages > options.maxPages)
        throw new TransferError(
          'url',
          `The API has ${totalPages} pages of services; Hearth reads at most ${options.maxPages}`,
        );
    }
    for (const item of envelope.data.contents)
      listed.set(String(item.id), typeof item.name === 'string' ? item.name : '');
    if (listed.size > options.maxServices)
      throw new TransferError(
        'url',
        `The API lists more than ${options.maxServices.toLocaleString('en-GB')} services; Hearth imports at most that many at a time`,
      );
    if (envelope.data.contents.length === 0) break;
  }
  const entries = [...listed];
  const results: FetchedService[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const [externalId, name] = entries[index]!;
      try {
        const service = await getJson(servicesUrl(base, `/${encodeURIComponent(externalId)}`), options);
        results[index] = { externalId, name, result: { ok: true, service } };
      } catch (error) {
        if (!(error instanceof FetchFailure)) throw error;
        results[index] = {
          externalId,
          name,
          result: { ok: false, reason: `Its full record could not be fetched. ${error.message}` },
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, entries.length) }, worker));
  return results;
}
