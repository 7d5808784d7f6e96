import { addMonths } from 'date-fns';
import type { FamilyRelationship, NeedOutcome } from '../../../platform/db/schema/index.ts';
import type { FamilySolutionsSettings } from '../../reference/index.ts';

/** Family Solutions' rules with no database: time limits, capacity, who may agree, and the Supporting Families claim. */

/** The calendar day ('YYYY-MM-DD') in Europe/London of an instant: a family opened at 00:30 BST opened that day. */
export { londonDay } from '../../../platform/calendar/london.ts';

/** A calendar day plus whole months; the 31st becomes the month's last day (date-fns addMonths). */
export function addMonthsToDay(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = addMonths(new Date(y, m - 1, d), months);
  return `${next.getFullYear()}-${String(next.getMonth() + 1).padStart(2, '0')}-${String(next.getDate()).padStart(2, '0')}`;
}

export interface TimeLimit {
  openedOn: string;
  /** Each warning (9 and 11 months in Essex) and the day it falls due. */
  warnings: { months: number; dueOn: string }[];
  limitOn: string;
}

/** When a Family Solutions episode's warnings and its limit fall, counted in months from the day it opened. */
export function timeLimit(
  openedOn: string,
  settings: Pick<FamilySolutionsSettings, 'warningMonths' | 'limitMonths'>,
): TimeLimit {
  return {
    openedOn,
    warnings: [...settings.warningMonths]
      .sort((a, b) => a - b)
      .map((months) => ({ months, dueOn: addMonthsToDay(openedOn, months) })),
    limitOn: addMonthsToDay(openedOn, settings.limitMonths),
  };
}

export interface TimeLimitStatus extends TimeLimit {
  /** Warnings whose day has come (on or before today), earliest first. */
  reached: { months: number; dueOn: string }[];
  overLimit: boolean;
}

/** Where an episode stands against its time limit today: what the worker's banner and the manager's list show. */
export function timeLimitStatus(
  openedOn: string,
  today: string,
  settings: Pick<FamilySolutionsSettings, 'warningMonths' | 'limitMonths'>,
): TimeLimitStatus {
  const limit = timeLimit(openedOn, settings);
  return { ...limit, reached: limit.warnings.filter((w) => w.dueOn <= today), overLimit: limit.limitOn <= today };
}

/** What stops an allocation without a reason: the worker, or the team, already at capacity. Empty when there is room. */
export function capacityProblems(
  load: { workerName: string; worker: number; teamName: string; team: number },
  settings: Pick<FamilySolutionsSettings, 'workerCapacity' | 'teamCapacity'>,
): string[] {
  const problems: string[] = [];
  if (load.worker >= settings.workerCapacity)
    problems.push(
      `${load.workerName} already has ${load.worker} ${load.worker === 1 ? 'family' : 'families'} (capacity ${settings.workerCapacity})`,
    );
  if (settings.teamCapacity !== undefined && load.team >= settings.teamCapacity)
    problems.push(`${load.teamName} already has ${load.team} families (capacity ${settings.teamCapacity})`);
  return problems;
}

const ADULT_RELATIONSHIPS: readonly FamilyRelationship[] = ['parent', 'carer', 'partner', 'grandparent'];

/**
 * Who can make the family agreement: members aged 18 or over on the day it is agreed, or, with no
 * date of birth recorded, members whose relationship makes them an adult of the household.
 */
export function isAdultOn(
  member: { date_of_birth: string | null; relationship: FamilyRelationship },
  day: string,
): boolean {
  if (member.date_of_birth) return addMonthsToDay(member.date_of_birth, 18 * 12) <= day;
  return ADULT_RELATIONSHIPS.includes(member.relationship);
}

/** A supervision is due when none has been recorded yet, or the last one's next date has come. */
export const supervisionDue = (lastNextDue: string | null, today: string): boolean =>
  lastNextDue === null || lastNextDue <= today;

export type CriterionStatus = 'met' | 'not-met' | 'not-yet-recorded' | 'waiting';

export interface ClaimCriterion {
  code: 'outcome-areas' | 'assessment' | 'lead-practitioner' | 'plan' | 'outcomes-achieved' | 'sustained';
  name: string;
  status: CriterionStatus;
  detail: string;
}

export interface ClaimInput {
  /** Outcome areas of the episode's needs (repeats allowed). */
  outcomeAreas: string[];
  /** 'not-recorded' when Hearth has no assessments yet (that part of early help is not installed). */
  assessment: 'completed' | 'not-completed' | 'not-recorded';
  leadPractitioner: string | null;
  plan: 'recorded' | 'none' | 'not-recorded';
  needOutcomes: (NeedOutcome | null)[];
  /** The sustainment check: null until the job creates it on its due day. */
  sustainment: { dueOn: string; sustained: boolean | null } | null;
}

export interface ClaimResult {
  criteria: ClaimCriterion[];
  /** 'not-yet-known' while something is waiting (the sustainment check) or not recorded; any unmet rule decides. */
  result: 'meets' | 'does-not-meet' | 'not-yet-known';
}

/** The minimum number of Supporting Families outcome areas a family must have needs in. */
export const MIN_OUTCOME_AREAS = 3;

/**
 * Supporting Families' claim rules for a closed Family Solutions episode: needs in at least three
 * outcome areas, a completed whole-family assessment, a lead practitioner, a plan, every need's
 * outcome achieved, and the progress sustained at the 6-month check.
 */
export function claimCheck(input: ClaimInput): ClaimResult {
  const areas = new Set(input.outcomeAreas).size;
  const achieved = input.needOutcomes.filter((o) => o === 'achieved').length;
  const criteria: ClaimCriterion[] = [
    {
      code: 'outcome-areas',
      name: `Needs in at least ${MIN_OUTCOME_AREAS} outcome areas`,
      status: areas >= MIN_OUTCOME_AREAS ? 'met' : 'not-met',
      detail: `${areas} outcome ${areas === 1 ? 'area' : 'areas'}`,
    },
    {
      code: 'assessment',
      name: 'A whole-family assessment',
      status:
        input.assessment === 'completed' ? 'met' : input.assessment === 'not-recorded' ? 'not-yet-recorded' : 'not-met',
      detail:
        input.assessment === 'completed'
          ? 'Completed'
          : input.assessment === 'not-recorded'
            ? 'Not yet recorded in Hearth'
            : 'Not completed',
    },
    {
      code: 'lead-practitioner',
      name: 'A lead practitioner',
      status: input.leadPractitioner ? 'met' : 'not-met',
      detail: input.leadPractitioner ?? 'None recorded',
    },
    {
      code: 'plan',
      name: 'A family plan',
      status: input.plan === 'recorded' ? 'met' : input.plan === 'not-recorded' ? 'not-yet-recorded' : 'not-met',
      detail:
        input.plan === 'recorded'
          ? 'Recorded'
          : input.plan === 'not-recorded'
            ? 'Not yet recorded in Hearth'
            : 'No plan',
    },
    {
      code: 'outcomes-achieved',
      name: 'Outcomes achieved for every need',
      status: input.needOutcomes.length > 0 && achieved === input.needOutcomes.length ? 'met' : 'not-met',
      detail: input.needOutcomes.length
        ? `${achieved} of ${input.needOutcomes.length} needs achieved`
        : 'No needs recorded',
    },
    {
      code: 'sustained',
      name: 'Progress sustained at the sustainment check',
      status:
        !input.sustainment || input.sustainment.sustained === null
          ? 'waiting'
          : input.sustainment.sustained
            ? 'met'
            : 'not-met',
      detail: !input.sustainment
        ? 'The check is not due yet'
        : input.sustainment.sustained === null
          ? 'The check is due and not yet recorded'
          : input.sustainment.sustained
            ? 'Sustained'
            : 'Not sustained',
    },
  ];
  const result = criteria.some((c) => c.status === 'not-met')
    ? 'does-not-meet'
    : criteria.every((c) => c.status === 'met')
      ? 'meets'
      : 'not-yet-known';
  return { criteria, result };
}
