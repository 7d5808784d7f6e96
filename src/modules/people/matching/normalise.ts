/**
 * Normalising names, postcodes and addresses for comparison, and the keys stored beside each person
 * (columns of `people`) from which candidate search works.
 */
import { doubleMetaphone } from 'double-metaphone';
import { shippedNicknames } from '../nicknames.ts';
import type { PersonDetails } from './types.ts';

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

export { PLACEHOLDER_FIRST_NAMES };
export const nicknames = () => shippedNicknames(nameKey);
export const sounds = (word: string): string[] => (word ? doubleMetaphone(word) : []);
const phonetic = (word: string): string => (word ? doubleMetaphone(word)[0] : '');

let formalBySound: Map<string, Set<string>> | undefined;
/**
 * The stored first-name keys (`first_phon`: the sound of a name's formal form) that a first name as
 * written may be filed under: the formal form of every name it is a short form or other spelling of
 * (Christopher is filed as Christopher, but also stands for Krzysztof), and of every known name that
 * sounds like it, so a misspelt short form still finds its formal name (Laim sounds like Liam, filed
 * under William).
 */
export function formalSounds(word: string): string[] {
  if (!word) return [];
  if (!formalBySound) {
    formalBySound = new Map();
    for (const name of nicknames().names())
      for (const code of sounds(name))
        if (code)
          formalBySound.set(code, (formalBySound.get(code) ?? new Set()).add(phonetic(nicknames().canonical(name))));
  }
  const found = new Set<string>();
  for (const group of nicknames().groups(word))
    for (const member of nicknames().members(group)) found.add(phonetic(nicknames().canonical(member)));
  for (const code of sounds(word)) for (const formal of formalBySound.get(code) ?? []) found.add(formal);
  found.delete('');
  return [...found];
}

export const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/** A UK postcode in its usual form ("CM1 1QH"), or null when the text is not one. */
export function formatPostcode(value: string): string | null {
  const match = POSTCODE.exec(value.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  return match ? `${match[1]} ${match[2]}` : null;
}

export function postcodeKeys(value: string | null | undefined): { key: string | null; outward: string | null } {
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

export function addressWords(value: string | null | undefined): string[] {
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
