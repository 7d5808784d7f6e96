import { pagination as pageLinks } from '../../platform/views/pagination.ts';
import { ACCESS_ROUTE_NAMES, DELIVERY_MODE_NAMES, DELIVERY_MODES, type ServiceContent } from './content.ts';
import type { SearchQuery } from './schemas.ts';
import type { DirectoryOptions, DirectorySearchResult, PublicService, ServiceSummary } from './types.ts';

/** Turns directory data into the words and GOV.UK component items the pages show. No rules here. */

const METRES_PER_MILE = 1609.344;
const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
/** GOV.UK tag colours for the Windscreen: green to red as need rises. */
const LEVEL_TAG: Record<number, string> = {
  1: 'govuk-tag--green',
  2: 'govuk-tag--yellow',
  3: 'govuk-tag--orange',
  4: 'govuk-tag--red',
};

export const levelTagClass = (level: number) => LEVEL_TAG[level] ?? 'govuk-tag--grey';

/** 'A, B or C' */
export function joinWords(items: string[], last = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;
}

export function ageText(min: number | null | undefined, max: number | null | undefined): string {
  const years = (n: number) => `${n} ${n === 1 ? 'year' : 'years'}`;
  if (min == null && max == null) return 'All ages';
  if (min != null && max != null) return min === max ? `${years(min)} old` : `${min} to ${years(max)}`;
  if (min != null) return `${years(min)} and over`;
  return `Up to ${years(max!)}`;
}

export function deliveryText(modes: readonly string[]): string {
  const names = DELIVERY_MODES.filter((m) => modes.includes(m)).map((m) => DELIVERY_MODE_NAMES[m]);
  return joinWords(
    names.map((n, i) => (i === 0 ? n : n.toLowerCase())),
    'or',
  );
}

export const costText = (isFree: boolean, fees: string | null | undefined) =>
  isFree ? 'Free' : fees || 'There is a charge';

export function distanceText(metres: number | null): string | null {
  if (metres === null) return null;
  const miles = metres / METRES_PER_MILE;
  // Places are often known only by their postcode district's centre: say so, and do not be precise.
  if (miles < 1) return 'less than a mile';
  const rounded = Math.round(miles);
  return `about ${rounded} ${rounded === 1 ? 'mile' : 'miles'}`;
}

const clock = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const suffix = h < 12 ? 'am' : 'pm';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour}${suffix}` : `${hour}:${String(m).padStart(2, '0')}${suffix}`;
};

/** 'Monday to Friday', 'Tuesday and Thursday', 'Monday, Wednesday to Friday': runs of 3 or more days as ranges. */
function daysText(byday: readonly string[]): string {
  const order = Object.keys(DAY_NAMES);
  const days = [...new Set(byday)].filter((d) => order.includes(d)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (days.length === 7) return 'Every day';
  const runs: string[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && order.indexOf(day) === order.indexOf(run.at(-1)!) + 1) run.push(day);
    else runs.push([day]);
  }
  return joinWords(
    runs.flatMap((run) =>
      run.length >= 3 ? [`${DAY_NAMES[run[0]!]} to ${DAY_NAMES[run.at(-1)!]}`] : run.map((d) => DAY_NAMES[d]!),
    ),
  );
}

export function scheduleText(schedule: { byday: string[]; opensAt: string; closesAt: string }): string {
  const days = daysText(schedule.byday);
  if (schedule.opensAt === '00:00' && schedule.closesAt === '23:59') return `${days}, open 24 hours`;
  return `${days}, ${clock(schedule.opensAt)} to ${clock(schedule.closesAt)}`;
}

export function areasText(
  countywide: boolean,
  districts: readonly string[],
  options: DirectoryOptions,
  authority: string,
): string {
  if (countywide) return `All of ${authority}`;
  return joinWords(options.districts.filter((d) => districts.includes(d.code)).map((d) => d.name));
}

export const accessText = (route: ServiceContent['accessRoute']) => ACCESS_ROUTE_NAMES[route];

/** One search result, ready to print. */
export function resultView(service: ServiceSummary, options: DirectoryOptions, authority: string) {
  const levelNames = new Map(options.levels.map((l) => [l.level, l.name]));
  const distance = distanceText(service.distanceMetres);
  const place = service.place ? `${service.place.name}, ${service.place.city}` : null;
  return {
    ...service,
    levelTags: service.levels.map((l) => ({
      text: `Level ${l}: ${levelNames.get(l) ?? ''}`.replace(/: $/, ''),
      classes: levelTagClass(l),
    })),
    facts: [
      { key: 'Ages', value: ageText(service.minimumAge, service.maximumAge) },
      { key: 'Cost', value: costText(service.isFree, service.fees) },
      { key: 'How it is delivered', value: deliveryText(service.deliveryModes) },
      { key: 'How to get it', value: accessText(service.accessRoute) },
      {
        key: 'Where',
        value: place
          ? distance
            ? `${place} (${distance})`
            : place
          : areasText(service.countywide, service.districts, options, authority),
      },
    ],
  };
}

/** The filter form's GOV.UK items, with what the person chose marked. */
export function filterItems(options: DirectoryOptions, values: Partial<Record<keyof SearchQuery, unknown>>) {
  const chosen = (value: unknown) =>
    Array.isArray(value) ? value.map(String) : value === undefined || value === '' ? [] : [String(value)];
  const categories = chosen(values.category);
  const levels = chosen(values.level);
  const delivery = chosen(values.delivery);
  const area = String(chosen(values.area)[0] ?? '');
  return {
    categories: options.categories.map((c) => ({ value: c.code, text: c.name, checked: categories.includes(c.code) })),
    levels: options.levels.map((l) => ({
      value: String(l.level),
      text: `Level ${l.level}: ${l.name}`,
      checked: levels.includes(String(l.level)),
    })),
    delivery: DELIVERY_MODES.map((m) => ({ value: m, text: DELIVERY_MODE_NAMES[m], checked: delivery.includes(m) })),
    free: [{ value: 'yes', text: 'Only free services', checked: chosen(values.free).includes('yes') }],
    areas: [
      { value: '', text: 'Anywhere', selected: area === '' },
      ...options.quadrants.map((q) => ({
        value: q.code,
        text: `${q.name} (${joinWords(options.districts.filter((d) => d.quadrant === q.code).map((d) => d.name))})`,
        selected: area === q.code,
      })),
      ...options.districts.map((d) => ({ value: d.code, text: d.name, selected: area === d.code })),
    ],
  };
}

/** The search's query string without its page, to build page links from. */
export function searchQueryString(values: SearchQuery): string {
  const params = new URLSearchParams();
  if (values.q) params.append('q', values.q);
  for (const c of values.category) params.append('category', c);
  for (const l of values.level) params.append('level', l);
  if (values.age) params.append('age', values.age);
  if (values.area) params.append('area', values.area);
  if (values.free) params.append('free', values.free);
  for (const d of values.delivery) params.append('delivery', d);
  if (values.postcode) params.append('postcode', values.postcode);
  return params.toString();
}

/** GOV.UK pagination for the search's results (platform/views/pagination.ts), keeping the search's query. */
export function pagination(result: Pick<DirectorySearchResult, 'page' | 'pages'>, query: string) {
  return pageLinks(result.page, result.pages, (page) => `/services?${query ? `${query}&` : ''}page=${page}`);
}

/** The service page's sections. */
export function serviceView(service: PublicService, options: DirectoryOptions, authority: string) {
  const c = service.content;
  const levelNames = new Map(options.levels.map((l) => [l.level, l.name]));
  return {
    ...service,
    levelTags: c.levels.map((l) => ({
      text: `Level ${l}: ${levelNames.get(l) ?? ''}`.replace(/: $/, ''),
      classes: levelTagClass(l),
    })),
    whoFor: [
      c.eligibility && { key: 'Who can use it', value: c.eligibility },
      { key: 'Ages', value: ageText(c.minimumAge, c.maximumAge) },
      {
        key: 'Level of need',
        value: joinWords(c.levels.map((l) => `${l} (${levelNames.get(l) ?? ''})`.replace(' ()', ''))),
      },
      { key: 'Area covered', value: areasText(c.countywide, c.districts, options, authority) },
      { key: 'Cost', value: costText(c.isFree, c.fees) },
      { key: 'How it is delivered', value: deliveryText(c.deliveryModes) },
      { key: 'Languages', value: joinWords(c.languages) },
      { key: 'Helps with', value: joinWords(service.categories.map((cat) => cat.name)) },
    ].filter((row): row is { key: string; value: string } => Boolean(row)),
    access: { route: c.accessRoute, text: accessText(c.accessRoute), how: c.howToAccess ?? null },
    locations: c.locations.map((l) => ({
      ...l,
      address: [l.address1, l.city, l.postcode],
      times: l.schedules.map((s) => ({ text: scheduleText(s), note: s.description ?? null })),
    })),
    status: c.status,
    noPlaceText: c.deliveryModes.includes('in-person')
      ? 'No places to visit are listed: contact the service to arrange where to meet.'
      : `There is no building to visit: the service works ${joinWords(
          c.deliveryModes.map((m) => (m === 'online' ? 'online' : 'by phone')),
          'or',
        )}.`,
  };
}
