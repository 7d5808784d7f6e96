import { uuidParam, currentUser } from '../../../platform/http/params.ts';
import type { FastifyRequest } from 'fastify';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { SECTION_STATUS_NAMES, type Problem, type SectionStatus } from './rules.ts';
import { AssessmentProblems, type AssessmentService } from './service.ts';
import { EarlyHelpError, type EarlyHelpService } from '../service.ts';

export const V = 'early-help/assessment/views';
export type Deps = {
  assessment: AssessmentService;
  earlyHelp: EarlyHelpService;
  reference: ReferenceService;
};
export type View = NonNullable<Awaited<ReturnType<AssessmentService['view']>>>;
export type Section = NonNullable<View['analysis']>;

export const toErrors = (problems: Problem[], rename: (field: string) => string = (f) => f): FormErrors =>
  formErrors(problems.map((p) => ({ field: rename(p.field), text: p.text })));
/** A section's status as the GOV.UK task list shows it: plain text when nothing is asked of the user, a tag otherwise. */
export const taskStatus = (status: SectionStatus) =>
  status === 'not-started' || status === 'completed'
    ? { text: SECTION_STATUS_NAMES[status] }
    : {
        tag: {
          text: SECTION_STATUS_NAMES[status],
          classes: status === 'in-progress' ? 'govuk-tag--light-blue' : 'govuk-tag--grey',
        },
      };
const time = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  day: 'numeric',
  month: 'long',
});
export const staleText = (current: { updated_by_name: string | null; updated_at: Date }) =>
  `${current.updated_by_name ?? 'Someone else'} saved this section at ${time.format(current.updated_at)}, after you opened it. Nothing you typed has been saved: it is still in the form below, with what is saved now above it. Bring the two together, then save again.`;

/** The form's values from a saved section, for a page opened fresh. */
export function sectionValues(section: Section | null, defaults: { heardBy?: string } = {}): Record<string, unknown> {
  if (!section) return { version: 0, heardBy: defaults.heardBy ?? '' };
  return {
    version: section.version,
    participation: section.participation,
    absenceReason: section.absence_reason ?? '',
    views: section.views,
    strengths: section.strengths,
    needs: section.needs,
    goals: section.goals,
    analysis: section.analysis,
    heardBy: section.heard_by ?? defaults.heardBy ?? '',
    heardHow: section.heard_how ?? '',
    finished: section.participation && section.participation !== 'took-part' ? '' : section.finished ? 'yes' : 'no',
  };
}

/** What every assessment page shares: the signed-in user, the assessment as the route's declared access found it. */
export function assessmentPages({ assessment, reference }: Deps) {
  const base = '/early-help/episodes/:id/assessment';
  const user = currentUser;
  const pathOf = (episodeId: string) => `/early-help/episodes/${episodeId}/assessment`;

  /** The assessment as the viewer may see it; the route's declared access has decided (and audited) the family. */
  async function open(request: FastifyRequest): Promise<View> {
    return (await assessment.view(user(request), uuidParam(request)))!;
  }

  /** A service refusal as the page's errors, or rethrown when it is not one the user can fix. */
  function problemOf(error: unknown, rename?: (field: string) => string): FormErrors {
    if (error instanceof AssessmentProblems) return toErrors(error.problems, rename);
    if (error instanceof EarlyHelpError) return formError('form', error.message);
    if (error instanceof StaleVersionError)
      return formError(
        'form',
        'Someone saved part of the assessment after you opened this page. Check it as it is now, then complete it.',
      );
    throw error;
  }

  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

  const areaItems = async (selected: unknown) => [
    { value: '', text: 'Choose an outcome area' },
    ...(await reference.outcomeAreas()).map((a) => ({ value: a.code, text: a.name, selected: selected === a.code })),
  ];

  return { base, user, pathOf, open, problemOf, flash, areaItems };
}
