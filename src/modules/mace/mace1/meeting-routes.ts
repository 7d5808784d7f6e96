import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { dateInputValues, withDateInputs } from '../../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { Mace1RouteDeps } from './routes.ts';
import { DATE_FIELDS, RISK_LEVELS, discussionSchema, informationSchema, meetingSchema } from './schemas.ts';
import { STALE, V, dates, planAction, day, kindText, options, radios, riskClass, riskText, typed } from './views.ts';

const agendaSchema = z.object({
  caseId: z.uuid('Select a case'),
  include: z.enum(['yes', 'no'], 'Reload the page and try again'),
});

/**
 * MACE 1's meetings: scheduling one (coordinators), the meeting and its agenda (the panel of its quadrant), adding
 * or taking off a case, and one case at the meeting: each agency's information, the discussion, the risk level,
 * the next review or exit, and the protection plan's actions.
 */
export async function meetingRoutes(app: FastifyInstance, { mace1, mace1Meetings, reference }: Mace1RouteDeps) {
  async function meetingForm(reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) {
    const quadrants = (await reference.quadrants()).map((q) => ({ id: q.id, name: q.name }));
    return reply.render(
      `${V}/meeting-form.njk`,
      {
        pageTitle: 'Schedule a MACE 1 meeting',
        values,
        errors,
        quadrantItems: options(quadrants, values.quadrant, 'Select a quadrant'),
        whereItems: radios({ 'in-person': 'In person', online: 'Online' }, values.where),
        dateItems: dates('date', values, errors),
      },
      errors ? 400 : 200,
    );
  }
  const quadrantIds = async () => (await reference.quadrants()).map((q) => q.id);

  app.get('/mace/meetings/new', { config: { access: { action: 'mace:coordinate' } } }, (_request, reply) =>
    meetingForm(reply, {}),
  );

  app.post(
    '/mace/meetings',
    { config: { access: { action: 'mace:coordinate' }, once: true } },
    async (request, reply) => {
      const form = parseForm(meetingSchema(await quadrantIds()), withDateInputs(request.body, DATE_FIELDS.meeting));
      if (!form.ok) return meetingForm(reply, typed(request), form.errors);
      const id = await mace1Meetings.schedule(actorOf(request), request.user!, form.data);
      request.session.flash = 'The meeting is scheduled. Its agenda is built from the cases due.';
      return reply.redirect(`/mace/meetings/${id}`, 303);
    },
  );

  app.get('/mace/meetings/:id', { config: { access: { action: 'mace:take-part' } } }, async (request, reply) => {
    const found = await mace1Meetings.view(actorOf(request), request.user!, uuidParam(request));
    if (!found) throw notFound();
    return reply.render(`${V}/meeting.njk`, {
      pageTitle: `MACE 1 meeting: ${found.meeting.quadrant_name}`,
      ...found,
      agenda: found.agenda.map((c) => ({
        ...c,
        kindText: kindText(c.kind),
        riskText: riskText(c.risk_level),
        riskClass: riskClass(c.risk_level),
      })),
      addItems: options(
        found.others.map((c) => ({ id: c.id, name: `${c.child_first_name} ${c.child_last_name}` })),
        '',
        'Select a case',
      ),
    });
  });

  app.post(
    '/mace/meetings/:id/agenda',
    { config: { access: { action: 'mace:coordinate' } } },
    async (request, reply) => {
      const id = uuidParam(request);
      const form = parseForm(agendaSchema, request.body);
      if (!form.ok) {
        request.session.flash = 'Select a case to add to the agenda.';
        return reply.redirect(`/mace/meetings/${id}`, 303);
      }
      const include = form.data.include === 'yes';
      await mace1Meetings.changeAgenda(actorOf(request), request.user!, id, form.data.caseId, include);
      request.session.flash = include ? 'The case is added to the agenda.' : 'The case is taken off the agenda.';
      return reply.redirect(`/mace/meetings/${id}`, 303);
    },
  );

  // ---- One case at the meeting ----
  async function casePage(
    request: FastifyRequest,
    reply: FastifyReply,
    forms: { information?: Record<string, unknown>; discussion?: Record<string, unknown> } = {},
    errors?: FormErrors,
  ) {
    const found = await mace1Meetings.caseAt(
      actorOf(request),
      request.user!,
      uuidParam(request),
      uuidParam(request, 'caseId'),
    );
    if (!found) throw notFound();
    const { row, discussion } = found;
    const settings = await mace1.settings();
    const d: Record<string, unknown> = forms.discussion ?? {
      version: row.version,
      summary: discussion?.summary ?? '',
      riskLevel: discussion?.risk_level ?? row.risk_level ?? '',
      outcome: discussion?.outcome ?? '',
      exitReason: discussion?.exit_reason ?? '',
      ...dateInputValues('nextReview', discussion?.next_review_on),
    };
    return reply.render(
      `${V}/case-at-meeting.njk`,
      {
        pageTitle: `${row.child_first_name} ${row.child_last_name}: MACE 1 meeting`,
        ...found,
        kindText: kindText(row.kind),
        riskText: riskText(row.risk_level),
        riskClass: riskClass(row.risk_level),
        review: day(row.review_on),
        info: forms.information ?? {},
        d,
        errors,
        riskItems: radios(RISK_LEVELS, d.riskLevel),
        exitItems: options(
          settings.exitReasons.map((r) => ({ id: r.code, name: r.name })),
          d.exitReason,
          'Select a reason',
        ),
        nextReviewItems: dates('nextReview', d, errors),
        outcome: d.outcome,
        actions: found.actions.map((a) => planAction(a, todayInLondon())),
      },
      errors ? 400 : 200,
    );
  }

  const caseAccess = { access: { action: 'mace:take-part' } } as const;
  app.get('/mace/meetings/:id/cases/:caseId', { config: caseAccess }, (request, reply) => casePage(request, reply));

  app.post(
    '/mace/meetings/:id/cases/:caseId/information',
    { config: { ...caseAccess, once: true } },
    async (request, reply) => {
      const form = parseForm(informationSchema, request.body);
      if (!form.ok) return casePage(request, reply, { information: form.values }, form.errors);
      const meetingId = uuidParam(request);
      const caseId = uuidParam(request, 'caseId');
      await mace1Meetings.recordInformation(actorOf(request), request.user!, meetingId, caseId, form.data.information);
      request.session.flash = 'Your agency’s information is recorded.';
      return reply.redirect(`/mace/meetings/${meetingId}/cases/${caseId}`, 303);
    },
  );

  app.post(
    '/mace/meetings/:id/cases/:caseId/discussion',
    { config: { access: { action: 'mace:coordinate' } } },
    async (request, reply) => {
      const exitReasons = (await mace1.settings()).exitReasons.map((r) => r.code);
      const form = parseForm(discussionSchema(exitReasons), withDateInputs(request.body, DATE_FIELDS.discussion));
      if (!form.ok) return casePage(request, reply, { discussion: typed(request) }, form.errors);
      const meetingId = uuidParam(request);
      const caseId = uuidParam(request, 'caseId');
      try {
        await mace1Meetings.recordDiscussion(actorOf(request), request.user!, meetingId, caseId, form.data);
      } catch (error) {
        if (!(error instanceof StaleVersionError)) throw error;
        const version = await mace1.caseVersion(caseId);
        return casePage(request, reply, { discussion: { ...typed(request), version } }, formError('version', STALE));
      }
      request.session.flash =
        form.data.outcome === 'exit'
          ? 'The discussion is recorded and the child exits MACE 1.'
          : 'The discussion is recorded.';
      return reply.redirect(`/mace/meetings/${meetingId}/cases/${caseId}`, 303);
    },
  );
}
