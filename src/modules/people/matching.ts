/**
 * Person matching: "who is this child?". The one implementation used by the Hub's screening, the
 * `npm run match` command and the benchmark, so an accuracy measured on any of them is the product's.
 *
 * Two steps:
 *  1. Candidate search (blocking): a handful of indexed lookups (`blockingPlan`) that between them
 *     find a person despite any one or two of: a typo or nickname in a name, swapped first and last
 *     names, a changed double-barrelled surname, a date of birth with day and month swapped, one
 *     digit wrong or a year out, or a move of house. A few hundred rows at most, whatever the size.
 *  2. Scoring (`scorePair`): each field's agreement adds or removes evidence (log-odds weights in the
 *     style of Fellegi and Sunter), and the sum becomes a score between 0 and 1. MATCH_THRESHOLD (0.5)
 *     is "probably the same person"; candidates from SHOW_THRESHOLD up are shown for the screener
 *     to judge. A different first name outweighs everything else, so a twin or sibling at the same
 *     address with the same surname stays below the threshold.
 */
import { doubleMetaphone } from 'double-metaphone';
import { shippedNicknames } from './nicknames.ts';
import { editDistance, jaroWinkler } from './similarity.ts';

export const GENDERS = ['female', 'male', 'other', 'not-known'] as const;
export type Gender = (typeof GENDERS)[number];

/** What matching reads about a person, as entered. Dates are 'YYYY-MM-DD'. */
export interface PersonDetails {
  firstName: string;
  middleNames?: string | null;
  lastName: string;
  dateOfBirth?: string | null;
  /** For an unborn child, instead of a date of birth. */
  expectedDate?: string | null;
  gender?: Gender | null;
  address?: string | null;
  postcode?: string | null;
}

export interface MatchRecord extends PersonDetails {
  id: string;
}

export interface Candidate {
  id: string;
  /** 0..1; MATCH_THRESHOLD and above is probably the same person. */
  score: number;
  /** score ≥ MATCH_THRESHOLD. */
  likely: boolean;
  /** Why, for the screener: "same date of birth", "first name is a short form (Bill, William)", … */
  reasons: string[];
  person: MatchRecord;
}

/** Probably the same person: the threshold that precision and recall are measured at. */
export const MATCH_THRESHOLD = 0.5;
/** Below this a candidate is not plausible and is not shown. */
export const SHOW_THRESHOLD = 0.1;
export const MAX_CANDIDATES = 5;

// ---- Normalising ----

const SPECIAL_LETTERS: Record<string, string> = {
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** Lower case ASCII letters and digits separated by single spaces: no accents, apostrophes or hyphens. */
export function normaliseText(value: string): string {
  return value
    .toLowerCase()
    .replace(/[łøæœßđðþı]/g, (c) => SPECIAL_LETTERS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’‘`ʼ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A name's words: "Smith-Jones" → ["smith", "jones"], "O'Brien" → ["obrien"]. */
export const nameParts = (name: string): string[] =>
  normaliseText(name).replace(/[0-9]/g, ' ').split(' ').filter(Boolean);
/** A name as one key: "Smith-Jones", "Smith Jones" and "SMITHJONES" are all "smithjones". */
export const nameKey = (name: string): string => nameParts(name).join('');

/** What is written when a baby has no name yet: not evidence either way. */
const PLACEHOLDER_FIRST_NAMES = new Set([
  'baby',
  'unborn',
  'unknown',
  'notknown',
  'infant',
  'newborn',
  'child',
  'bb',
  'babyboy',
  'babygirl',
  'male',
  'female',
]);

const nicknames = () => shippedNicknames(nameKey);
const sounds = (word: string): string[] => (word ? doubleMetaphone(word) : []);
const phonetic = (word: string): string => (word ? doubleMetaphone(word)[0] : '');

const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** A UK postcode in its usual form ("CM1 1QH"), or null when the text is not one. */
export function formatPostcode(value: string): string | null {
  const match = POSTCODE.exec(value.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  return match ? `${match[1]} ${match[2]}` : null;
}

function postcodeKeys(value: string | null | undefined): { key: string | null; outward: string | null } {
  const compact = (value ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
  const full = POSTCODE.exec(compact);
  if (full) return { key: compact, outward: full[1]! };
  return { key: null, outward: OUTWARD.test(compact) ? compact : null };
}

const STREET_WORDS: Record<string, string> = {
  rd: 'road',
  st: 'street',
  ave: 'avenue',
  av: 'avenue',
  ln: 'lane',
  cl: 'close',
  dr: 'drive',
  ct: 'court',
  cres: 'crescent',
  gdns: 'gardens',
  pl: 'place',
  sq: 'square',
  tce: 'terrace',
  gr: 'grove',
  pk: 'park',
  hse: 'house',
  flt: 'flat',
};

function addressWords(value: string | null | undefined): string[] {
  return normaliseText(value ?? '')
    .split(' ')
    .filter(Boolean)
    .map((w) => STREET_WORDS[w] ?? w);
}

/** The keys stored beside each person (columns of `people`), from which candidate search works. */
export interface StoredKeys {
  first_key: string;
  last_key: string;
  first_phon: string;
  last_phon: string;
  postcode_key: string | null;
  postcode_outward: string | null;
}

export function storedKeys(person: PersonDetails): StoredKeys {
  const first = nameKey(person.firstName);
  const last = nameKey(person.lastName);
  const { key, outward } = postcodeKeys(person.postcode);
  return {
    first_key: first,
    last_key: last,
    first_phon: phonetic(nicknames().canonical(first)),
    last_phon: phonetic(last),
    postcode_key: key,
    postcode_outward: outward,
  };
}

// ---- Dates ----

interface Ymd {
  y: number;
  m: number;
  d: number;
}
const parseDate = (value: string | null | undefined): Ymd | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
};
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const formatYmd = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const isRealDate = ({ y, m, d }: Ymd) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1880 && y <= 2200 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  );
};
const dayNumber = ({ y, m, d }: Ymd) => Date.UTC(y, m - 1, d) / 86_400_000;
const addDays = (value: Ymd, days: number) =>
  new Date((dayNumber(value) + days) * 86_400_000).toISOString().slice(0, 10);

/** The day and month swapped, when that is another real date. */
function swapDayMonth(date: Ymd): Ymd | null {
  const swapped = { y: date.y, m: date.d, d: date.m };
  return date.d !== date.m && isRealDate(swapped) ? swapped : null;
}

/** Dates one keying slip away: one digit wrong, two neighbouring digits swapped, or the year out by one. */
export function nearbyDates(value: string): string[] {
  const date = parseDate(value);
  if (!date) return [];
  const digits = formatYmd(date).replace(/-/g, '');
  const found = new Set<string>();
  const add = (text: string) => {
    const candidate = { y: Number(text.slice(0, 4)), m: Number(text.slice(4, 6)), d: Number(text.slice(6, 8)) };
    if (isRealDate(candidate)) found.add(formatYmd(candidate));
  };
  for (let i = 0; i < 8; i += 1) {
    for (let digit = 0; digit <= 9; digit += 1) add(digits.slice(0, i) + digit + digits.slice(i + 1));
    if (i < 7) add(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
  }
  add(`${pad(date.y - 1, 4)}${digits.slice(4)}`);
  add(`${pad(date.y + 1, 4)}${digits.slice(4)}`);
  found.delete(value);
  const swapped = swapDayMonth(date);
  if (swapped) found.delete(formatYmd(swapped));
  return [...found].sort();
}

type DateAgreement = 'same' | 'swapped' | 'year' | 'typo' | 'close' | 'expected' | 'unknown' | 'different';

function compareDates(q: PersonDetails, r: PersonDetails): DateAgreement {
  const a = parseDate(q.dateOfBirth);
  const b = parseDate(r.dateOfBirth);
  if (a && b) {
    const qa = formatYmd(a);
    const rb = formatYmd(b);
    if (qa === rb) return 'same';
    const swapped = swapDayMonth(a);
    if (swapped && formatYmd(swapped) === rb) return 'swapped';
    if (a.m === b.m && a.d === b.d && Math.abs(a.y - b.y) === 1) return 'year';
    if (nearbyDates(qa).includes(rb)) return 'typo';
    // Two slips (a digit and the year, say) still land near the real date; another person rarely does.
    return Math.abs(dayNumber(a) - dayNumber(b)) <= 731 ? 'close' : 'different';
  }
  // An unborn child: an expected date is near the date of birth, or the other expected date.
  const qDate = a ?? parseDate(q.expectedDate);
  const rDate = b ?? parseDate(r.expectedDate);
  if (!qDate || !rDate) return 'unknown';
  return Math.abs(dayNumber(qDate) - dayNumber(rDate)) <= 60 ? 'expected' : 'different';
}

// ---- Names ----

type NameAgreement =
  'same' | 'nickname' | 'part' | 'typo' | 'sounds' | 'middle' | 'initial' | 'similar' | 'unknown' | 'different';

interface NameProfile {
  key: string;
  parts: string[];
}
const nameProfile = (name: string | null | undefined): NameProfile => {
  const parts = nameParts(name ?? '');
  return { key: parts.join(''), parts };
};

/** One slip of the keyboard (two in a long name). Short names need the same first letter too. */
function isTypo(a: string, b: string): boolean {
  const shorter = Math.min(a.length, b.length);
  if (shorter < 3) return false;
  const distance = editDistance(a, b);
  return distance === 1 || (distance === 2 && shorter >= 8);
}
const soundAlike = (a: string, b: string) => {
  const codes = sounds(a);
  return sounds(b).some((code) => code.length > 1 && codes.includes(code));
};

function compareFirstNames(q: NameProfile, r: NameProfile, rMiddle: NameProfile, qMiddle: NameProfile): NameAgreement {
  if (!q.key || !r.key || PLACEHOLDER_FIRST_NAMES.has(q.key) || PLACEHOLDER_FIRST_NAMES.has(r.key)) return 'unknown';
  if (q.key === r.key) return 'same';
  const groups = new Set([...nicknames().groups(q.key), ...nicknames().groups(q.parts[0]!)]);
  if ([...nicknames().groups(r.key), ...nicknames().groups(r.parts[0]!)].some((g) => groups.has(g))) return 'nickname';
  if (
    (q.parts[0] === r.parts[0] && q.parts[0]!.length > 1) ||
    (q.parts.length > 1 && q.parts.includes(r.key)) ||
    (r.parts.length > 1 && r.parts.includes(q.key))
  )
    return 'part';
  if (isTypo(q.key, r.key)) return 'typo';
  // Short given names sound alike too easily (Jean, John): the spelling must be close as well.
  if (soundAlike(q.key, r.key) && jaroWinkler(q.key, r.key) >= 0.75) return 'sounds';
  if ((q.key.length > 1 && rMiddle.parts.includes(q.key)) || (r.key.length > 1 && qMiddle.parts.includes(r.key)))
    return 'middle';
  if ((q.key.length === 1 || r.key.length === 1) && q.key[0] === r.key[0]) return 'initial';
  return jaroWinkler(q.key, r.key) >= 0.85 ? 'similar' : 'different';
}

function compareSurnames(q: NameProfile, r: NameProfile): NameAgreement {
  if (!q.key || !r.key) return 'unknown';
  if (q.key === r.key) return 'same';
  const [fewer, more] = q.parts.length <= r.parts.length ? [q.parts, r.parts] : [r.parts, q.parts];
  if (fewer.every((p) => more.includes(p))) return 'part';
  if (isTypo(q.key, r.key)) return 'typo';
  // As for first names, but surnames are longer: Schmidt and Smith pass, Bell and Bailey do not.
  if (soundAlike(q.key, r.key) && jaroWinkler(q.key, r.key) >= 0.67) return 'sounds';
  if (more.length > 1 && fewer.some((a) => more.some((b) => a === b || isTypo(a, b) || soundAlike(a, b))))
    return 'part';
  return jaroWinkler(q.key, r.key) >= 0.85 ? 'similar' : 'different';
}

// ---- Scoring ----

/**
 * Evidence for "the same person" from each field's agreement, in bits (log2 of how much likelier the
 * agreement is between records of one person than between two people). Tuned on the labelled set of
 * scripts/generate-people.ts: `npm run bench matching` reports the precision and recall they give.
 */
export const WEIGHTS = {
  first: {
    same: 4,
    nickname: 3.5,
    part: 3.5,
    typo: 3,
    sounds: 3,
    middle: 1,
    initial: 0.5,
    similar: 0.5,
    unknown: 0,
    different: -8,
  },
  last: {
    same: 5,
    nickname: 3.5,
    part: 4,
    typo: 3.5,
    sounds: 3.5,
    middle: 0,
    initial: 0,
    similar: 0.5,
    unknown: 0,
    different: -4,
  },
  /** Taken off when the names only agree with first and last swapped. */
  swappedNames: -1.5,
  date: { same: 6, swapped: 4.5, year: 3, typo: 3.5, close: -2, expected: 2, unknown: 0, different: -6 },
  postcode: { same: 3, district: 1, different: 0, unknown: 0 },
  sameAddress: 1.5,
  gender: { same: 0.3, different: -2.5, unknown: 0 },
  /** The evidence at which the score is 0.5, and how quickly the score rises around it. */
  midpoint: 10,
  spread: 2,
} as const;

const FIRST_REASON: Record<NameAgreement, string | null> = {
  same: 'same first name',
  nickname: 'first name is a short form or other spelling',
  part: 'same first given name',
  typo: 'first name spelt differently',
  sounds: 'first name sounds alike',
  middle: 'first name matches a middle name',
  initial: 'same first initial',
  similar: 'first name similar',
  unknown: null,
  different: 'different first name',
};
const LAST_REASON: Record<NameAgreement, string | null> = {
  same: 'same surname',
  nickname: 'surname is a short form',
  part: 'surname shares part of a double-barrelled surname',
  typo: 'surname spelt differently',
  sounds: 'surname sounds alike',
  middle: null,
  initial: null,
  similar: 'surname similar',
  unknown: null,
  different: 'different surname',
};
const DATE_REASON: Record<DateAgreement, string | null> = {
  same: 'same date of birth',
  swapped: 'date of birth with day and month swapped',
  year: 'born on the same day a year apart',
  typo: 'date of birth one digit different',
  close: 'date of birth different, but within two years',
  expected: 'born near the expected date',
  unknown: null,
  different: 'different date of birth',
};

/** A person prepared once for comparing with many others. */
export interface Prepared {
  details: PersonDetails;
  first: NameProfile;
  middle: NameProfile;
  last: NameProfile;
  postcode: { key: string | null; outward: string | null };
  address: string[];
}

export function prepare(details: PersonDetails): Prepared {
  return {
    details,
    first: nameProfile(details.firstName),
    middle: nameProfile(details.middleNames),
    last: nameProfile(details.lastName),
    postcode: postcodeKeys(details.postcode),
    address: addressWords(details.address),
  };
}

function sameAddress(a: string[], b: string[]): boolean {
  if (!a.length || !b.length) return false;
  const numbers = (words: string[]) => words.filter((w) => /\d/.test(w)).join(' ');
  if (numbers(a) !== numbers(b)) return false;
  const [fewer, more] = a.length <= b.length ? [a, b] : [b, a];
  return fewer.filter((w) => !/\d/.test(w)).every((w) => more.includes(w));
}

export interface PairScore {
  score: number;
  /** The evidence in bits, before it becomes a score. */
  weight: number;
  reasons: string[];
}

/** How likely `record` is the person described by `query`, and why. */
export function scorePair(query: PersonDetails | Prepared, record: PersonDetails | Prepared): PairScore {
  const q = 'details' in query ? query : prepare(query);
  const r = 'details' in record ? record : prepare(record);
  const reasons: string[] = [];
  let weight = 0;

  const date = compareDates(q.details, r.details);
  weight += WEIGHTS.date[date];
  if (DATE_REASON[date]) reasons.push(DATE_REASON[date]);

  const first = compareFirstNames(q.first, r.first, r.middle, q.middle);
  const last = compareSurnames(q.last, r.last);
  const direct = WEIGHTS.first[first] + WEIGHTS.last[last];
  // Surname in the first-name box and the other way round: compare crosswise.
  const crossFirst = compareFirstNames(q.last, r.first, r.middle, q.middle);
  const crossLast = compareSurnames(q.first, r.last);
  const crosswise = WEIGHTS.first[crossFirst] + WEIGHTS.last[crossLast] + WEIGHTS.swappedNames;
  if (crosswise > direct && crossFirst !== 'different' && crossLast !== 'different') {
    weight += crosswise;
    reasons.push('first name and surname swapped');
    for (const reason of [FIRST_REASON[crossFirst], LAST_REASON[crossLast]]) if (reason) reasons.push(reason);
  } else {
    weight += direct;
    for (const reason of [FIRST_REASON[first], LAST_REASON[last]]) if (reason) reasons.push(reason);
  }

  const qp = q.postcode;
  const rp = r.postcode;
  if (qp.key && rp.key && qp.key === rp.key) {
    weight += WEIGHTS.postcode.same;
    reasons.push('same postcode');
  } else if (qp.outward && rp.outward && qp.outward === rp.outward) {
    weight += WEIGHTS.postcode.district;
    reasons.push(`same postcode district (${qp.outward})`);
  } else if (qp.outward && rp.outward) {
    reasons.push('different postcode');
  }
  if (sameAddress(q.address, r.address)) {
    weight += WEIGHTS.sameAddress;
    reasons.push('same address');
  }

  const qg = q.details.gender;
  const rg = r.details.gender;
  if ((qg === 'female' || qg === 'male') && (rg === 'female' || rg === 'male')) {
    weight += qg === rg ? WEIGHTS.gender.same : WEIGHTS.gender.different;
    if (qg !== rg) reasons.push('different gender');
  }

  const score = 1 / (1 + Math.exp(-(weight - WEIGHTS.midpoint) / WEIGHTS.spread));
  return { score: Math.round(score * 1000) / 1000, weight, reasons };
}

// ---- Candidate search ----

/** The lookups that find candidates: each field is one block of the query (see repository.ts). */
export interface BlockingPlan {
  /** Everyone born on these days: the date of birth, and with day and month swapped. */
  dates: string[];
  /** Born on one of these days (one slip away) with a first name or surname in `phonetics`. */
  nearDates: string[];
  /** Double Metaphone codes of every name in the query (both boxes, each part, formal forms). */
  phonetics: string[];
  /** Everyone at this postcode (no spaces). */
  postcode: string | null;
  /** Unborn children expected in this range (around the date of birth or expected date). */
  expected: { from: string; to: string } | null;
  /** For an unborn child: born in this range with a name in `phonetics` (recorded after birth). */
  bornBetween: { from: string; to: string } | null;
}

export function blockingPlan(query: PersonDetails): BlockingPlan {
  const dob = parseDate(query.dateOfBirth);
  const dates = dob ? [formatYmd(dob)] : [];
  const swapped = dob && swapDayMonth(dob);
  if (swapped) dates.push(formatYmd(swapped));
  const names = [nameProfile(query.firstName), nameProfile(query.lastName)];
  const phonetics = new Set<string>();
  for (const name of names) {
    for (const word of new Set([name.key, ...name.parts, nicknames().canonical(name.key)]))
      for (const code of sounds(word)) if (code) phonetics.add(code);
  }
  const expected = dob ? null : parseDate(query.expectedDate);
  const around = dob ?? expected;
  const range = (date: Ymd) => ({ from: addDays(date, -60), to: addDays(date, 60) });
  return {
    dates,
    nearDates: dob ? nearbyDates(dates[0]!) : [],
    phonetics: [...phonetics],
    postcode: postcodeKeys(query.postcode).key,
    expected: around ? range(around) : null,
    bornBetween: expected ? range(expected) : null,
  };
}

/** Where candidates come from: PeopleRepository, on PGlite or PostgreSQL. */
export interface CandidateSource {
  candidateRows(plan: BlockingPlan): Promise<MatchRecord[]>;
}

/** Up to five people who may be the one described, best first; empty when nobody plausible. */
export async function findCandidates(source: CandidateSource, query: PersonDetails): Promise<Candidate[]> {
  const rows = await source.candidateRows(blockingPlan(query));
  return rankCandidates(query, rows);
}

/** Scores rows (duplicates allowed) against the query and keeps the plausible best five. */
export function rankCandidates(query: PersonDetails, rows: MatchRecord[]): Candidate[] {
  const q = prepare(query);
  const seen = new Set<string>();
  const scored: Candidate[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const { score, reasons } = scorePair(q, prepare(row));
    if (score >= SHOW_THRESHOLD)
      scored.push({ id: row.id, score, likely: score >= MATCH_THRESHOLD, reasons, person: row });
  }
  return scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, MAX_CANDIDATES);
}
