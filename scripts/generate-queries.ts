/**
 * The labelled test set for person matching: queries with the record they should find, or none.
 *
 * generateQueries(people, count, seed, options) makes, from a population of generatePeople:
 *  - corrupted copies of real records with one, two or three changes at once (a typo, a nickname,
 *    swapped names, hyphenation, a date slip, a move of house, formatting: "three" is often a typo
 *    plus a nickname plus a date slip), each also with fields missing at `missingRate` (postcode,
 *    address, date of birth, gender, middle names), some giving an NHS number or UPN;
 *  - look-alikes whose own record is NOT in the population, that should find nobody: a twin (same
 *    surname, birthday and address), a parent or child with the same name at the same address, a
 *    sibling, a common name born another day, a namesake elsewhere, the same surname born days apart.
 * Each query lists its kinds: its changes, its missing fields, or its kind of look-alike. The same
 * arguments always give the same output.
 */
import { shippedNicknames } from '../src/modules/people/nicknames.ts';
import { formatPostcode, nameKey, type Gender, type PersonDetails } from '../src/modules/people/matching.ts';
import { prng } from './generate-directory.ts';
import {
  REFERENCE_DATE,
  capitalise,
  daysIn,
  data,
  eraOf,
  pad,
  pickWeighted,
  type GeneratedPerson,
} from './generate-people.ts';

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
export const MISSING = ['no-postcode', 'no-address', 'no-date-of-birth', 'no-gender', 'no-middle-names'] as const;
export const LOOK_ALIKES = ['twin', 'parent-child', 'sibling', 'common-name', 'namesake', 'near-birthday'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];
export type Missing = (typeof MISSING)[number];
export type LookAlike = (typeof LOOK_ALIKES)[number];

export interface LabelledQuery {
  queryId: string;
  /** The first change, or the kind of look-alike. */
  kind: Corruption | LookAlike;
  /** Every change made (one to three), or the kind of look-alike. */
  changes: string[];
  /** Fields left out of the query. */
  missing: Missing[];
  /** The query gives an NHS number or UPN. */
  identifier: 'nhs-number' | 'upn' | null;
  query: PersonDetails;
  /** The record the query should find; null for a look-alike, whose own record is not in the population. */
  trueId: string | null;
}

export interface QueryOptions {
  /** Share of queries with fields missing (default 0.3). */
  missingRate?: number;
  /** Share of corrupted copies with two and with three changes (default 0.3 and 0.2). */
  twoChanges?: number;
  threeChanges?: number;
  /** Share of queries that are look-alikes (default 0.25). */
  lookAlikeRate?: number;
  /** Share of queries giving an identifier, when the record has one (default 0.15). */
  identifierRate?: number;
}

type Query = PersonDetails & { dateOfBirth: string };

const nicknames = () => shippedNicknames(nameKey);
const DATE_SLIPS: Corruption[] = ['day-month-swap', 'date-digit', 'date-year'];
const NAME_TYPOS: Corruption[] = ['first-name-typo', 'surname-typo'];

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

function corrupt(kind: Corruption, p: Query, random: () => number, people: GeneratedPerson[]): Query | null {
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

/** Leaves fields out: one or two of postcode, address, date of birth, gender and middle names. */
function leaveOut(query: PersonDetails, random: () => number, keepDate: boolean, keepPlace: boolean): Missing[] {
  const options = MISSING.filter(
    (m) => !(keepDate && m === 'no-date-of-birth') && !(keepPlace && (m === 'no-postcode' || m === 'no-address')),
  );
  const chosen = new Set<Missing>([options[Math.floor(random() * options.length)]!]);
  if (random() < 0.35) chosen.add(options[Math.floor(random() * options.length)]!);
  // With neither a date of birth nor an address (or after a move), names alone cannot tell people apart.
  if (keepPlace) chosen.delete('no-date-of-birth');
  if (chosen.has('no-date-of-birth')) {
    chosen.delete('no-address');
    chosen.delete('no-postcode');
  }
  for (const m of chosen) {
    if (m === 'no-postcode') query.postcode = null;
    if (m === 'no-address') {
      query.address = null;
      query.postcode = null;
    }
    if (m === 'no-date-of-birth') query.dateOfBirth = null;
    if (m === 'no-gender') query.gender = null;
    if (m === 'no-middle-names') query.middleNames = null;
  }
  return [...chosen].sort();
}

/** `count` labelled queries (see the top of this file). */
export function generateQueries(
  people: GeneratedPerson[],
  count: number,
  seed = 7,
  options: QueryOptions = {},
): LabelledQuery[] {
  const missingRate = options.missingRate ?? 0.3;
  const twoChanges = options.twoChanges ?? 0.3;
  const threeChanges = options.threeChanges ?? 0.2;
  const lookAlikeRate = options.lookAlikeRate ?? 0.25;
  const identifierRate = options.identifierRate ?? 0.15;
  const random = prng(seed);
  const { given, surnames } = data();
  const byHousehold = new Map<number, GeneratedPerson[]>();
  for (const person of people)
    byHousehold.set(person.household, [...(byHousehold.get(person.household) ?? []), person]);
  const known = new Set(people.map((p) => `${nameKey(p.firstName)}|${nameKey(p.lastName)}|${p.dateOfBirth}`));
  // Common names: the 15 most frequent surnames; first names among the most frequent of their era.
  const commonSurnames = new Set(surnames.items.slice(0, 15).map(nameKey));
  const firstCounts = new Map<string, number>();
  for (const p of people) firstCounts.set(nameKey(p.firstName), (firstCounts.get(nameKey(p.firstName)) ?? 0) + 1);
  const commonFirst = new Set(
    [...firstCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 60)
      .map(([n]) => n),
  );
  const common = people.filter((p) => commonSurnames.has(nameKey(p.lastName)) && commonFirst.has(nameKey(p.firstName)));
  const queries: LabelledQuery[] = [];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const strip = (p: GeneratedPerson): Query => ({
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
  const shiftDate = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const randomDate = (year: number) =>
    `${year}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}`;

  while (queries.length < count) {
    const queryId = `q${String(queries.length + 1).padStart(6, '0')}`;
    const person = pick(people);
    if (random() >= lookAlikeRate) {
      const roll = random();
      const wanted = roll < threeChanges ? 3 : roll < threeChanges + twoChanges ? 2 : 1;
      let kinds: Corruption[];
      if (wanted === 3 && random() < 0.5) {
        // The hardest common case: a typo, a nickname and a date slip together.
        kinds = [pick(NAME_TYPOS), 'nickname', pick(DATE_SLIPS)];
      } else {
        kinds = [pick(CORRUPTIONS)];
        while (kinds.length < wanted && kinds[0] !== 'exact') {
          const next = pick(CORRUPTIONS.filter((k) => k !== 'exact' && !kinds.includes(k)));
          // One date slip at most: two would leave nothing of the date to recognise.
          if (DATE_SLIPS.includes(next) && kinds.some((k) => DATE_SLIPS.includes(k))) continue;
          kinds.push(next);
        }
      }
      let query: Query | null = strip(person);
      const changes: string[] = [];
      for (const kind of kinds) {
        const changed = corrupt(kind, query, random, people);
        if (!changed) continue;
        query = changed;
        changes.push(kind);
      }
      if (!changes.length) continue;
      const missing =
        random() < missingRate
          ? leaveOut(
              query,
              random,
              changes.some((c) => DATE_SLIPS.includes(c as Corruption)),
              changes.includes('moved-house'),
            )
          : [];
      let identifier: LabelledQuery['identifier'] = null;
      if (random() < identifierRate) {
        if (person.upn && random() < 0.5) {
          query.upn = person.upn;
          identifier = 'upn';
        } else if (person.nhsNumber) {
          query.nhsNumber = person.nhsNumber;
          identifier = 'nhs-number';
        }
      }
      queries.push({ queryId, kind: changes[0] as Corruption, changes, missing, identifier, query, trueId: person.id });
      continue;
    }
    const household = byHousehold.get(person.household)!;
    const kind = pick(LOOK_ALIKES);
    const year = Number(person.dateOfBirth.slice(0, 4));
    const sex: Gender = random() < 0.5 ? 'female' : 'male';
    let query: Query;
    let keepDate = true;
    if (kind === 'twin') {
      query = { ...strip(person), firstName: otherFirstName(sex, year, household), middleNames: null, gender: sex };
      keepDate = false;
    } else if (kind === 'parent-child') {
      // The parent (or child) who shares the name and the address, a generation apart.
      const gap = (20 + Math.floor(random() * 16)) * (year > 1995 || random() < 0.5 ? -1 : 1);
      const dob = randomDate(year + gap);
      if (dob > REFERENCE_DATE || year + gap < 1935) continue;
      query = { ...strip(person), middleNames: null, dateOfBirth: dob };
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
      keepDate = false;
    } else if (kind === 'common-name') {
      // Another Oliver Smith: a common first name and surname, born another day in the same years, elsewhere.
      const namesake = common.length ? pick(common) : person;
      const elsewhere = pick(people);
      const born = Number(namesake.dateOfBirth.slice(0, 4)) + Math.floor(random() * 5) - 2;
      const dob = randomDate(born);
      if (dob > REFERENCE_DATE) continue;
      query = {
        firstName: namesake.firstName,
        lastName: namesake.lastName,
        dateOfBirth: dob,
        gender: namesake.gender,
        postcode: elsewhere.postcode,
        address: elsewhere.address,
      };
    } else if (kind === 'near-birthday') {
      const days = (1 + Math.floor(random() * 20)) * (random() < 0.5 ? -1 : 1);
      const dob = shiftDate(person.dateOfBirth, days);
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
        dateOfBirth: randomDate(born),
        gender: person.gender,
        postcode: other.postcode,
        address: other.address,
      };
    }
    if (known.has(`${nameKey(query.firstName)}|${nameKey(query.lastName)}|${query.dateOfBirth}`)) continue;
    // Look-alikes miss fields too, but never the one that tells them apart.
    const missing = random() < missingRate ? leaveOut(query, random, keepDate, false) : [];
    queries.push({ queryId, kind, changes: [kind], missing, identifier: null, query, trueId: null });
  }
  return queries;
}
