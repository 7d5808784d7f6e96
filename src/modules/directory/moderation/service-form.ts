import { z } from 'zod';
import { newId } from '../../../platform/db/ids.ts';
import { formErrors, type FieldProblem, type FormErrors } from '../../../platform/views/forms.ts';
import {
  ACCESS_ROUTES,
  DELIVERY_MODES,
  SERVICE_STATUSES,
  serviceContentSchema,
  type ServiceContent,
} from '../content.ts';
import { formatOpeningTimes, parseOpeningTimes, OPENING_TIMES_EXAMPLE } from '../opening-times.ts';
import { parsePostcode } from '../postcodes.ts';
import type { DirectoryOptions } from '../types.ts';

/**
 * The provider's "service details" form: a flat HTML form (it works without JavaScript) that
 * becomes a ServiceContent. Places and contacts are numbered groups of fields (location1Name…):
 * the ones the entry has, plus one empty group to add another.
 */

export const MAX_LOCATIONS = 50;
export const MAX_CONTACTS = 20;

export type ServiceFormValues = Record<string, string | string[] | undefined>;

const list = (value: unknown): string[] =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
const str = (value: unknown): string =>
  (Array.isArray(value) ? String(value[0] ?? '') : value === undefined || value === null ? '' : String(value)).trim();

/** The form's values for an entry (or for a new one), with one empty place and contact to fill in. */
export function formValues(content: ServiceContent | undefined): ServiceFormValues {
  const values: ServiceFormValues = {
    name: content?.name ?? '',
    description: content?.description ?? '',
    url: content?.url ?? '',
    email: content?.email ?? '',
    status: content?.status ?? 'active',
    eligibility: content?.eligibility ?? '',
    minimumAge: content?.minimumAge?.toString() ?? '',
    maximumAge: content?.maximumAge?.toString() ?? '',
    isFree: content ? (content.isFree ? 'yes' : 'no') : '',
    fees: content?.fees ?? '',
    accessRoute: content?.accessRoute ?? '',
    howToAccess: content?.howToAccess ?? '',
    professionalsOnly: content ? (content.professionalsOnly ? 'yes' : 'no') : 'no',
    deliveryModes: content?.deliveryModes ?? [],
    levels: (content?.levels ?? []).map(String),
    categories: content?.categories ?? [],
    coverage: content ? (content.countywide ? 'countywide' : 'districts') : '',
    districts: content?.districts ?? [],
    languages: (content?.languages ?? ['English']).join(', '),
    locationCount: String((content?.locations.length ?? 0) + 1),
    contactCount: String((content?.contacts.length ?? 0) + 1),
  };
  content?.locations.forEach((l, i) => {
    const n = i + 1;
    Object.assign(values, {
      [`location${n}Id`]: l.id,
      [`location${n}Name`]: l.name,
      [`location${n}Address`]: l.address1,
      [`location${n}City`]: l.city,
      [`location${n}Postcode`]: l.postcode,
      [`location${n}Times`]: formatOpeningTimes(l.schedules),
    });
  });
  content?.contacts.forEach((c, i) => {
    const n = i + 1;
    Object.assign(values, {
      [`contact${n}Id`]: c.id,
      [`contact${n}Name`]: c.name ?? '',
      [`contact${n}Title`]: c.title ?? '',
      [`contact${n}Phone`]: c.phone ?? '',
      [`contact${n}Email`]: c.email ?? '',
    });
  });
  return values;
}

/** How many numbered places and contacts the submitted form had (bounded, whatever it claims). */
export function groupCounts(values: ServiceFormValues): { locations: number; contacts: number } {
  const count = (v: unknown, max: number) => Math.min(Math.max(Number.parseInt(str(v), 10) || 1, 1), max + 1);
  return { locations: count(values.locationCount, MAX_LOCATIONS), contacts: count(values.contactCount, MAX_CONTACTS) };
}

const email = z.union([
  z.literal(''),
  z.email('Enter an email address in the correct format, like name@example.org').max(254),
]);
const age = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || /^\d{1,2}$/.test(v), `${label} must be a whole number of years`)
    .refine((v) => v === '' || Number(v) <= 25, `${label} must be 25 or under`);

function mainSchema(options: DirectoryOptions) {
  return z.object({
    name: z
      .string()
      .trim()
      .min(1, 'Enter the name of the service')
      .max(200, 'The name must be 200 characters or fewer'),
    description: z
      .string()
      .trim()
      .min(1, 'Describe what the service offers')
      .max(5000, 'The description must be 5,000 characters or fewer'),
    url: z.union([
      z.literal(''),
      z.url({ protocol: /^https?$/, message: 'Enter a website address starting with https://' }).max(500),
    ]),
    email,
    status: z.enum(SERVICE_STATUSES, 'Select whether the service is running'),
    eligibility: z.string().trim().max(2000, 'Who the service is for must be 2,000 characters or fewer'),
    minimumAge: age('The youngest age'),
    maximumAge: age('The oldest age'),
    isFree: z.enum(['yes', 'no'], 'Select whether the service is free'),
    fees: z.string().trim().max(1000, 'What it costs must be 1,000 characters or fewer'),
    accessRoute: z.enum(ACCESS_ROUTES, 'Select how families get this service'),
    howToAccess: z.string().trim().max(2000, 'How to get the service must be 2,000 characters or fewer'),
    professionalsOnly: z.enum(['yes', 'no'], 'Select who can see this entry'),
    deliveryModes: z.preprocess(
      list,
      z
        .array(z.enum(DELIVERY_MODES, 'Select how the service is delivered'))
        .min(1, 'Select how the service is delivered'),
    ),
    levels: z.preprocess(
      list,
      z
        .array(
          z.enum(
            options.levels.map((l) => String(l.level)) as [string, ...string[]],
            'Select the levels of need the service works at',
          ),
        )
        .min(1, 'Select the levels of need the service works at'),
    ),
    categories: z.preprocess(
      list,
      z
        .array(
          z.enum(options.categories.map((c) => c.code) as [string, ...string[]], 'Select what the service helps with'),
        )
        .min(1, 'Select what the service helps with')
        .max(20),
    ),
    coverage: z.enum(['countywide', 'districts'], 'Select the area the service covers'),
    districts: z.preprocess(
      list,
      z.array(
        z.enum(
          options.districts.map((d) => d.code) as [string, ...string[]],
          'Select the districts the service covers',
        ),
      ),
    ),
    languages: z.string().trim().max(500, 'Languages must be 500 characters or fewer'),
  });
}

export type ServiceFormResult = { ok: true; content: ServiceContent } | { ok: false; errors: FormErrors };

/**
 * Reads the submitted form into a ServiceContent. `previous` is the version being changed: places
 * and contacts keep their ids (and a place its coordinates while its postcode is unchanged).
 */
export function readServiceForm(
  body: unknown,
  options: DirectoryOptions,
  previous?: ServiceContent,
): ServiceFormResult {
  const values = (body && typeof body === 'object' ? body : {}) as ServiceFormValues;
  const problems: FieldProblem[] = [];
  const fail = (field: string, text: string) => problems.push({ field, text });

  const main = mainSchema(options).safeParse({
    ...Object.fromEntries(Object.keys(mainSchema(options).shape).map((k) => [k, ''])),
    ...values,
  });
  if (!main.success) for (const issue of main.error.issues) fail(issue.path.map(String)[0] ?? 'name', issue.message);
  const data = main.success ? main.data : undefined;
  // Checks across fields run on what was typed, so they show alongside every other problem.
  const [youngest, oldest] = [str(values.minimumAge), str(values.maximumAge)];
  if (/^\d+$/.test(youngest) && /^\d+$/.test(oldest) && Number(youngest) > Number(oldest))
    fail('maximumAge', 'The oldest age must be the same as or more than the youngest age');
  if (str(values.coverage) === 'districts' && list(values.districts).length === 0)
    fail('districts', 'Select the districts the service covers');
  if (str(values.isFree) === 'no' && str(values.fees) === '') fail('fees', 'Say what the service costs');

  const counts = groupCounts(values);
  const locations: ServiceContent['locations'] = [];
  for (let n = 1; n <= counts.locations; n++) {
    const field = (name: string) => str(values[`location${n}${name}`]);
    const entered = {
      name: field('Name'),
      address1: field('Address'),
      city: field('City'),
      postcode: field('Postcode'),
      times: field('Times'),
    };
    if (list(values[`location${n}Remove`]).includes('yes') || Object.values(entered).every((v) => v === '')) continue;
    const before = previous?.locations.find((l) => l.id === field('Id'));
    if (!entered.name) fail(`location${n}Name`, `Enter the name of place ${n}`);
    if (!entered.address1) fail(`location${n}Address`, `Enter the address of place ${n}`);
    if (!entered.city) fail(`location${n}City`, `Enter the town or city of place ${n}`);
    const postcode = parsePostcode(entered.postcode);
    if (!postcode?.inward) fail(`location${n}Postcode`, `Enter a full postcode for place ${n}, like CM1 1QH`);
    const times = parseOpeningTimes(entered.times, before?.schedules ?? []);
    if (!times.ok) fail(`location${n}Times`, times.message);
    if (entered.name.length > 200 || entered.address1.length > 200 || entered.city.length > 100)
      fail(`location${n}Name`, `The details of place ${n} are too long`);
    if (postcode?.inward && times.ok) {
      const samePlace = before && parsePostcode(before.postcode)?.display === postcode.display;
      locations.push({
        id: before?.id ?? newId(),
        name: entered.name,
        address1: entered.address1,
        city: entered.city,
        postcode: postcode.display,
        ...(samePlace && before.latitude !== undefined && before.longitude !== undefined
          ? { latitude: before.latitude, longitude: before.longitude }
          : {}),
        schedules: times.schedules,
      });
    }
  }

  const contacts: ServiceContent['contacts'] = [];
  for (let n = 1; n <= counts.contacts; n++) {
    const field = (name: string) => str(values[`contact${n}${name}`]);
    const entered = { name: field('Name'), title: field('Title'), phone: field('Phone'), email: field('Email') };
    if (list(values[`contact${n}Remove`]).includes('yes') || Object.values(entered).every((v) => v === '')) continue;
    if (!entered.phone && !entered.email)
      fail(`contact${n}Phone`, `Enter a phone number or email address for contact ${n}`);
    if (entered.phone && !/^[0-9+()\s-]{6,40}$/.test(entered.phone))
      fail(`contact${n}Phone`, `Enter a phone number for contact ${n}, like 0333 013 8888`);
    if (entered.email && !email.safeParse(entered.email).success)
      fail(`contact${n}Email`, `Enter contact ${n}’s email address in the correct format, like name@example.org`);
    if (entered.name.length > 200 || entered.title.length > 200)
      fail(`contact${n}Name`, `The name and job title of contact ${n} must be 200 characters or fewer`);
    const id = previous?.contacts.find((c) => c.id === field('Id'))?.id ?? newId();
    contacts.push({
      id,
      ...(entered.name && { name: entered.name }),
      ...(entered.title && { title: entered.title }),
      ...(entered.phone && { phone: entered.phone }),
      ...(entered.email && { email: entered.email }),
    });
  }

  if (!data || problems.length > 0) return { ok: false, errors: inFormOrder(formErrors(problems)) };
  const optional = (v: string) => (v === '' ? undefined : v);
  const content = serviceContentSchema.safeParse({
    name: data.name,
    description: data.description,
    url: optional(data.url),
    email: optional(data.email),
    status: data.status,
    eligibility: optional(data.eligibility),
    minimumAge: data.minimumAge === '' ? undefined : Number(data.minimumAge),
    maximumAge: data.maximumAge === '' ? undefined : Number(data.maximumAge),
    isFree: data.isFree === 'yes',
    fees: data.isFree === 'yes' ? undefined : optional(data.fees),
    accessRoute: data.accessRoute,
    howToAccess: optional(data.howToAccess),
    professionalsOnly: data.professionalsOnly === 'yes',
    deliveryModes: data.deliveryModes,
    levels: data.levels.map(Number).sort(),
    categories: options.categories.map((c) => c.code).filter((c) => data.categories.includes(c)),
    districts:
      data.coverage === 'countywide'
        ? []
        : options.districts.map((d) => d.code).filter((d) => data.districts.includes(d)),
    countywide: data.coverage === 'countywide',
    languages: [
      ...new Set(
        data.languages
          .split(/[,;]/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ].slice(0, 20),
    contacts,
    locations,
  });
  if (!content.success) {
    // The form's own checks cover the content rules; this is the safety net, named by field.
    for (const issue of content.error.issues)
      fail(String(issue.path[0] ?? 'name'), `Check this answer: ${issue.message}`);
    return { ok: false, errors: formErrors(problems) };
  }
  return { ok: true, content: content.data };
}

/** Errors in the order their fields appear on the page (details, contacts, places), so the summary reads top to bottom. */
function inFormOrder(errors: FormErrors): FormErrors {
  const rank = (href: string) => {
    const field = href.slice(1);
    const main = FIELD_ORDER.indexOf(field);
    if (main !== -1) return main;
    const group = /^(contact|location)(\d+)(\w+)$/.exec(field);
    if (!group) return 10_000;
    return (group[1] === 'contact' ? 1_000 : 5_000) + Number(group[2]) * 10 + GROUP_FIELDS.indexOf(group[3]!);
  };
  return { ...errors, list: [...errors.list].sort((a, b) => rank(a.href) - rank(b.href)) };
}

const FIELD_ORDER = [
  'name',
  'description',
  'status',
  'categories',
  'levels',
  'minimumAge',
  'maximumAge',
  'eligibility',
  'coverage',
  'districts',
  'deliveryModes',
  'accessRoute',
  'howToAccess',
  'isFree',
  'fees',
  'url',
  'email',
  'languages',
  'professionalsOnly',
];
const GROUP_FIELDS = ['Name', 'Title', 'Address', 'City', 'Phone', 'Email', 'Postcode', 'Times'];

export const OPENING_TIMES_HINT = `For example, ${OPENING_TIMES_EXAMPLE}. Leave blank if the times vary or are by appointment.`;
