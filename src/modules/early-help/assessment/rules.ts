import type { AssessmentParticipation, ChildHeardHow, FamilyRelationship } from '../../../platform/db/schema/index.ts';

/**
 * The Shared Family Assessment's rules that need no database, kept pure so they are tested directly:
 * who is heard as a child, what a section's status is, what a finished section must hold, when a
 * need is complete enough to record, and what stops the assessment being completed.
 */

export const LIMITS = { text: 5000, analysis: 10000, reason: 1000, heardBy: 200, need: 2000 } as const;

export const HEARD_HOW: readonly ChildHeardHow[] = [
  'conversation',
  'drawing',
  'play',
  'writing',
  'observation',
  'other',
];
export const HEARD_HOW_NAMES: Record<ChildHeardHow, string> = {
  conversation: 'Talking with them',
  drawing: 'A drawing or picture they made',
  play: 'Through play',
  writing: 'Something they wrote',
  observation: 'The worker’s observation (for a baby or a child who does not talk yet)',
  other: 'Another way',
};

export const PARTICIPATION: readonly AssessmentParticipation[] = ['took-part', 'declined', 'not-seen'];

export type SectionStatus = 'not-started' | 'in-progress' | 'completed' | 'declined' | 'not-seen';
export const SECTION_STATUS_NAMES: Record<SectionStatus, string> = {
  'not-started': 'Not yet started',
  'in-progress': 'In progress',
  completed: 'Completed',
  declined: 'Declined',
  'not-seen': 'Not seen',
};

/** A problem shown on one field of the form (or one section on the check page). */
export interface Problem {
  field: string;
  text: string;
}

/** A child's section is "in the child's words": a child or sibling, or anyone under 18 (or not yet born). */
export function isChild(
  member: { relationship: FamilyRelationship; date_of_birth: string | null; expected_date?: string | null },
  today: string,
): boolean {
  if (member.relationship === 'child' || member.relationship === 'sibling') return true;
  if (!member.date_of_birth) return !!member.expected_date;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const adult = `${String(y - 18).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return member.date_of_birth > adult;
}

/** A section's status on the task list, from its saved row (none: not started). */
export function sectionStatus(
  section: { participation: AssessmentParticipation | null; finished: boolean } | null | undefined,
): SectionStatus {
  if (!section) return 'not-started';
  if (section.participation === 'declined') return 'declined';
  if (section.participation === 'not-seen') return 'not-seen';
  return section.finished ? 'completed' : 'in-progress';
}

export interface MemberSectionInput {
  participation: AssessmentParticipation;
  absenceReason: string;
  views: string;
  strengths: string;
  needs: string;
  goals: string;
  heardBy: string;
  heardHow: ChildHeardHow | null;
  /** 'yes' or 'no' to "Have you finished this section?"; '' when not answered. */
  finished: 'yes' | 'no' | '';
}

/**
 * What stops a member's section being saved. Part-way saves are fine; finishing needs their words,
 * and for a child who heard them and how. Declining or not being seen needs the reason.
 */
export function memberSectionProblems(input: MemberSectionInput, who: { name: string; child: boolean }): Problem[] {
  if (input.participation !== 'took-part') {
    return input.absenceReason
      ? []
      : [
          {
            field: 'absenceReason',
            text:
              input.participation === 'declined'
                ? `Say why ${who.name} chose not to take part`
                : `Say why ${who.name} was not seen`,
          },
        ];
  }
  if (!input.finished) return [{ field: 'finished', text: 'Select whether you have finished this section' }];
  if (input.finished === 'no') return [];
  const problems: Problem[] = [];
  if (![input.views, input.strengths, input.needs, input.goals].some(Boolean)) {
    problems.push({
      field: 'views',
      text: who.child
        ? `Enter what ${who.name} said, in their words, before finishing the section`
        : `Enter ${who.name}’s views, in their own words, before finishing the section`,
    });
  }
  if (who.child && !input.heardHow) problems.push({ field: 'heardHow', text: `Select how ${who.name} was heard` });
  if (who.child && !input.heardBy) problems.push({ field: 'heardBy', text: `Enter who heard ${who.name}` });
  return problems;
}

/** The analysis: part-way saves are fine; finishing needs the analysis written. */
export function analysisProblems(input: { analysis: string; finished: 'yes' | 'no' | '' }): Problem[] {
  if (!input.finished) return [{ field: 'finished', text: 'Select whether you have finished this section' }];
  if (input.finished === 'yes' && !input.analysis)
    return [{ field: 'analysis', text: 'Enter your analysis before finishing the section' }];
  return [];
}

/**
 * A need found in the section: both its outcome area (one of the tenant's) and its words, or neither.
 * "Add this need" with neither asks for both.
 */
export function needProblems(
  need: { area: string; description: string },
  adding: boolean,
  areaCodes: readonly string[],
): Problem[] {
  if (!need.area && !need.description && !adding) return [];
  const problems: Problem[] = [];
  if (!areaCodes.includes(need.area))
    problems.push({ field: 'needArea', text: 'Select the Supporting Families outcome area of the need' });
  if (!need.description)
    problems.push({ field: 'needDescription', text: 'Describe the need, in the family’s words where you can' });
  return problems;
}

/**
 * What stops the assessment being completed: every current family member's section finished,
 * declined or not seen, and the practitioner's analysis finished. Each problem names its section.
 */
export function completionProblems(
  members: { personId: string; name: string; status: SectionStatus }[],
  analysis: SectionStatus,
): Problem[] {
  const problems: Problem[] = [];
  for (const m of members) {
    if (m.status === 'not-started')
      problems.push({ field: `section-${m.personId}`, text: `${m.name}’s section has not been started` });
    if (m.status === 'in-progress')
      problems.push({ field: `section-${m.personId}`, text: `${m.name}’s section is not finished` });
  }
  if (analysis !== 'completed')
    problems.push({ field: 'section-analysis', text: 'The practitioner’s analysis is not finished' });
  return problems;
}
