/**
 * How common a candidate's name is, from the people table itself (never from a list of names): the
 * same evidence counts less when many people could have given it by chance (Fellegi and Sunter's
 * u-probability per value, as in Splink's term-frequency adjustments).
 *
 * The fixed weights in score.ts say how much a name and a slipped date are worth for a typical name
 * in a small table. Among 1,500,000 people a common name and a date one slip away are often a
 * coincidence: another Oliver Smith born one digit away. So for a candidate whose names agree we
 * estimate how many people in the table would agree this well by chance:
 *
 *   chance namesakes = people whose names sound like the candidate's (first and surname together)
 *                      × the share of people whose date of birth would agree this well
 *
 * (× the share of the table living in the postcode district, when both are in the same one) and take
 * log2(chance namesakes / tolerated) bits off when that is above the tolerated number. A same postcode,
 * address or whole middle name is evidence a namesake elsewhere would not have: then nothing is taken off.
 * A rare name, or the same date of birth, comes to a tiny number and counts as before.
 */
import { nearbyDates, swapDayMonth, parseDate, formatYmd, type DateAgreement } from './dates.ts';

/** What the table says about one candidate: read by the CandidateSource (repository.ts), cached. */
export interface Commonness {
  /** Live people whose first name and surname sound like the candidate's (the candidate included). */
  namesakes: number;
  /** Live people born on the candidate's date of birth (0 when it has none). */
  bornThatDay: number;
  /** Live people in the candidate's postcode district (CM4): a namesake elsewhere rarely lives there too. */
  inDistrict?: number;
  /** Live people in the table. */
  people: number;
}

/** Chance namesakes tolerated before a name counts less, and the most taken off (bits). */
export const COMMON_NAME = { tolerated: 0.02, most: 8 } as const;

/** How many dates of birth count as agreeing at this level: a slip of the date lets in more people. */
function agreeingDates(date: DateAgreement, recordDate: string | null | undefined): number {
  switch (date) {
    case 'same':
      return 1;
    case 'swapped': {
      const parsed = parseDate(recordDate);
      return parsed && swapDayMonth(parsed) ? 2 : 1;
    }
    case 'year':
      return 2;
    case 'typo':
      return recordDate ? Math.max(1, nearbyDates(formatYmd(parseDate(recordDate)!)).length) : 60;
    case 'close':
      return 2 * 731;
    case 'expected':
      return 121;
    case 'unknown':
    case 'different':
      return Infinity;
  }
}

/**
 * People in the table expected to agree with the query this well by chance: by name and date, and
 * by district when the query and the candidate are in the same postcode district.
 */
export function chanceNamesakes(
  c: Commonness,
  date: DateAgreement,
  recordDate: string | null | undefined,
  sameDistrict = false,
): number {
  const days = agreeingDates(date, recordDate);
  // A name nobody else in the table has is not common, whatever the date.
  if (!c.people || c.namesakes < 2) return 0;
  // The share born on any one day: this candidate's day (at least one person a day, if any share a date).
  const dateShare = Number.isFinite(days) ? Math.min(1, (days * Math.max(1, c.bornThatDay)) / c.people) : 1;
  const districtShare = sameDistrict && c.inDistrict ? Math.min(1, c.inDistrict / c.people) : 1;
  return c.namesakes * dateShare * districtShare;
}

/** Bits taken off the names' evidence: 0 for a rare name or an exact date, up to COMMON_NAME.most. */
export function commonNamePenalty(expected: number): number {
  if (expected <= COMMON_NAME.tolerated) return 0;
  return Math.min(COMMON_NAME.most, Math.log2(expected / COMMON_NAME.tolerated));
}
