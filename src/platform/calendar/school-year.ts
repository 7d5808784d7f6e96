import { getYear, parseISO, subMonths } from 'date-fns';

/**
 * England's school year, which starts on 1 September (Education Act 1996, s.434: a child's year group follows the
 * school year in which they reach compulsory school age). Worked out with date-fns, once, for every module.
 *
 * A school year is named by the calendar year it starts in: 1 September 2025 to 31 August 2026 is 2025.
 */

/** The school year a day ('YYYY-MM-DD') falls in: eight months back lands 1 September on 1 January of its year. */
export const schoolYearOf = (day: string): number => getYear(subMonths(parseISO(day), 8));

/** Reception is year group 0; Year 1 to Year 11 are 1 to 11. Below 0 is not yet of school age; above 11 has left. */
export const RECEPTION = 0;
export const YEAR_11 = 11;

/**
 * The year group of a child born in school year `birthSchoolYear` (see schoolYearOf) during school year `schoolYear`:
 * a child starts Reception in the school year that begins five years after the one they were born in (born
 * September 2019 to August 2020: Reception from September 2024).
 */
export const yearGroupIn = (birthSchoolYear: number, schoolYear: number): number => schoolYear - birthSchoolYear - 5;

/** The year group on a day of a child born on `dateOfBirth` (both 'YYYY-MM-DD'). */
export const yearGroupOn = (dateOfBirth: string, day: string): number =>
  yearGroupIn(schoolYearOf(dateOfBirth), schoolYearOf(day));

/** 'Reception', 'Year 1' … 'Year 11'; 'Below Reception' and 'Past Year 11' outside compulsory school age. */
export function yearGroupName(yearGroup: number): string {
  if (yearGroup < RECEPTION) return 'Below Reception';
  if (yearGroup > YEAR_11) return 'Past Year 11';
  return yearGroup === RECEPTION ? 'Reception' : `Year ${yearGroup}`;
}

/** Reception to Year 11: the year groups whose children may be missing education or home educated. */
export const COMPULSORY_YEAR_GROUPS = Array.from({ length: YEAR_11 + 1 }, (_, i) => i);
