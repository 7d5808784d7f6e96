/**
 * Scoring a pair (`scorePair`): each field's agreement adds or removes evidence (log-odds weights in
 * the style of Fellegi and Sunter), and the sum becomes a score between 0 and 1.
 */
import { chanceNamesakes, commonNamePenalty, type Commonness } from './commonness.ts';
import { compareDates, type DateAgreement } from './dates.ts';
import { compactNhsNumber, compactUpn, compareIdentifier } from './identifiers.ts';
import {
  compareFirstNames,
  compareSurnames,
  isTypo,
  nameProfile,
  type NameAgreement,
  type NameProfile,
} from './names.ts';
import { addressWords, postcodeKeys } from './normalise.ts';
import type { PersonDetails } from './types.ts';

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
    /**
     * Close in spelling but more than a slip apart and not sounding alike (Anna and Hannah, Harry and
     * Harper): another name, as a brother's or sister's is, so it counts against.
     */
    similar: -4,
    unknown: 0,
    different: -10,
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
  /** A date more than a slip away is another person: a sibling, a parent or child of the same name. */
  date: { same: 6, swapped: 4.5, year: 3, typo: 3.5, close: -8, expected: 2, unknown: 0, different: -12 },
  postcode: { same: 3, district: 1, different: 0, unknown: 0 },
  /** The same house number and street: more when there is no postcode to agree on. */
  sameAddress: 1.5,
  sameAddressNoPostcode: 4,
  /**
   * Both have middle names: the first of them is the same (or one slip apart), only the initials
   * agree (one is written as an initial), or they differ (a twin's, a sibling's). A whole middle name
   * agreeing is strong evidence: another person with the same first name and surname rarely has it.
   */
  middle: { same: 3, initial: 1, different: -1.5 },
  /** An NHS number or UPN on both records decides: the same number, or two people. */
  identifier: { same: 25, different: -25 },
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
  similar: 'first name close, but another name',
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

const IDENTIFIERS = [
  ['NHS number', 'nhsNumber', compactNhsNumber],
  ['Unique Pupil Number', 'upn', compactUpn],
] as const;

export interface PairScore {
  score: number;
  /** The evidence in bits, before it becomes a score. */
  weight: number;
  reasons: string[];
}

/**
 * How likely `record` is the person described by `query`, and why. With `commonness` (how many people
 * in the table share the record's name, commonness.ts), a common name with a loose date counts less.
 */
export function scorePair(
  query: PersonDetails | Prepared,
  record: PersonDetails | Prepared,
  commonness?: Commonness,
): PairScore {
  const q = 'details' in query ? query : prepare(query);
  const r = 'details' in record ? record : prepare(record);
  const reasons: string[] = [];
  let weight = 0;

  for (const [label, field, compact] of IDENTIFIERS) {
    const agreement = compareIdentifier(q.details[field], r.details[field], compact);
    if (agreement === 'unknown') continue;
    weight += WEIGHTS.identifier[agreement];
    reasons.push(`${agreement} ${label}`);
  }

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
  const agrees = (a: NameAgreement) => a !== 'different' && a !== 'unknown';
  let namesAgree = agrees(first) && agrees(last);
  if (crosswise > direct && crossFirst !== 'different' && crossLast !== 'different') {
    namesAgree = agrees(crossFirst) && agrees(crossLast);
    weight += crosswise;
    reasons.push('first name and surname swapped');
    for (const reason of [FIRST_REASON[crossFirst], LAST_REASON[crossLast]]) if (reason) reasons.push(reason);
  } else {
    weight += direct;
    for (const reason of [FIRST_REASON[first], LAST_REASON[last]]) if (reason) reasons.push(reason);
  }

  const qp = q.postcode;
  const rp = r.postcode;
  const samePostcode = !!qp.key && !!rp.key && qp.key === rp.key;
  const bothAtAddress = sameAddress(q.address, r.address);
  if (samePostcode) {
    weight += WEIGHTS.postcode.same;
    reasons.push('same postcode');
  } else if (qp.outward && rp.outward && qp.outward === rp.outward) {
    weight += WEIGHTS.postcode.district;
    reasons.push(`same postcode district (${qp.outward})`);
  } else if (qp.outward && rp.outward) {
    reasons.push('different postcode');
  }
  if (bothAtAddress) {
    weight += qp.key && rp.key ? WEIGHTS.sameAddress : WEIGHTS.sameAddressNoPostcode;
    reasons.push('same address');
  }

  let sameMiddle = false;
  const qm = q.middle.parts[0];
  const rm = r.middle.parts[0];
  if (qm && rm) {
    const middle =
      qm === rm || (qm.length > 3 && rm.length > 3 && qm[0] === rm[0] && isTypo(qm, rm))
        ? 'same'
        : (qm.length === 1 || rm.length === 1) && qm[0] === rm[0]
          ? 'initial'
          : 'different';
    weight += WEIGHTS.middle[middle];
    sameMiddle = middle === 'same';
    reasons.push(
      { same: 'same middle name', initial: 'same middle initial', different: 'different middle name' }[middle],
    );
  }

  const qg = q.details.gender;
  const rg = r.details.gender;
  if ((qg === 'female' || qg === 'male') && (rg === 'female' || rg === 'male')) {
    weight += qg === rg ? WEIGHTS.gender.same : WEIGHTS.gender.different;
    if (qg !== rg) reasons.push('different gender');
  }

  // A namesake elsewhere with a loose date: likely a coincidence when many share the name (commonness.ts).
  // A namesake elsewhere would rarely share the postcode, the address or a whole middle name as well.
  if (commonness && namesAgree && !samePostcode && !bothAtAddress && !sameMiddle) {
    const sameDistrict = !!qp.outward && qp.outward === rp.outward;
    const penalty = commonNamePenalty(chanceNamesakes(commonness, date, r.details.dateOfBirth, sameDistrict));
    if (penalty > 0) {
      weight -= penalty;
      reasons.push(
        `a common name (${commonness.namesakes.toLocaleString('en-GB')} people here have one like it): counts less`,
      );
    }
  }

  const score = 1 / (1 + Math.exp(-(weight - WEIGHTS.midpoint) / WEIGHTS.spread));
  return { score: Math.round(score * 1000) / 1000, weight, reasons };
}
