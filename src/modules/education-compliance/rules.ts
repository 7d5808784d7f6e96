import type { EducationCasesTable, SaoStage } from '../../platform/db/schema/index.ts';
import { RECEPTION, YEAR_11, yearGroupName, yearGroupOn } from '../../platform/calendar/school-year.ts';

/**
 * Education Compliance's rules (issue 15; seed 004), kept apart from the database so they read in one place and are
 * tested alone: who may be counted as missing education or home educated (Reception to Year 11), the School
 * Attendance Order's stages in order, and what each outcome needs.
 */

/** A rule the officer can put right: shown in the error summary against `field`. */
export class EducationRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The child already has an open case: the new report belongs on it. */
export class OpenCaseExists extends Error {
  constructor(readonly caseId: string) {
    super('This child already has an open Education Compliance case.');
  }
}

export const KIND_NAMES = { cme: 'Child missing education', ehe: 'Elective home education' } as const;

/** The School Attendance Order's stages, in the order the Education Act 1996 (s.437–s.443) takes them. */
export const SAO_STAGES: readonly SaoStage[] = ['notice', 'order', 'prosecution-referral'];
export const SAO_NAMES: Record<SaoStage, string> = {
  notice: 'Notice of intention to serve a School Attendance Order',
  order: 'School Attendance Order served',
  'prosecution-referral': 'Referred for prosecution',
};
export const SAO_DATE_COLUMN = {
  notice: 'sao_notice_on',
  order: 'sao_order_on',
  'prosecution-referral': 'sao_prosecution_on',
} as const satisfies Record<SaoStage, keyof EducationCasesTable>;

export const OUTCOME_NAMES = {
  'on-roll': 'On a school roll',
  'moved-authority': 'Moved to another local authority',
  'left-country': 'Left the country',
  'school-leaving-age': 'Reached school-leaving age (past Year 11)',
} as const;

/**
 * The year group the child is in on `day`, refused outside Reception to Year 11: a school leaver (past Year 11) is
 * not missing education, and a child below Reception is not yet of compulsory school age.
 */
export function compulsoryYearGroup(dateOfBirth: string, day: string, what: string): number {
  const yearGroup = yearGroupOn(dateOfBirth, day);
  if (yearGroup > YEAR_11)
    throw new EducationRuleError(
      'dateOfBirth-day',
      `This child was past Year 11 on ${day} (${yearGroupName(yearGroup)}): a school leaver cannot be recorded as ${what}. Check the date of birth.`,
    );
  if (yearGroup < RECEPTION)
    throw new EducationRuleError(
      'dateOfBirth-day',
      `This child was not yet in Reception on ${day}: a child below compulsory school age cannot be recorded as ${what}. Check the date of birth.`,
    );
  return yearGroup;
}

type SaoState = Pick<EducationCasesTable, 'kind' | 'closed_on' | 'sao_stage' | 'cme_from'> &
  Partial<Pick<EducationCasesTable, 'sao_notice_on' | 'sao_order_on' | 'sao_prosecution_on'>>;

/** The stage that comes next, or null once the child has been referred for prosecution. */
export function nextSaoStage(current: SaoStage | null): SaoStage | null {
  const at = current === null ? -1 : SAO_STAGES.indexOf(current);
  return SAO_STAGES[at + 1] ?? null;
}

/** Refuses a stage out of order, on a case that is not (or no longer) missing education, or dated before the last. */
export function checkSaoStep(found: SaoState, stage: SaoStage, on: string): void {
  if (found.closed_on)
    throw new EducationRuleError('stage', 'This case is closed: no School Attendance Order stage can be added.');
  if (found.kind !== 'cme')
    throw new EducationRuleError(
      'stage',
      'School Attendance Order stages are for a child missing education. Assess the home education first: unsuitable education makes the child missing education.',
    );
  const next = nextSaoStage(found.sao_stage);
  if (next === null) throw new EducationRuleError('stage', 'Every School Attendance Order stage has been recorded.');
  if (stage !== next)
    throw new EducationRuleError(
      'stage',
      `School Attendance Order stages go in order (notice, order, prosecution referral). The next stage for this child is: ${SAO_NAMES[next].toLowerCase()}.`,
    );
  const previous = found.sao_stage ? found[SAO_DATE_COLUMN[found.sao_stage]] : found.cme_from;
  if (previous && on < previous)
    throw new EducationRuleError(
      'on-day',
      `The date must be the same as or after ${previous}, the date of the ${found.sao_stage ? 'stage before' : 'child’s report as missing education'}.`,
    );
}
