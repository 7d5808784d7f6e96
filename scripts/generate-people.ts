/**
 * Realistic, deterministic people for matching tests and benchmarks, and a labelled test set.
 *
 * generatePeople(count, seed) makes households in Essex postcode districts (config/postcode-districts.csv)
 * with plausible inward codes and streets: families with children (siblings, twins, double-barrelled
 * surnames), couples and people living alone, aged 0 to 90 with more children than the population has
 * (the Hub's records are mostly about children). Names come from scripts/data/given-names.csv (by sex
 * and generation) and scripts/data/surnames.csv (weighted by frequency).
 *
 * withIdentifiers gives most of them an NHS number and school-age children a Unique Pupil Number
 * (valid check digits); withGaps blanks fields as older systems and hurried entries do. The labelled
 * test set is made by scripts/generate-queries.ts. The same arguments always give the same output.
 */
import { readFileSync } from 'node:fs';
import { nhsCheckDigit, upnCheckLetter } from '../src/modules/people/matching/identifiers.ts';
import type { Gender, PersonDetails } from '../src/modules/people/matching.ts';
import { prng } from './generate-directory.ts';

export interface GeneratedPerson extends PersonDetails {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: Gender;
  address: string;
  postcode: string;
  household: number;
}

/** Matching is measured as of this day, so the same seed gives the same ages whenever it runs. */
export const REFERENCE_DATE = '2025-01-01';
export const REFERENCE_YEAR = 2025;

const DATA = new URL('./data/', import.meta.url);
const csvRows = (file: string) =>
  readFileSync(new URL(file, DATA), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'))
    .slice(1)
    .map((line) => line.split(','));

export type Era = 'old' | 'mid' | 'new';
export interface Weighted<T> {
  items: T[];
  cumulative: number[];
}
export const weighted = <T>(pairs: [T, number][]): Weighted<T> => {
  let total = 0;
  return { items: pairs.map(([item]) => item), cumulative: pairs.map(([, w]) => (total += w)) };
};
export const pickWeighted = <T>(list: Weighted<T>, random: () => number): T => {
  const target = random() * list.cumulative[list.cumulative.length - 1]!;
  let lo = 0;
  let hi = list.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list.cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return list.items[lo]!;
};

let names: { given: Map<string, Weighted<string>>; surnames: Weighted<string>; outwards: string[] } | undefined;
export function data() {
  if (names) return names;
  const given = new Map<string, [string, number][]>();
  for (const [name, sex, era, weight] of csvRows('given-names.csv')) {
    const key = `${sex}:${era}`;
    given.set(key, [...(given.get(key) ?? []), [name!, Number(weight)]]);
  }
  const surnames = weighted(
    csvRows('surnames.csv').map(([name, weight]) => [name!, Number(weight)] as [string, number]),
  );
  // Essex districts only: Chelmsford, Colchester and Southend areas, Harlow, Epping, Saffron Walden.
  const outwards = readFileSync(new URL('../config/postcode-districts.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.split(',')[0]!)
    .filter((code) => /^(CM\d+|CO\d+|SS\d+|IG10|EN9|CB10|CB11)$/.test(code) && !/^CM2[1-4]$/.test(code));
  names = { given: new Map([...given].map(([k, v]) => [k, weighted(v)])), surnames, outwards };
  return names;
}

const STREETS = [
  'Church Road',
  'Station Road',
  'High Street',
  'Main Road',
  'London Road',
  'Park Road',
  'Victoria Road',
  'Queens Road',
  'The Avenue',
  'New Road',
  'Mill Lane',
  'School Lane',
  'Chapel Street',
  'Manor Road',
  'Grange Road',
  'Oak Close',
  'Elm Grove',
  'Beech Avenue',
  'Maple Drive',
  'Willow Way',
  'Meadow View',
  'Orchard Close',
  'Springfield Road',
  'Broomfield Road',
  'Moulsham Street',
  'Magdalen Street',
  'Lexden Road',
  'Greenstead Road',
  'Maldon Road',
  'Colchester Road',
  'Southend Road',
  'Rectory Lane',
  'Kings Road',
  'Queensway',
  'Hatfield Road',
  'Brook Street',
  'Rayleigh Road',
  'Hullbridge Road',
  'Coggeshall Road',
  'Rayne Road',
  'Newland Street',
  'Chelmer Road',
  'Blackwater Close',
  'Crouch Street',
  'Cromer Road',
  'Castle Road',
  'Abbey Fields',
  'Tudor Way',
  'Windsor Gardens',
  'Sandpiper Close',
  'Heron Way',
  'Kingfisher Drive',
  'Bluebell Walk',
  'Foxglove Crescent',
  'Harvest Way',
  'Saxon Way',
  'Roman Road',
  'Bishops Court',
  'Cherry Tree Lane',
  'Gainsborough Crescent',
];
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const capitalise = (word: string) =>
  word.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());

/** A deterministic UUID (v4 layout) from the generator's random numbers. */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const eraOf = (year: number): Era => (year < 1970 ? 'old' : year < 2000 ? 'mid' : 'new');
export const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

interface Household {
  outward: string;
  postcode: string;
  address: string;
  surname: string;
}

/** `count` people in households, the same for the same seed. */
export function generatePeople(count: number, seed = 42): GeneratedPerson[] {
  const random = prng(seed);
  const { given, surnames, outwards } = data();
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // About 15 households share a postcode, as in the real postcode file.
  const inwardPool = Math.max(20, Math.ceil(count / 2.4 / outwards.length / 15));
  const people: GeneratedPerson[] = [];
  const firstName = (sex: Gender, year: number, avoid: Set<string>) => {
    for (;;) {
      const name = pickWeighted(given.get(`${sex}:${eraOf(year)}`)!, random);
      if (!avoid.has(name)) return name;
    }
  };
  const birth = (age: number) => {
    const year = REFERENCE_YEAR - 1 - age;
    const month = int(1, 12);
    return `${year}-${pad(month)}-${pad(int(1, daysIn(year, month)))}`;
  };
  const add = (
    h: Household,
    sex: Gender,
    dateOfBirth: string,
    lastName: string,
    avoid: Set<string>,
    household: number,
  ) => {
    const year = Number(dateOfBirth.slice(0, 4));
    const name = firstName(sex, year, avoid);
    avoid.add(name);
    people.push({
      id: uuidFrom(random),
      firstName: name,
      middleNames: random() < 0.5 ? firstName(sex, year, new Set([name])) : null,
      lastName,
      dateOfBirth,
      gender: sex,
      address: h.address,
      postcode: h.postcode,
      household,
    });
  };
  const sexOf = () => (random() < 0.5 ? 'female' : 'male') as Gender;
  for (let household = 0; people.length < count; household += 1) {
    const outward = outwards[int(0, outwards.length - 1)]!;
    const inwardIndex = int(0, inwardPool - 1);
    const inward = `${inwardIndex % 10}${INWARD_LETTERS[Math.floor(inwardIndex / 10) % 20]}${INWARD_LETTERS[Math.floor(inwardIndex / 200) % 20]}`;
    const street =
      STREETS[(inwardIndex * 7 + outward.length * 13 + outward.charCodeAt(outward.length - 1)) % STREETS.length]!;
    const number = int(1, 160);
    const h: Household = {
      outward,
      postcode: `${outward} ${inward}`,
      address: random() < 0.1 ? `Flat ${int(1, 12)}, ${number} ${street}` : `${number} ${street}`,
      surname: pickWeighted(surnames, random),
    };
    const used = new Set<string>();
    const kind = random();
    if (kind < 0.6) {
      // A family: one or two parents and one to four children, sometimes twins.
      const children = pickWeighted(
        weighted([
          [1, 35],
          [2, 40],
          [3, 18],
          [4, 7],
        ]),
        random,
      );
      const ages: number[] = [];
      for (let c = 0; c < children; c += 1) ages.push(int(0, 17));
      const oldest = Math.max(...ages);
      const parentAge = int(Math.max(19, oldest + 18), Math.max(oldest + 20, 52));
      const otherSurname = random() < 0.2 ? pickWeighted(surnames, random) : h.surname;
      const childSurname = random() < 0.04 && otherSurname !== h.surname ? `${h.surname}-${otherSurname}` : h.surname;
      add(h, 'female', birth(parentAge), h.surname, used, household);
      if (random() < 0.7) add(h, 'male', birth(parentAge + int(-3, 5)), otherSurname, used, household);
      for (const age of ages) {
        const dob = birth(age);
        add(h, sexOf(), dob, childSurname, used, household);
        if (random() < 0.03) add(h, sexOf(), dob, childSurname, used, household);
      }
    } else if (kind < 0.8) {
      const age = int(20, 88);
      add(h, 'female', birth(age), h.surname, used, household);
      add(
        h,
        'male',
        birth(Math.min(90, age + int(-4, 6))),
        random() < 0.85 ? h.surname : pickWeighted(surnames, random),
        used,
        household,
      );
    } else {
      add(h, sexOf(), birth(int(18, 90)), h.surname, used, household);
    }
  }
  return people.slice(0, count);
}

// ---- The labelled test set ----

/** NHS numbers for about 70% of people and UPNs for about 60% of those aged 4 to 18, unique, valid. */
export function withIdentifiers<T extends GeneratedPerson>(people: T[], seed: number): T[] {
  const random = prng(seed);
  const used = new Set<string>();
  const nhs = () => {
    for (;;) {
      const first9 = String(1 + Math.floor(random() * 8)) + String(Math.floor(random() * 1e8)).padStart(8, '0');
      const check = nhsCheckDigit(first9);
      if (check !== null && !used.has(first9 + check)) {
        used.add(first9 + check);
        return first9 + check;
      }
    }
  };
  const upn = (birthYear: number) => {
    for (;;) {
      const rest = `881${String(2000 + Math.floor(random() * 8000))}${pad((birthYear + 5) % 100)}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
      const value = upnCheckLetter(rest) + rest;
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  };
  return people.map((p) => {
    const age = REFERENCE_YEAR - Number(p.dateOfBirth.slice(0, 4));
    return {
      ...p,
      nhsNumber: random() < 0.7 ? nhs() : null,
      upn: age >= 4 && age <= 18 && random() < 0.6 ? upn(Number(p.dateOfBirth.slice(0, 4))) : null,
    };
  });
}

/** A person as recorded, where any field but the names may be missing. */
export type RecordedPerson = PersonDetails & { id: string; household: number };

/**
 * The same people with fields missing, as in records from older systems: at `rate` (0..1), no
 * postcode or address; at `rate`, no gender; at `rate / 2`, no date of birth; middle names are
 * already missing for about half. Deterministic for the seed.
 */
export function withGaps(people: GeneratedPerson[], seed: number, rate: number): RecordedPerson[] {
  const random = prng(seed);
  return people.map((p) => {
    const gap: RecordedPerson = { ...p };
    if (random() < rate) {
      gap.postcode = null;
      if (random() < 0.5) gap.address = null;
    }
    if (random() < rate) gap.gender = null;
    if (random() < rate / 2) gap.dateOfBirth = null;
    return gap;
  });
}
