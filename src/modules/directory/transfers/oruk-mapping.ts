import { z } from 'zod';
import { serviceContentSchema, type ACCESS_ROUTES, type DELIVERY_MODES, type ServiceContent } from '../content.ts';
import { DAYS } from '../opening-times.ts';
import { parsePostcode } from '../../../platform/postcodes.ts';
import { plainIssue } from './csv-row.ts';
import { derivedId } from '../taxonomy.ts';

/**
 * One Open Referral UK 3.0 service as a Hearth entry (fromOruk), the inverse of oruk.ts. Rules for
 * what the standard does not say (levels of need, how families get the service…) come from the
 * import form's defaults.
 */

export interface ImportDefaults {
  /** Used when the API's organisation matches none of ours by name. */
  organisationId?: string | undefined;
  levels: number[];
  categories: string[];
  countywide: boolean;
  accessRoute: (typeof ACCESS_ROUTES)[number];
  /** For services with no physical location (those with one are delivered in person). */
  deliveryModes: (typeof DELIVERY_MODES)[number][];
}

/** What a service's words are matched against, and what fills the gaps. */
export interface OrukImportContext {
  source: string;
  authority: { name: string; shortName: string; onsCode: string | null };
  districts: { code: string; name: string; onsCode: string | null }[];
  categories: { code: string; name: string; termId: string }[];
  levels: { level: number; code: string; name: string; termId: string }[];
  organisations: { id: string; name: string }[];
  defaults: ImportDefaults;
}

export type Mapped =
  | { ok: true; externalId: string; name: string; organisationId: string; content: ServiceContent }
  | { ok: false; externalId: string; name: string; reasons: string[] };

const text = z.string().nullish();
const termSchema = z.looseObject({ id: text, name: text, term: text, taxonomy: text });
const scheduleSchema = z.looseObject({
  id: text,
  service_at_location_id: text,
  freq: text,
  byday: text,
  opens_at: text,
  closes_at: text,
  description: text,
});
const orukServiceSchema = z.looseObject({
  id: z.union([z.string().min(1).max(200), z.number().min(0).max(Number.MAX_SAFE_INTEGER)]),
  name: z.string(),
  description: text,
  url: text,
  email: text,
  status: text,
  fees: text,
  minimum_age: z.number().min(-1000).max(1000).nullish(),
  maximum_age: z.number().min(-1000).max(1000).nullish(),
  organization: z.looseObject({ name: text }).nullish(),
  schedules: z.array(scheduleSchema).nullish(),
  service_areas: z.array(z.looseObject({ name: text, service_area: text, uri: text })).nullish(),
  service_at_locations: z
    .array(
      z.looseObject({
        id: text,
        location: z
          .looseObject({
            id: text,
            location_type: text,
            name: text,
            latitude: z.number().min(-1000).max(1000).nullish(),
            longitude: z.number().min(-1000).max(1000).nullish(),
            addresses: z
              .array(z.looseObject({ address_1: text, city: text, postal_code: text, address_type: text }))
              .nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  languages: z.array(z.looseObject({ name: text })).nullish(),
  cost_options: z
    .array(z.looseObject({ option: text, amount: z.number().min(-1e9).max(1e9).nullish(), amount_description: text }))
    .nullish(),
  contacts: z
    .array(
      z.looseObject({ id: text, name: text, title: text, phones: z.array(z.looseObject({ number: text })).nullish() }),
    )
    .nullish(),
  attributes: z.array(z.looseObject({ taxonomy_term_id: text, taxonomy_term: termSchema.nullish() })).nullish(),
});
type OrukService = z.infer<typeof orukServiceSchema>;

const same = (a: string | null | undefined, b: string) =>
  typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
const present = (value: string | null | undefined) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const hhmm = (value: string | null | undefined) =>
  /^([01]\d|2[0-3]):([0-5]\d)(:[0-5]\d(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/
    .exec(value ?? '')
    ?.slice(1, 3)
    .join(':');

/**
 * One ORUK service as a Hearth entry, or the plain reasons it cannot be one. Nested ids are derived
 * from the source and the API's own ids, so the same service imported twice is the same entry.
 */
export function fromOruk(raw: unknown, context: OrukImportContext, listedName = ''): Mapped {
  const externalId = String((raw as { id?: unknown } | null)?.id ?? '');
  const parsed = orukServiceSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name =
      typeof (raw as { name?: unknown } | null)?.name === 'string' ? (raw as { name: string }).name : listedName;
    return {
      ok: false,
      externalId,
      name,
      reasons: [
        `It is not an Open Referral UK service: ${issue.path.join('.') || 'the record'} ${issue.code === 'invalid_type' ? 'has the wrong type' : plainIssue(issue)}`,
      ],
    };
  }
  const s = parsed.data;
  const id = (kind: string, sourceId: string | null | undefined, index: number) =>
    derivedId(`${context.source}|${String(s.id)}`, `${kind}/${sourceId ?? index}`);
  const reasons: string[] = [];

  const organisationName = present(s.organization?.name);
  const organisationId =
    (organisationName && context.organisations.find((o) => same(o.name, organisationName))?.id) ||
    context.defaults.organisationId;
  if (!organisationId) {
    reasons.push(
      organisationName
        ? `Its organisation, “${organisationName}”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form`
        : 'It does not say which organisation runs it: choose an organisation on the import form',
    );
  }

  const terms = (s.attributes ?? []).map((a) => ({
    id: a.taxonomy_term_id ?? a.taxonomy_term?.id,
    names: [a.taxonomy_term?.name, a.taxonomy_term?.term],
  }));
  const matches = (term: (typeof terms)[number], termId: string, ...names: string[]) =>
    term.id === termId || term.names.some((n) => names.some((name) => same(n, name)));
  let levels = context.levels
    .filter((l) => terms.some((t) => matches(t, l.termId, l.name, l.code, `Level ${l.level}`)))
    .map((l) => l.level);
  if (levels.length === 0) levels = context.defaults.levels;
  if (levels.length === 0) reasons.push('It has no level of need Hearth knows, and the import form gave none to use');
  let categories = context.categories
    .filter((c) => terms.some((t) => matches(t, c.termId, c.name, c.code)))
    .map((c) => c.code);
  if (categories.length === 0) categories = context.defaults.categories;
  if (categories.length === 0) reasons.push('It has no category Hearth knows, and the import form gave none to use');

  const { countywide, districts } = coverage(s, context);
  if (!countywide && districts.length === 0)
    reasons.push(
      'It does not say which districts it covers in words Hearth knows: choose “the whole area” on the import form to import such services',
    );

  const locations = places(s, id, reasons);
  const draft = {
    name: s.name.trim(),
    description: present(s.description) ?? '',
    url: present(s.url),
    email: present(s.email),
    status: s.status === 'defunct' ? 'inactive' : (s.status ?? 'active'),
    // Hearth is for children and young people: an upper age past 25 means no upper age for them.
    minimumAge: s.minimum_age ?? undefined,
    maximumAge:
      s.maximum_age !== null && s.maximum_age !== undefined && s.maximum_age <= 25 ? s.maximum_age : undefined,
    ...costs(s),
    accessRoute: context.defaults.accessRoute,
    professionalsOnly: false,
    deliveryModes: locations.length > 0 ? ['in-person'] : context.defaults.deliveryModes,
    levels,
    categories,
    districts,
    countywide,
    languages: (s.languages ?? []).map((l) => present(l.name)).filter((n) => n !== undefined).length
      ? (s.languages ?? []).map((l) => present(l.name)).filter((n) => n !== undefined)
      : ['English'],
    contacts: (s.contacts ?? [])
      .map((c, i) => ({
        id: id('contact', c.id, i),
        name: present(c.name),
        title: present(c.title),
        phone: present(c.phones?.[0]?.number),
      }))
      .filter((c) => c.name || c.title || c.phone),
    locations,
  };
  if (draft.deliveryModes.length === 0)
    reasons.push('It has no physical location, and the import form gave no other way it is delivered');
  if (s.minimum_age !== null && s.minimum_age !== undefined && s.minimum_age > 25)
    reasons.push(`It is for people aged ${s.minimum_age} and over, not children and young people`);
  const content = serviceContentSchema.safeParse(draft);
  if (!content.success) {
    // Gaps already explained above in the import form's words are not repeated.
    const explained = new Set(['levels', 'categories', 'deliveryModes', 'districts']);
    const issues = content.error.issues.filter((issue) => !explained.has(String(issue.path[0])));
    reasons.push(
      ...issues.map((issue) =>
        issue.code === 'custom' ? issue.message : `${subject(issue.path, draft)} ${plainIssue(issue)}`,
      ),
    );
  }
  if (reasons.length > 0 || !content.success)
    return { ok: false, externalId, name: draft.name, reasons: [...new Set(reasons)] };
  return { ok: true, externalId, name: draft.name, organisationId: organisationId!, content: content.data };
}

/** Districts from service areas named (or with the ONS code of) a district; the authority's own name means countywide. */
function coverage(s: OrukService, context: OrukImportContext): { countywide: boolean; districts: string[] } {
  const areas = s.service_areas ?? [];
  const names = (a: (typeof areas)[number]) => [a.name, a.service_area];
  const onsOf = (a: (typeof areas)[number]) => a.uri?.split('/').pop();
  const authority = context.authority;
  if (
    areas.some(
      (a) =>
        names(a).some((n) => same(n, authority.name) || same(n, authority.shortName)) ||
        (authority.onsCode && onsOf(a) === authority.onsCode),
    )
  ) {
    return { countywide: true, districts: [] };
  }
  const districts = context.districts
    .filter((d) =>
      areas.some(
        (a) => names(a).some((n) => same(n, d.name) || same(n, d.code)) || (d.onsCode && onsOf(a) === d.onsCode),
      ),
    )
    .map((d) => d.code);
  return { countywide: districts.length === 0 && context.defaults.countywide, districts };
}

function costs(s: OrukService): { isFree: boolean; fees?: string } {
  const options = s.cost_options ?? [];
  const free = options.find((o) => o.amount === 0 || /\bfree\b/i.test(o.option ?? ''));
  if (free)
    return {
      isFree: true,
      ...((present(free.amount_description) ?? present(s.fees))
        ? { fees: present(free.amount_description) ?? present(s.fees) }
        : {}),
    };
  const described = options
    .map((o) =>
      [
        present(o.option),
        o.amount === null || o.amount === undefined ? undefined : `£${o.amount.toFixed(2).replace(/\.00$/, '')}`,
        present(o.amount_description),
      ]
        .filter(Boolean)
        .join(' '),
    )
    .filter(Boolean);
  const fees = present(s.fees) ?? (described.length ? described.join('; ') : undefined);
  return { isFree: false, ...(fees ? { fees } : {}) };
}

/** Physical locations with a full address, each with the weekly opening times given for it. */
function places(
  s: OrukService,
  id: (kind: string, sourceId: string | null | undefined, index: number) => string,
  reasons: string[],
): ServiceContent['locations'] {
  const atLocations = (s.service_at_locations ?? []).filter(
    (sal) => sal.location && (!sal.location.location_type || sal.location.location_type === 'physical'),
  );
  return atLocations.flatMap((sal, index) => {
    const loc = sal.location!;
    const address = (loc.addresses ?? []).find((a) => a.address_type === 'physical') ?? loc.addresses?.[0];
    const name = present(loc.name) ?? present(address?.address_1);
    if (!name || !present(address?.address_1) || !present(address?.city) || !present(address?.postal_code)) {
      reasons.push(`Location “${name ?? `number ${index + 1}`}” has no full address (street, town and postcode)`);
      return [];
    }
    // Distances are measured from postcodes: one Hearth cannot place is a mistake to fix at the source.
    if (!parsePostcode(address!.postal_code!)?.inward)
      reasons.push(`Location “${name}”: its postcode, “${present(address!.postal_code)}”, is not a full UK postcode`);
    const schedules = (s.schedules ?? [])
      .filter((x) => (x.service_at_location_id ? x.service_at_location_id === sal.id : atLocations.length === 1))
      .flatMap((x, i) => {
        const byday = [...new Set((x.byday ?? '').split(',').map((d) => d.trim().toUpperCase()))];
        const opensAt = hhmm(x.opens_at);
        const closesAt = hhmm(x.closes_at);
        // Only weekly opening times fit Hearth's entry; others (monthly, one-off) are left out.
        if (
          (x.freq && x.freq.toUpperCase() !== 'WEEKLY') ||
          !opensAt ||
          !closesAt ||
          closesAt <= opensAt ||
          !byday.every((d) => (DAYS as readonly string[]).includes(d))
        )
          return [];
        const description = present(x.description);
        return [
          {
            id: id('schedule', x.id, i),
            byday: DAYS.filter((d) => byday.includes(d)),
            opensAt,
            closesAt,
            ...(description ? { description } : {}),
          },
        ];
      });
    return [
      {
        id: id('location', loc.id ?? sal.id, index),
        name,
        address1: present(address!.address_1)!,
        city: present(address!.city)!,
        postcode: present(address!.postal_code)!,
        ...(typeof loc.latitude === 'number' && typeof loc.longitude === 'number'
          ? { latitude: loc.latitude, longitude: loc.longitude }
          : {}),
        schedules,
      },
    ];
  });
}

const LABELS: Record<string, string> = {
  name: 'Its name',
  description: 'Its description',
  url: 'Its web address',
  email: 'Its email address',
  status: 'Its status',
  fees: 'Its description of fees',
  minimumAge: 'Its minimum age',
  maximumAge: 'Its maximum age',
  languages: 'Its list of languages',
};

function subject(path: readonly PropertyKey[], draft: { locations: { name: string }[]; contacts: unknown[] }): string {
  const [key, index, field, , inner] = path.map(String);
  if (key === 'locations' && index !== undefined) {
    const label =
      field === 'schedules' ? `opening times ${inner ?? ''}`.trim() : field === 'address1' ? 'street address' : field;
    return `Location “${draft.locations[Number(index)]?.name ?? Number(index) + 1}”: its ${label ?? 'details'}`;
  }
  if (key === 'contacts' && index !== undefined) return `Contact ${Number(index) + 1}: its ${field ?? 'details'}`;
  return LABELS[key ?? ''] ?? `Its ${key ?? 'record'}`;
}
