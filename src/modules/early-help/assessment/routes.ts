import { uuidParam } from '../../../platform/http/params.ts';
import { currentUser } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, formErrors, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { HEARD_HOW, HEARD_HOW_NAMES, LIMITS, SECTION_STATUS_NAMES, type Problem, type SectionStatus } from './rules.ts';
import { analysisSchema, completeSchema, memberSectionSchema } from './schemas.ts';
import { AssessmentProblems, SectionStale, type AssessmentService } from './service.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { EarlyHelpError, type EarlyHelpService } from '../service.ts';

const V = 'early-help/assessment/views';
type Deps = {
  assessment: AssessmentService;
  earlyHelp: EarlyHelpService;
  reference: ReferenceService;
};
type View = NonNullable<Awaited<ReturnType<AssessmentService['view']>>>;
type Section = NonNullable<View['analysis']>;

const toErrors = (problems: Problem[], rename: (field: string) => string = (f) => f): FormErrors =>
  formErrors(problems.map((p) => ({ field: rename(p.field), text: p.text })));
/** A section's status as the GOV.UK task list shows it: plain text when nothing is asked of the user, a tag otherwise. */
const taskStatus = (status: SectionStatus) =>
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
const staleText = (current: { updated_by_name: string | null; updated_at: Date }) =>
  `${current.updated_by_name ?? 'Someone else'} saved this section at ${time.format(current.updated_at)}, after you opened it. Nothing you typed has been saved: it is still in the form below, with what is saved now above it. Bring the two together, then save again.`;

/** The form's values from a saved section, for a page opened fresh. */
function sectionValues(section: Section | null, defaults: { heardBy?: string } = {}): Record<string, unknown> {
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

/**
 * The Shared Family Assessment's pages, under the episode: the task list, one page per family
 * member's section and the analysis, and check-and-complete. Every page declares record access to the family
 * (policy by involvement, break-glass, audit); changes go through AssessmentService, which asks the
 * policy for record:edit again and audits a refusal.
 */
export async function assessmentRoutes(app: FastifyInstance, { assessment, earlyHelp, reference }: Deps) {
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

  // ---- The task list ----

  async function renderOverview(reply: FastifyReply, view: View, errors?: FormErrors) {
    return reply.render(
      `${V}/assessment-overview.njk`,
      {
        pageTitle: 'Shared Family Assessment',
        ...view,
        taskStatus,
        statusNames: SECTION_STATUS_NAMES,
        relationshipNames: RELATIONSHIP_NAMES,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    base,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      return view ? renderOverview(reply, view) : reply;
    },
  );

  app.post(
    base,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      try {
        await assessment.start(actorOf(request), user(request), view.episode.id);
      } catch (error) {
        return renderOverview(reply, view, problemOf(error));
      }
      flash(
        request,
        'The Shared Family Assessment has started. Each section is saved on its own, so you can come back to it.',
      );
      return reply.redirect(pathOf(view.episode.id), 303);
    },
  );

  // ---- One family member's section ----

  const areaItems = async (selected: unknown) => [
    { value: '', text: 'Choose an outcome area' },
    ...(await reference.outcomeAreas()).map((a) => ({ value: a.code, text: a.name, selected: selected === a.code })),
  ];

  function memberOf(request: FastifyRequest, view: View) {
    const { personId } = request.params as { personId: string };
    const member =
      view.members.find((m) => m.personId === personId) ?? view.formerSections.find((f) => f.personId === personId);
    if (!member || !view.assessment) throw notFound();
    return {
      ...member,
      current: view.members.some((m) => m.personId === personId),
      child: 'child' in member ? member.child : !!member.section.heard_how,
    };
  }

  async function renderMember(
    reply: FastifyReply,
    view: View,
    member: ReturnType<typeof memberOf>,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; stale?: SectionStale['current'] } = {},
  ) {
    return reply.render(
      `${V}/assessment-member.njk`,
      {
        pageTitle: member.child ? `In ${member.name}’s words` : `${member.name}’s views`,
        ...view,
        member,
        values,
        errors: extra.errors,
        stale: extra.stale ?? null,
        editable: view.editable && member.current,
        limits: LIMITS,
        sectionNeeds: view.needs.filter((n) => n.person_id === member.personId),
        areaItems: await areaItems(values.needArea),
        heardHowItems: HEARD_HOW.map((h) => ({ value: h, text: HEARD_HOW_NAMES[h], checked: values.heardHow === h })),
        heardHowNames: HEARD_HOW_NAMES,
        statusNames: SECTION_STATUS_NAMES,
      },
      extra.errors ? 400 : 200,
    );
  }

  app.get(
    `${base}/members/:personId`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      const member = memberOf(request, view);
      return renderMember(
        reply,
        view,
        member,
        sectionValues(member.section, { heardBy: member.child ? user(request).displayName : '' }),
      );
    },
  );

  app.post(
    `${base}/members/:personId`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      const member = memberOf(request, view);
      const form = parseForm(memberSectionSchema, request.body);
      if (!form.ok) return renderMember(reply, view, member, form.values, { errors: form.errors });
      const f = form.data;
      try {
        const absenceReason = f.participation === 'took-part' ? '' : f.absenceReason;
        const saved = await assessment.saveMember(
          actorOf(request),
          user(request),
          view.episode.id,
          member.personId,
          f.version,
          {
            participation: f.participation,
            absenceReason,
            views: f.views,
            strengths: f.strengths,
            needs: f.needs,
            goals: f.goals,
            heardBy: f.heardBy,
            heardHow: f.heardHow || null,
            finished: f.finished,
          },
          { area: f.needArea, description: f.needDescription, adding: f.action === 'add-need' },
        );
        if (f.action === 'add-need') {
          flash(request, 'The need is added to the family’s needs. The section is saved.');
          return reply.redirect(`${pathOf(view.episode.id)}/members/${member.personId}#needs`, 303);
        }
        flash(request, `${member.name}’s section is saved${saved.needId ? ', with the need you added' : ''}.`);
        return reply.redirect(pathOf(view.episode.id), 303);
      } catch (error) {
        if (error instanceof SectionStale) {
          return renderMember(
            reply,
            view,
            member,
            { ...form.values, version: error.current.version },
            { errors: formError('form', staleText(error.current)), stale: error.current },
          );
        }
        return renderMember(reply, view, member, form.values, { errors: problemOf(error) });
      }
    },
  );

  // ---- The practitioner's analysis ----

  async function renderAnalysis(
    reply: FastifyReply,
    view: View,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; stale?: SectionStale['current'] } = {},
  ) {
    return reply.render(
      `${V}/assessment-analysis.njk`,
      {
        pageTitle: 'The practitioner’s analysis',
        ...view,
        values,
        errors: extra.errors,
        stale: extra.stale ?? null,
        limits: LIMITS,
        sectionNeeds: view.needs.filter((n) => n.person_id === null),
        areaItems: await areaItems(values.needArea),
        statusNames: SECTION_STATUS_NAMES,
      },
      extra.errors ? 400 : 200,
    );
  }

  app.get(
    `${base}/analysis`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      return renderAnalysis(reply, view, sectionValues(view.analysis));
    },
  );

  app.post(
    `${base}/analysis`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      const form = parseForm(analysisSchema, request.body);
      if (!form.ok) return renderAnalysis(reply, view, form.values, { errors: form.errors });
      const f = form.data;
      try {
        const saved = await assessment.saveAnalysis(
          actorOf(request),
          user(request),
          view.episode.id,
          f.version,
          { analysis: f.analysis, finished: f.finished },
          { area: f.needArea, description: f.needDescription, adding: f.action === 'add-need' },
        );
        if (f.action === 'add-need') {
          flash(request, 'The need is added to the family’s needs. The analysis is saved.');
          return reply.redirect(`${pathOf(view.episode.id)}/analysis#needs`, 303);
        }
        flash(request, `The analysis is saved${saved.needId ? ', with the need you added' : ''}.`);
        return reply.redirect(pathOf(view.episode.id), 303);
      } catch (error) {
        if (error instanceof SectionStale) {
          return renderAnalysis(
            reply,
            view,
            { ...form.values, version: error.current.version },
            { errors: formError('form', staleText(error.current)), stale: error.current },
          );
        }
        return renderAnalysis(reply, view, form.values, { errors: problemOf(error) });
      }
    },
  );

  // ---- Check and complete ----

  async function renderCheck(reply: FastifyReply, view: View, errors?: FormErrors) {
    return reply.render(
      `${V}/assessment-check.njk`,
      {
        pageTitle:
          view.assessment?.status === 'completed' ? 'The completed assessment' : 'Check and complete the assessment',
        ...view,
        errors,
        heardHowNames: HEARD_HOW_NAMES,
        statusNames: SECTION_STATUS_NAMES,
        relationshipNames: RELATIONSHIP_NAMES,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    `${base}/check`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      return renderCheck(reply, view);
    },
  );

  app.post(
    `${base}/check`,
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const view = await open(request);
      if (!view) return reply;
      if (!view.assessment) throw notFound();
      const form = parseForm(completeSchema, request.body);
      if (!form.ok) return renderCheck(reply, view, form.errors);
      try {
        await assessment.complete(actorOf(request), user(request), view.episode.id, form.data.version);
      } catch (error) {
        const errors = problemOf(error);
        return renderCheck(reply, (await assessment.view(user(request), view.episode.id))!, errors);
      }
      flash(request, 'The Shared Family Assessment is complete. Its needs are ready for the Early Help Plan.');
      return reply.redirect(pathOf(view.episode.id), 303);
    },
  );
}
