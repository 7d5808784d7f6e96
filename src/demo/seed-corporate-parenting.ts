import type { Services } from '../services.ts';
import type { Register } from '../modules/corporate-parenting/index.ts';
import { todayInLondon } from '../platform/calendar/london.ts';

/**
 * A made-up register of children in care and care leavers (issue 16), for the demo (a few hundred children) and the
 * benchmark (20,000): periods in care up to ten years back, placements one after another (some far from home or
 * outside Essex), yearly health checks, termly PEP meetings, and care leavers' Personal Advisers, accommodation and
 * education, employment or training. About one in eight are separated migrant children, who come into care at 14
 * to 17. Statuses are kept as at the end of each financial year the child was in the register, and as at today (as
 * if the social care system had been imported each year); most children have an NHS number (made up, in the range
 * kept for tests) and most foster placements their carer's ethnicity. Deterministic for a seed. Every name is invented.
 */
const FIRST = [
  'Amelia',
  'Oliver',
  'Isla',
  'Noah',
  'Ava',
  'Leo',
  'Mia',
  'Jack',
  'Ivy',
  'Harry',
  'Freya',
  'Oscar',
  'Lily',
  'George',
  'Grace',
  'Alfie',
  'Evie',
  'Charlie',
  'Rosie',
  'Theo',
];
const MIGRANT_FIRST = ['Dawit', 'Yonas', 'Ahmad', 'Reza', 'Samir', 'Ali', 'Mehdi', 'Kidane', 'Omar', 'Hassan'];
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Wilson',
  'Evans',
  'Walker',
  'Wright',
  'Hughes',
  'Green',
  'Hall',
  'Clarke',
  'Wood',
  'Turner',
  'Hill',
  'Baker',
  'Carter',
  'Mason',
  'Price',
  'Bell',
];
const ADVISERS = ['Sam Patel', 'Jo Okafor', 'Chris Dunn', 'Alex Reid', 'Pat Morgan', 'Nik Shah'];

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const plusYears = (day: string, years: number) =>
  `${Number(day.slice(0, 4)) + years}${day.slice(4)}`.replace('-02-29', '-02-28');

/** A made-up NHS number in the 999 range kept for tests, with its modulus 11 check digit (null: none for this one). */
function testNhsNumber(n: number): string | null {
  const nine = `999${String(n % 1_000_000).padStart(6, '0')}`;
  const sum = [...nine].reduce((a, d, i) => a + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return `${nine}${check === 11 ? 0 : check}`;
}
const CARER_ETHNICITIES: Record<string, readonly string[]> = {
  'white-british': ['white-british'],
  'white-other': ['white-irish', 'white-other', 'white-roma'],
  mixed: ['mixed-white-black-caribbean', 'mixed-white-asian', 'mixed-other'],
  asian: ['asian-indian', 'asian-pakistani', 'asian-bangladeshi', 'asian-other'],
  black: ['black-african', 'black-caribbean', 'black-other'],
  other: ['other-arab', 'other-any'],
};
const LIFE_ORDER = ['not-started', 'in-progress', 'complete'] as const;

export function demoRegister(options: { children: number; today?: string; seed?: number }): Register {
  const today = options.today ?? todayInLondon();
  const now = ms(today);
  const r = random(options.seed ?? 16);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const between = (from: number, to: number) => from + Math.floor(r() * Math.max(1, to - from));
  const register: Register = { children: [], statuses: [], periods: [], placements: [], events: [] };
  // What the register gained later (history, NHS numbers, carers' ethnicity) draws from its own generator, so the
  // rest of a seed's register is what it always was.
  const h = random((options.seed ?? 16) * 7919 + 1);
  const hPick = <T>(list: readonly T[]) => list[Math.floor(h() * list.length)]!;

  for (let i = 0; i < options.children; i++) {
    const id = `DEMO-${String(i + 1).padStart(6, '0')}`;
    const migrant = r() < 0.12;
    const leaver = r() < 0.25;
    // Age today: children in care 0–17 (migrant children 14–17), care leavers 16–25.
    const age = leaver ? between(16, 26) : migrant ? between(14, 18) : between(0, 18);
    const dob = toDay(now - (age * 365.25 + r() * 360) * DAY);
    const adult = plusYears(dob, 18);
    // Care: a migrant child from 14 at the earliest; others from birth, at most ten years back.
    const earliest = Math.max(ms(migrant ? plusYears(dob, 14) : dob), now - 10 * 365 * DAY);
    let careEnd: number | null = null;
    let careStart: number;
    if (leaver) {
      const end = Math.min(ms(adult) <= now ? ms(adult) : now - between(30, 400) * DAY, now - DAY);
      careEnd = end;
      careStart = Math.min(between(Math.max(earliest, end - 8 * 365 * DAY), end - 30 * DAY), end - 30 * DAY);
    } else careStart = between(earliest, now - 7 * DAY);
    if (careEnd !== null && careStart < ms(dob)) careStart = ms(dob);
    // One in ten children came into care once before and went home.
    if (!migrant && r() < 0.1 && careStart - ms(dob) > 400 * DAY) {
      const before = between(ms(dob), careStart - 200 * DAY);
      register.periods.push({
        socialCareId: id,
        row: 0,
        startsOn: toDay(before),
        endsOn: toDay(before + between(60, 180) * DAY),
      });
    }
    register.periods.push({
      socialCareId: id,
      row: 0,
      startsOn: toDay(careStart),
      endsOn: careEnd === null ? null : toDay(careEnd),
    });

    // Placements one after another across the period in care.
    const firstPlacement = register.placements.length;
    const roll = r();
    const count = roll < 0.55 ? 1 : roll < 0.8 ? 2 : roll < 0.92 ? 3 : between(4, 6);
    const last = careEnd ?? now;
    const cuts = Array.from({ length: count - 1 }, () => between(careStart + DAY, last)).sort((a, b) => a - b);
    const starts = [careStart, ...cuts];
    starts.forEach((start, k) => {
      const end = k + 1 < starts.length ? starts[k + 1]! : careEnd;
      if (end !== null && end <= start) return;
      const t = r();
      const older = (start - ms(dob)) / DAY / 365.25 >= 16;
      const type =
        older && t < 0.2
          ? 'semi-independent'
          : t < 0.6
            ? 'foster'
            : t < 0.72
              ? 'family-and-friends'
              : t < 0.85
                ? 'residential'
                : t < 0.92
                  ? 'placed-with-parents'
                  : 'other';
      const d = r();
      const miles = Math.round((d < 0.7 ? r() * 20 : d < 0.95 ? 20 + r() * 40 : 60 + r() * 140) * 10) / 10;
      register.placements.push({
        socialCareId: id,
        row: 0,
        startsOn: toDay(start),
        endsOn: end === null ? null : toDay(end),
        placementType: type,
        inHouse: type === 'foster' ? r() < 0.78 : type === 'residential' ? r() < 0.2 : r() < 0.5,
        distanceMiles: miles,
        inArea: miles < 25 ? r() < 0.93 : r() < 0.35,
        carerEthnicity: null,
      });
    });

    // A health check each year after the first; a PEP meeting each term of school age.
    for (let t = careStart + between(200, 365) * DAY; t < last; t += between(330, 380) * DAY)
      if (r() < 0.88) register.events.push({ socialCareId: id, kind: 'health-check', onDate: toDay(t) });
    for (
      let t = Math.max(careStart, ms(plusYears(dob, 3))) + 60 * DAY;
      t < Math.min(last, ms(adult));
      t += between(110, 130) * DAY
    )
      if (t > now - 4 * 365 * DAY && r() < 0.9)
        register.events.push({ socialCareId: id, kind: 'pep', onDate: toDay(t) });

    const eetRoll = r() + (migrant ? 0.15 : 0);
    const name = `${pick(migrant ? MIGRANT_FIRST : FIRST)} ${pick(LAST)}`;
    const gender = migrant ? (r() < 0.9 ? 'male' : 'female') : r() < 0.5 ? 'female' : 'male';
    const ethnicity = migrant
      ? pick(['black', 'asian', 'other'])
      : r() < 0.83
        ? 'white-british'
        : pick(['white-other', 'mixed', 'asian', 'black']);
    const now_ = {
      immunisationsUpToDate: r() < 0.86,
      sdqScore: age >= 4 && r() < 0.75 ? Math.min(40, Math.round(6 + r() * 12 + r() * 10)) : null,
      healthPassport: leaver ? r() < 0.6 : false,
      lifeStory: (r() < 0.4 ? 'complete' : r() < 0.6 ? 'in-progress' : 'not-started') as (typeof LIFE_ORDER)[number],
      personalAdviser: leaver && r() < 0.96 ? pick(ADVISERS) : '',
      accommodationSuitable: leaver ? r() < 0.88 : null,
      eet: leaver
        ? eetRoll < 0.25
          ? 'education'
          : eetRoll < 0.5
            ? 'employment'
            : eetRoll < 0.62
              ? 'training'
              : eetRoll < 0.8
                ? 'neet-seeking-work'
                : 'neet-other'
        : null,
    } as const;
    register.children.push({
      socialCareId: id,
      name,
      dateOfBirth: dob,
      gender,
      ethnicity,
      separatedMigrant: migrant,
      status: leaver ? 'care-leaver' : 'in-care',
      nhsNumber: h() < 0.9 ? testNhsNumber(i + 1) : null,
    });
    // Statuses as at the end of each financial year since the child came into care (at most six), then today's: each
    // year's a little different from the next (Life Story work only ever moves on).
    const firstYear = Math.max(Number(today.slice(0, 4)) - 6, Number(toDay(careStart).slice(0, 4)));
    for (let year = firstYear; year <= Number(today.slice(0, 4)); year++) {
      const asAt = `${year}-03-31`;
      if (asAt < toDay(careStart) || asAt >= today || asAt < dob) continue;
      const years = Number(today.slice(0, 4)) - year;
      const ageThen = age - years;
      const step = LIFE_ORDER.indexOf(now_.lifeStory) - (h() < 0.3 * years ? 1 : 0);
      register.statuses.push({
        socialCareId: id,
        asAt,
        immunisationsUpToDate: h() < 0.15 ? !now_.immunisationsUpToDate : now_.immunisationsUpToDate,
        sdqScore:
          now_.sdqScore !== null && ageThen >= 4
            ? Math.max(0, Math.min(40, now_.sdqScore + Math.round(h() * 6 - 3)))
            : null,
        healthPassport: now_.healthPassport && h() < 0.8,
        lifeStory: LIFE_ORDER[Math.max(0, step)]!,
        personalAdviser: now_.personalAdviser && h() < 0.9 ? now_.personalAdviser : '',
        accommodationSuitable: now_.accommodationSuitable === null ? null : h() < 0.85,
        eet:
          now_.eet === null
            ? null
            : h() < 0.7
              ? now_.eet
              : hPick(['education', 'employment', 'neet-seeking-work', 'neet-other'] as const),
      });
    }
    register.statuses.push({ socialCareId: id, asAt: today, ...now_ });
    // Most foster carers' ethnicity is recorded; about two in three minority ethnic children live with carers of their
    // own group.
    for (const placement of register.placements.slice(firstPlacement))
      if (['foster', 'family-and-friends'].includes(placement.placementType) && h() < 0.85)
        placement.carerEthnicity =
          ethnicity === 'white-british' || h() < 0.65
            ? hPick(CARER_ETHNICITIES[ethnicity]!)
            : hPick(Object.values(CARER_ETHNICITIES).flat());
  }
  return register;
}

/** At `npm start` with demo data: a register of a few hundred children, once (an empty register only). */
export async function seedDemoCorporateParenting(services: Services, children = 400): Promise<number> {
  const { corporateParenting } = services;
  if ((await corporateParenting.counts()).children > 0) return 0;
  const register = demoRegister({ children });
  await corporateParenting.replace({ userId: null, label: 'demo data' }, register, {
    fileName: 'demo-register.csv',
    fileKind: 'csv',
    total: register.children.length + register.periods.length + register.placements.length + register.events.length,
  });
  return children;
}
