/**
 * Realistic, deterministic people for matching tests and benchmarks, and a labelled test set.
 *
 * generatePeople(count, seed) makes households in Essex postcode districts (config/postcode-districts.csv)
 * with plausible inward codes and streets: families with children (siblings, twins, double-barrelled
 * surnames), couples and people living alone, aged 0 to 90 with more children than the population has
 * (the Hub's records are mostly about children). Names come from scripts/data/given-names.csv (by sex
 * and generation) and scripts/data/surnames.csv (weighted by frequency).
 *
 * generateQueries(people, count, seed) makes the labelled set: corrupted copies of real records
 * (typos, nicknames, swapped names, hyphenation, date slips, a move of house, formatting) with the
 * id they should find, and look-alikes whose own record is NOT in the population (a twin, a sibling,
 * someone with the same surname born days apart, a namesake) that should find nobody.
 * The same arguments always give the same output.
 */
import { readFileSync } from 'node:fs';
import { shippedNicknames } from '../src/modules/people/nicknames.ts';
import { formatPostcode, nameKey, type Gender, type PersonDetails } from '../src/modules/people/matching.ts';
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

export const CORRUPTIONS = [
  'exact',
  'first-name-typo',
  'surname-typo',
  'nickname',
  'swapped-names',
  'hyphenation',
  'day-month-swap',
  'date-digit',
  'date-year',
  'moved-house',
  'formatting',
] as const;
export const LOOK_ALIKES = ['twin', 'sibling', 'near-birthday', 'namesake'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];
export type LookAlike = (typeof LOOK_ALIKES)[number];

export interface LabelledQuery {
  queryId: string;
  /** The main corruption, or the kind of look-alike. */
  kind: Corruption | LookAlike;
  /** Every change made (a corrupted copy may have two). */
  changes: string[];
  query: PersonDetails;
  /** The record the query should find; null for a look-alike, whose own record is not in the population. */
  trueId: string | null;
}

/** Matching is measured as of this day, so the same seed gives the same ages whenever it runs. */
export const REFERENCE_DATE = '2025-01-01';
const REFERENCE_YEAR = 2025;

const DATA = new URL('./data/', import.meta.url);
const csvRows = (file: string) =>
  readFileSync(new URL(file, DATA), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'))
    .slice(1)
    .map((line) => line.split(','));

type Era = 'old' | 'mid' | 'new';
interface Weighted<T> {
  items: T[];
  cumulative: number[];
}
const weighted = <T>(pairs: [T, number][]): Weighted<T> => {
  let total = 0;
  return { items: pairs.map(([item]) => item), cumulative: pairs.map(([, w]) => (total += w)) };
};
const pickWeighted = <T>(list: Weighted<T>, random: () => number): T => {
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
function data() {
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

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const capitalise = (word: string) =>
  word.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());

/** A deterministic UUID (v4 layout) from the generator's random numbers. */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const eraOf = (year: number): Era => (year < 1970 ? 'old' : year < 2000 ? 'mid' : 'new');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

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

const nicknames = () => shippedNicknames(nameKey);

function typo(name: string, random: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const chars = [...name];
  const positions = chars.map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (!positions.length) return name;
  const at = positions[Math.floor(random() * positions.length)]!;
  const letter = letters[Math.floor(random() * 26)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      if (chars.length > 3) chars.splice(at, 1);
      else chars.splice(at, 0, letter);
      break;
    case 1:
      chars.splice(at, 0, letter);
      break;
    case 2:
      chars[at] = chars[at] === letter ? letters[(letters.indexOf(letter) + 1) % 26]! : letter;
      break;
    default:
      if (at + 1 < chars.length && chars[at] !== chars[at + 1] && /\p{L}/u.test(chars[at + 1]!))
        [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
      else chars[at] = chars[at] === letter ? letters[(letters.indexOf(letter) + 1) % 26]! : letter;
  }
  return chars.join('');
}

function nicknameOf(name: string, random: () => number): string | null {
  const key = nameKey(name);
  const options = nicknames()
    .groups(key)
    .flatMap((g) => nicknames().members(g))
    .filter((n) => n !== key && n.length > 1);
  return options.length ? capitalise(options[Math.floor(random() * options.length)]!) : null;
}

const validDate = (y: number, m: number, d: number) =>
  m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) && `${y}-${pad(m)}-${pad(d)}` <= REFERENCE_DATE && y >= 1900;

function corrupt(
  kind: Corruption,
  p: PersonDetails & { dateOfBirth: string },
  random: () => number,
  people: GeneratedPerson[],
): (PersonDetails & { dateOfBirth: string }) | null {
  const [y, m, d] = p.dateOfBirth.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'exact':
      return { ...p };
    case 'first-name-typo':
      return { ...p, firstName: typo(p.firstName, random) };
    case 'surname-typo':
      return { ...p, lastName: typo(p.lastName, random) };
    case 'nickname': {
      const nickname = nicknameOf(p.firstName, random);
      return nickname ? { ...p, firstName: nickname } : null;
    }
    case 'swapped-names':
      return { ...p, firstName: p.lastName, lastName: p.firstName };
    case 'hyphenation': {
      const parts = p.lastName.split(/[-\s]+/);
      if (parts.length > 1) return { ...p, lastName: parts[Math.floor(random() * parts.length)]! };
      const other = people[Math.floor(random() * people.length)]!.lastName.split(/[-\s]+/)[0]!;
      return other === p.lastName
        ? null
        : { ...p, lastName: random() < 0.5 ? `${p.lastName}-${other}` : `${other}-${p.lastName}` };
    }
    case 'day-month-swap':
      return d <= 12 && d !== m && validDate(y, d, m) ? { ...p, dateOfBirth: `${y}-${pad(d)}-${pad(m)}` } : null;
    case 'date-digit': {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const digits = p.dateOfBirth.replace(/-/g, '').split('');
        const at = 2 + Math.floor(random() * 6);
        digits[at] = String(Math.floor(random() * 10));
        const text = digits.join('');
        const [ny, nm, nd] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6))];
        if (text !== p.dateOfBirth.replace(/-/g, '') && validDate(ny, nm, nd) && !(nm === m && nd === d))
          return { ...p, dateOfBirth: `${ny}-${pad(nm)}-${pad(nd)}` };
      }
      return null;
    }
    case 'date-year': {
      const ny = y + (random() < 0.5 ? -1 : 1);
      return validDate(ny, m, d) ? { ...p, dateOfBirth: `${ny}-${pad(m)}-${pad(d)}` } : null;
    }
    case 'moved-house': {
      const other = people[Math.floor(random() * people.length)]!;
      const outward = (formatPostcode(p.postcode!) ?? p.postcode!).split(' ')[0]!;
      const postcode = random() < 0.5 ? `${outward} ${other.postcode.split(' ')[1]}` : other.postcode;
      return postcode === formatPostcode(p.postcode!)
        ? null
        : { ...p, postcode, address: other.address.replace(/^\d+/, String(1 + Math.floor(random() * 99))) };
    }
    case 'formatting':
      return {
        ...p,
        firstName: p.firstName.toUpperCase(),
        lastName:
          random() < 0.5 ? p.lastName.toLowerCase().replace(/['-]/g, ' ') : p.lastName.toUpperCase().replace(/'/g, ''),
        postcode: p.postcode!.replace(' ', '').toLowerCase(),
        address:
          p.address
            ?.toUpperCase()
            .replace(/Road/i, 'Rd')
            .replace(/Street/i, 'St') ?? null,
      };
  }
}

/**
 * `count` labelled queries: about 80% corrupted copies (one change, a third with a second) and 20%
 * look-alikes. Look-alikes are made from household members so they share surname, address or birthday.
 */
export function generateQueries(people: GeneratedPerson[], count: number, seed = 7): LabelledQuery[] {
  const random = prng(seed);
  const { given } = data();
  const byHousehold = new Map<number, GeneratedPerson[]>();
  for (const person of people)
    byHousehold.set(person.household, [...(byHousehold.get(person.household) ?? []), person]);
  const queries: LabelledQuery[] = [];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const strip = (p: GeneratedPerson): PersonDetails & { dateOfBirth: string } => ({
    firstName: p.firstName,
    middleNames: p.middleNames ?? null,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    gender: p.gender,
    address: p.address,
    postcode: p.postcode,
  });
  /** A first name that is none of the household's, nor a nickname of theirs. */
  const otherFirstName = (sex: Gender, year: number, household: GeneratedPerson[]) => {
    // Nobody names two children alike: not the same name, a nickname of it, or another child's middle name.
    const taken = household.flatMap((h) => [
      nameKey(h.firstName),
      ...(h.middleNames ? [nameKey(h.middleNames)] : []),
      ...nicknames()
        .groups(nameKey(h.firstName))
        .flatMap((g) => nicknames().members(g)),
    ]);
    for (;;) {
      const name = pickWeighted(given.get(`${sex}:${eraOf(year)}`)!, random);
      const key = nameKey(name);
      if (
        !taken.includes(key) &&
        !nicknames()
          .groups(key)
          .some((g) => taken.some((t) => nicknames().groups(t).includes(g)))
      )
        return name;
    }
  };
  while (queries.length < count) {
    const queryId = `q${String(queries.length + 1).padStart(6, '0')}`;
    const person = pick(people);
    if (random() < 0.8) {
      const kind = pick(CORRUPTIONS);
      let query = corrupt(kind, strip(person), random, people);
      if (!query) continue;
      const changes: string[] = [kind];
      if (kind !== 'exact' && random() < 0.35) {
        const second = pick(CORRUPTIONS.filter((k) => k !== kind && k !== 'exact'));
        const twice = corrupt(second, query, random, people);
        if (twice) {
          query = twice;
          changes.push(second);
        }
      }
      queries.push({ queryId, kind, changes, query, trueId: person.id });
      continue;
    }
    const household = byHousehold.get(person.household)!;
    const kind = pick(LOOK_ALIKES);
    const year = Number(person.dateOfBirth.slice(0, 4));
    const sex: Gender = random() < 0.5 ? 'female' : 'male';
    let query: PersonDetails;
    if (kind === 'twin') {
      query = { ...strip(person), firstName: otherFirstName(sex, year, household), middleNames: null, gender: sex };
    } else if (kind === 'sibling') {
      const shift = (1 + Math.floor(random() * 6)) * (random() < 0.5 ? -1 : 1);
      const dob = `${year + shift}-${person.dateOfBirth.slice(5)}`.replace(/-02-29$/, '-02-28');
      if (dob > REFERENCE_DATE) continue;
      query = {
        ...strip(person),
        firstName: otherFirstName(sex, year + shift, household),
        middleNames: null,
        gender: sex,
        dateOfBirth: dob,
      };
    } else if (kind === 'near-birthday') {
      const days = (1 + Math.floor(random() * 20)) * (random() < 0.5 ? -1 : 1);
      const dob = new Date(Date.parse(`${person.dateOfBirth}T00:00:00Z`) + days * 86_400_000)
        .toISOString()
        .slice(0, 10);
      if (dob > REFERENCE_DATE) continue;
      const elsewhere = pick(people);
      query = {
        firstName: otherFirstName(sex, year, household),
        lastName: person.lastName,
        dateOfBirth: dob,
        gender: sex,
        postcode: `${person.postcode.split(' ')[0]} ${elsewhere.postcode.split(' ')[1]}`,
        address: elsewhere.address,
      };
    } else {
      // A namesake: same first name and surname, born in another year, living elsewhere.
      const other = pick(people);
      const born = year + (3 + Math.floor(random() * 10)) * (random() < 0.5 ? -1 : 1);
      if (born < 1935 || `${born}-12-31` > REFERENCE_DATE) continue;
      query = {
        firstName: person.firstName,
        lastName: person.lastName,
        dateOfBirth: `${born}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`,
        gender: person.gender,
        postcode: other.postcode,
        address: other.address,
      };
    }
    queries.push({ queryId, kind, changes: [kind], query, trueId: null });
  }
  return queries;
}
