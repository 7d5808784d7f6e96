import type { Register } from '../src/modules/corporate-parenting/index.ts';

/**
 * The Co-Parenting measures counted again in plain TypeScript from the register as generated (never from the
 * database, never through the SQL of src/modules/corporate-parenting/indicators.ts): what the benchmark and the tests
 * compare every figure on the Panel's page with. Written from the measures' words ("how this is counted").
 */
export interface Recounted {
  value: number | null;
  numerator?: number;
  denominator?: number;
}
type Group = 'separated-migrant' | 'other';
export type RecountResult = { total: Recounted; groups: Partial<Record<Group, Recounted>> };

const round1 = (n: number) => Math.round(n * 10) / 10;
const DAY = 86_400_000;
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `day` less whole months, the day clamped to the month's length (as PostgreSQL's interval arithmetic does). */
export function minusMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const ageOn = (day: string, dob: string) =>
  Number(day.slice(0, 4)) - Number(dob.slice(0, 4)) - (day.slice(5) < dob.slice(5) ? 1 : 0);

type Row = { migrant: boolean; hit?: boolean; amount?: number };
type Kind = 'count' | 'count-of' | 'percentage' | 'mean' | 'mean-tenths';

function figure(kind: Kind, rows: readonly Row[]): Recounted {
  if (kind === 'count') return { value: rows.length };
  if (rows.length === 0) return { value: null, numerator: 0, denominator: 0 };
  if (kind === 'count-of') {
    const numerator = rows.filter((r) => r.hit).length;
    return { value: numerator, numerator, denominator: rows.length };
  }
  if (kind === 'percentage') {
    const numerator = rows.filter((r) => r.hit).length;
    return { value: round1((100 * numerator) / rows.length), numerator, denominator: rows.length };
  }
  const sum =
    kind === 'mean-tenths'
      ? rows.reduce((a, r) => a + Math.round(r.amount! * 10), 0) / 10
      : rows.reduce((a, r) => a + r.amount!, 0);
  return { value: round1(sum / rows.length), numerator: sum, denominator: rows.length };
}

/** A register as a file imports it on `today`: each child's newest statuses only, as at their day (or `today`). */
export function asImported(register: Register): Register {
  const newest = new Map<string, Register['statuses'][number]>();
  for (const s of register.statuses)
    if ((newest.get(s.socialCareId)?.asAt ?? '') < s.asAt) newest.set(s.socialCareId, s);
  return { ...register, statuses: [...newest.values()] };
}

/** The register's ethnic group of a carer's ONS 2021 code (null: not known, not said). */
function groupOf(code: string): string | null {
  if (code === 'white-british') return 'white-british';
  const group = ['white', 'mixed', 'asian', 'black', 'other'].find((g) => code.startsWith(`${g}-`));
  return group === undefined ? null : group === 'white' ? 'white-other' : group;
}

/**
 * Every measure of the register for one period, the total and the two groups. `concerned` gives the NHS numbers Hearth
 * recorded an exploitation concern about in the 12 months to the period's last day (none: no concern).
 */
export function recountRegister(
  register: Register,
  period: { from: string; to: string },
  concerned: (lastDay: string) => ReadonlySet<string> = () => new Set(),
) {
  const e = iso(ms(period.to) - DAY);
  // Each child's statuses as at e: the newest on or before it.
  const statusOf = new Map<string, Register['statuses'][number]>();
  for (const s of register.statuses)
    if (s.asAt <= e && (statusOf.get(s.socialCareId)?.asAt ?? '') < s.asAt) statusOf.set(s.socialCareId, s);
  const flagged = concerned(e);
  const spanOn = <T extends { startsOn: string; endsOn: string | null }>(list: readonly T[] | undefined, day: string) =>
    (list ?? []).find((s) => s.startsOn <= day && (s.endsOn === null || s.endsOn > day));
  const by = <T extends { socialCareId: string }>(list: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of list) map.set(item.socialCareId, [...(map.get(item.socialCareId) ?? []), item]);
    return map;
  };
  const periods = by(register.periods);
  const placements = by(register.placements);
  const events = by(register.events);

  const inCare = register.children.flatMap((c) => {
    const care = spanOn(periods.get(c.socialCareId), e);
    if (!care) return [];
    const st = statusOf.get(c.socialCareId);
    return [{ c, st, care, placement: spanOn(placements.get(c.socialCareId), e), age: ageOn(e, c.dateOfBirth) }];
  });
  const leaving = (c: Register['children'][number], min: number, max: number) => {
    const mine = periods.get(c.socialCareId) ?? [];
    const age = ageOn(e, c.dateOfBirth);
    return (
      c.status === 'care-leaver' &&
      mine.some((p) => p.endsOn !== null && p.endsOn <= e) &&
      !spanOn(mine, e) &&
      age >= min &&
      age <= max
    );
  };
  const leavers = (min: number, max: number) =>
    register.children.filter((c) => leaving(c, min, max)).map((c) => ({ ...c, st: statusOf.get(c.socialCareId) }));
  // The measures of a status leave out those with no statuses recorded by e.
  const withStatus = <T extends { st?: unknown }>(list: T[]) =>
    list.filter((x): x is T & { st: NonNullable<T['st']> } => x.st !== undefined);
  const yearBefore = minusMonths(e, 12);
  const eventIn = (id: string, kind: string, after: string) =>
    (events.get(id) ?? []).some((x) => x.kind === kind && x.onDate > after && x.onDate <= e);
  const FOSTER = ['foster', 'family-and-friends'];
  const EET = ['education', 'employment', 'training'];
  const placed = inCare.filter((x) => x.placement);
  const migrantOf = new Map(register.children.map((c) => [c.socialCareId, c.separatedMigrant]));
  const MINORITY = (x: (typeof inCare)[number]) => !['white-british', 'not-known'].includes(x.c.ethnicity);

  const measures: Record<string, { kind: Kind; rows: Row[] }> = {
    'children-in-care': { kind: 'count', rows: inCare.map((x) => ({ migrant: x.c.separatedMigrant })) },
    'entered-care': {
      kind: 'count',
      rows: register.periods
        .filter((p) => p.startsOn >= period.from && p.startsOn < period.to)
        .map((p) => ({ migrant: migrantOf.get(p.socialCareId)! })),
    },
    'days-in-care': {
      kind: 'mean',
      rows: inCare.map((x) => ({ migrant: x.c.separatedMigrant, amount: (ms(e) - ms(x.care.startsOn)) / DAY })),
    },
    'long-term-stability': {
      kind: 'percentage',
      rows: inCare
        .filter((x) => x.age < 16 && x.care.startsOn <= minusMonths(e, 30))
        .map((x) => ({
          migrant: x.c.separatedMigrant,
          hit: x.placement !== undefined && x.placement.startsOn <= minusMonths(e, 24),
        })),
    },
    'three-placements': {
      kind: 'percentage',
      rows: inCare.map((x) => ({
        migrant: x.c.separatedMigrant,
        hit:
          (placements.get(x.c.socialCareId) ?? []).filter(
            (p) => p.startsOn < period.to && (p.endsOn === null || p.endsOn > period.from),
          ).length >= 3,
      })),
    },
    fostered: {
      kind: 'percentage',
      rows: placed.map((x) => ({ migrant: x.c.separatedMigrant, hit: FOSTER.includes(x.placement!.placementType) })),
    },
    'fostered-in-house': {
      kind: 'percentage',
      rows: placed
        .filter((x) => FOSTER.includes(x.placement!.placementType))
        .map((x) => ({ migrant: x.c.separatedMigrant, hit: x.placement!.inHouse })),
    },
    'distance-from-home': {
      kind: 'mean-tenths',
      rows: placed.map((x) => ({ migrant: x.c.separatedMigrant, amount: x.placement!.distanceMiles })),
    },
    'placed-over-20-miles': {
      kind: 'percentage',
      rows: placed.map((x) => ({ migrant: x.c.separatedMigrant, hit: x.placement!.distanceMiles > 20 })),
    },
    'placed-in-essex': {
      kind: 'percentage',
      rows: placed.map((x) => ({ migrant: x.c.separatedMigrant, hit: x.placement!.inArea })),
    },
    'health-checks': {
      kind: 'percentage',
      rows: inCare
        .filter((x) => x.care.startsOn <= yearBefore)
        .map((x) => ({ migrant: x.c.separatedMigrant, hit: eventIn(x.c.socialCareId, 'health-check', yearBefore) })),
    },
    immunisations: {
      kind: 'percentage',
      rows: withStatus(inCare)
        .filter((x) => x.care.startsOn <= yearBefore)
        .map((x) => ({ migrant: x.c.separatedMigrant, hit: x.st.immunisationsUpToDate === true })),
    },
    'sdq-children': {
      kind: 'mean',
      rows: withStatus(inCare)
        .filter((x) => x.st.sdqScore !== null && x.age >= 4 && x.age <= 16 && x.care.startsOn <= yearBefore)
        .map((x) => ({ migrant: x.c.separatedMigrant, amount: x.st.sdqScore! })),
    },
    'health-passports': {
      kind: 'count-of',
      rows: withStatus(leavers(16, 25)).map((c) => ({ migrant: c.separatedMigrant, hit: c.st.healthPassport })),
    },
    'life-story': {
      kind: 'percentage',
      rows: withStatus(inCare).map((x) => ({ migrant: x.c.separatedMigrant, hit: x.st.lifeStory === 'complete' })),
    },
    'pep-meetings': {
      kind: 'percentage',
      rows: inCare
        .filter((x) => x.age >= 3 && x.age <= 17)
        .map((x) => ({ migrant: x.c.separatedMigrant, hit: eventIn(x.c.socialCareId, 'pep', minusMonths(e, 6)) })),
    },
    'eet-16-17': {
      kind: 'percentage',
      rows: withStatus(leavers(16, 17)).map((c) => ({
        migrant: c.separatedMigrant,
        hit: c.st.eet !== null && EET.includes(c.st.eet),
      })),
    },
    'care-leavers': { kind: 'count', rows: leavers(18, 25).map((c) => ({ migrant: c.separatedMigrant })) },
    'eet-18-25': {
      kind: 'percentage',
      rows: withStatus(leavers(18, 25)).map((c) => ({
        migrant: c.separatedMigrant,
        hit: c.st.eet !== null && EET.includes(c.st.eet),
      })),
    },
    'seeking-employment': {
      kind: 'count-of',
      rows: withStatus(leavers(18, 25)).map((c) => ({
        migrant: c.separatedMigrant,
        hit: c.st.eet === 'neet-seeking-work',
      })),
    },
    'suitable-accommodation': {
      kind: 'percentage',
      rows: withStatus(leavers(18, 25)).map((c) => ({
        migrant: c.separatedMigrant,
        hit: c.st.accommodationSuitable === true,
      })),
    },
    'personal-adviser': {
      kind: 'percentage',
      rows: withStatus(leavers(18, 25)).map((c) => ({ migrant: c.separatedMigrant, hit: c.st.personalAdviser !== '' })),
    },
    'sdq-care-leavers': {
      kind: 'mean',
      rows: withStatus(leavers(18, 25))
        .filter((c) => c.st.sdqScore !== null)
        .map((c) => ({ migrant: c.separatedMigrant, amount: c.st.sdqScore! })),
    },
    'exploitation-risk': {
      kind: 'count-of',
      rows: inCare
        .filter((x) => x.c.nhsNumber !== null)
        .map((x) => ({ migrant: x.c.separatedMigrant, hit: flagged.has(x.c.nhsNumber!) })),
    },
    'same-background-foster': {
      kind: 'percentage',
      rows: placed
        .filter(
          (x) =>
            FOSTER.includes(x.placement!.placementType) &&
            MINORITY(x) &&
            x.placement!.carerEthnicity !== null &&
            groupOf(x.placement!.carerEthnicity) !== null,
        )
        .map((x) => ({
          migrant: x.c.separatedMigrant,
          hit: groupOf(x.placement!.carerEthnicity!) === x.c.ethnicity,
        })),
    },
  };
  const result: Record<string, RecountResult> = {};
  for (const [key, { kind, rows }] of Object.entries(measures)) {
    const smc = rows.filter((r) => r.migrant);
    const other = rows.filter((r) => !r.migrant);
    result[`corporate-parenting.${key}`] = {
      total: figure(kind, rows),
      groups: {
        ...(smc.length > 0 ? { 'separated-migrant': figure(kind, smc) } : {}),
        ...(other.length > 0 ? { other: figure(kind, other) } : {}),
      },
    };
  }
  return result;
}
