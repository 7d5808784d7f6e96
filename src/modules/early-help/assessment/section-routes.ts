import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { HEARD_HOW, HEARD_HOW_NAMES, LIMITS, SECTION_STATUS_NAMES } from './rules.ts';
import { analysisSchema, memberSectionSchema } from './schemas.ts';
import { SectionStale } from './service.ts';
import { V, type Deps, type View, assessmentPages, sectionValues, staleText } from './routes-shared.ts';

/** One family member's section (their views in their words) and the practitioner's analysis, each saved on its own. */
export async function sectionRoutes(app: FastifyInstance, deps: Deps) {
  const { assessment, earlyHelp } = deps;
  const { base, user, pathOf, open, problemOf, flash, areaItems } = assessmentPages(deps);

  // ---- One family member's section ----

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
}
