import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { MaracAccess } from '../access.ts';
import { planRoutes } from './plan-routes.ts';
import type { MaracPlanService } from './plan.ts';
import { STALE, V, agencyName, basisText, options, typed } from './present.ts';
import { discussionSchema, listSchema, moveSchema, presentSchema, researchSchema } from './schemas.ts';
import { MaracRefused, type MaracMeetingService } from './service.ts';

export interface MaracMeetingRouteDeps {
  maracMeetings: MaracMeetingService;
  maracPlans: MaracPlanService;
  maracAccess: MaracAccess;
}

/**
 * MARAC's meetings: the next meeting's list, one case at a meeting (each agency's research, the discussion), and
 * the coordinator's listing, moving, presence and discussion. A case's pages are restricted records (the case's
 * MARAC and its referrer; never break-glass).
 */
export async function maracMeetingRoutes(app: FastifyInstance, deps: MaracMeetingRouteDeps) {
  const { maracMeetings: meetings, maracAccess: access } = deps;
  const settings = () => meetings.deps.settings();
  const takePart = { config: { access: { action: 'marac:take-part' } } } as const;
  const coordinate = { config: { access: { action: 'marac:coordinate' } } } as const;

  app.get('/marac/meetings', takePart, async (_request, reply) => {
    const next = await meetings.next();
    if (!next) throw notFound();
    return reply.redirect(`/marac/meetings/${next.id}`, 303);
  });

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const found = await meetings.view(actorOf(request), request.user!, uuidParam(request));
    if (!found) throw notFound();
    const { agencies, meetings: m } = await settings();
    const slotName = m.slots.find((s) => s.code === found.meeting.slot)?.name ?? 'MARAC meeting';
    const present = (errors ? typed(request).agencies : found.meeting.agencies_present) ?? [];
    return reply.render(
      `${V}/meeting.njk`,
      {
        pageTitle: `${slotName}: the list`,
        ...found,
        slotName,
        // The next few meetings, to prepare ahead or move a case (the move form on a case offers them all).
        otherMeetings: found.upcoming.filter((m) => m.id !== found.meeting.id).slice(0, 4),
        statusText: found.meeting.status === 'held' ? 'Held' : 'To come',
        list: found.list.map((c) => ({
          ...c,
          basisText: basisText(c.risk_basis),
          toResearchText: c.toResearch.map((a) => agencyName(agencies, a)).join(', '),
        })),
        presentItems: agencies.map((a) => ({
          value: a.code,
          text: a.name,
          checked: ([] as unknown[]).concat(present).includes(a.code),
        })),
        unlistedItems: options(
          found.unlisted.map((c) => ({ id: c.id, name: c.reference })),
          '',
          'Select a case',
        ),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/marac/meetings/:id', takePart, (request, reply) => meetingPage(request, reply));

  app.post('/marac/meetings/:id/present', coordinate, async (request, reply) => {
    const codes = (await settings()).agencies.map((a) => a.code);
    const form = parseForm(presentSchema(codes), request.body);
    if (!form.ok) return meetingPage(request, reply, form.errors);
    const id = uuidParam(request);
    try {
      await meetings.recordPresent(actorOf(request), request.user!, id, form.data.agencies, form.data.version);
    } catch (error) {
      if (error instanceof StaleVersionError) return meetingPage(request, reply, formError('agencies', STALE));
      throw error;
    }
    request.session.flash = 'The agencies present are recorded.';
    return reply.redirect(`/marac/meetings/${id}`, 303);
  });

  app.post(
    '/marac/meetings/:id/list',
    { config: { access: { action: 'marac:coordinate' }, once: true } },
    async (request, reply) => {
      const form = parseForm(listSchema, request.body);
      if (!form.ok) return meetingPage(request, reply, form.errors);
      const id = uuidParam(request);
      try {
        await meetings.listCase(actorOf(request), request.user!, id, form.data.caseId);
      } catch (error) {
        if (error instanceof MaracRefused) return meetingPage(request, reply, formError('caseId', error.message));
        throw error;
      }
      request.session.flash = 'The case is listed.';
      return reply.redirect(`/marac/meetings/${id}`, 303);
    },
  );

  // ---- One case at a meeting (a restricted record) ----
  const caseRecord = { record: access.locator('caseId'), can: 'restricted:view-marac' } as const;

  async function casePage(
    request: FastifyRequest,
    reply: FastifyReply,
    forms: { research?: Record<string, unknown>; discussion?: Record<string, unknown> } = {},
    errors?: FormErrors,
  ) {
    const found = await meetings.caseAt(
      actorOf(request),
      request.user!,
      uuidParam(request),
      uuidParam(request, 'caseId'),
    );
    if (!found) throw notFound();
    const r = forms.research ?? {};
    // Research refused as already recorded keeps the form, with what was typed, for the agency it was typed for.
    const typedAgency = typeof r.agency === 'string' && found.speaksFor.includes(r.agency) ? r.agency : null;
    const mayResearch =
      typedAgency && !found.mayResearch.includes(typedAgency) ? [...found.mayResearch, typedAgency] : found.mayResearch;
    const upcoming = found.coordinator ? await meetings.upcoming() : [];
    return reply.render(
      `${V}/case-at-meeting.njk`,
      {
        pageTitle: `Case ${found.row.reference}: MARAC meeting`,
        ...found,
        basisText: basisText(found.row.risk_basis),
        research: found.research.map((x) => ({ ...x, agencyName: agencyName(found.agencies, x.agency) })),
        r,
        d: forms.discussion ?? { version: found.hearing.version, discussion: found.hearing.discussion ?? '' },
        agencyItems: options(
          mayResearch.map((a) => ({ id: a, name: agencyName(found.agencies, a) })),
          r.agency ?? (mayResearch.length === 1 ? mayResearch[0] : ''),
          'Select the agency',
        ),
        knownItems: [
          { value: 'yes', text: 'Known', checked: r.known === 'yes' },
          { value: 'no', text: 'Not known', checked: r.known === 'no' },
        ],
        moveItems: options(
          upcoming
            .filter((m) => m.id !== found.meeting.id)
            .map((m) => ({
              id: m.id,
              name: m.starts_at.toLocaleString('en-GB', {
                timeZone: 'Europe/London',
                dateStyle: 'full',
                timeStyle: 'short',
              }),
            })),
          '',
          'Select a meeting',
        ),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/marac/meetings/:id/cases/:caseId',
    { config: { access: { ...caseRecord, action: 'marac:take-part' } } },
    (request, reply) => casePage(request, reply),
  );

  app.post(
    '/marac/meetings/:id/cases/:caseId/research',
    { config: { access: { ...caseRecord, action: 'marac:take-part' }, once: true } },
    async (request, reply) => {
      const codes = (await settings()).agencies.map((a) => a.code);
      const form = parseForm(researchSchema(codes), request.body);
      if (!form.ok) return casePage(request, reply, { research: form.values }, form.errors);
      const meetingId = uuidParam(request);
      const caseId = uuidParam(request, 'caseId');
      try {
        await meetings.recordResearch(actorOf(request), request.user!, meetingId, caseId, form.data);
      } catch (error) {
        if (error instanceof MaracRefused)
          return casePage(request, reply, { research: typed(request) }, formError(error.field, error.message));
        if (error instanceof StaleVersionError)
          return casePage(request, reply, { research: typed(request) }, formError('information', STALE));
        throw error;
      }
      request.session.flash = 'The research is recorded.';
      return reply.redirect(`/marac/meetings/${meetingId}/cases/${caseId}`, 303);
    },
  );

  const coordinateCase = { access: { ...caseRecord, action: 'marac:coordinate' } } as const;

  app.post('/marac/meetings/:id/cases/:caseId/discussion', { config: coordinateCase }, async (request, reply) => {
    const form = parseForm(discussionSchema, request.body);
    if (!form.ok) return casePage(request, reply, { discussion: typed(request) }, form.errors);
    const meetingId = uuidParam(request);
    const caseId = uuidParam(request, 'caseId');
    try {
      await meetings.recordDiscussion(actorOf(request), request.user!, meetingId, caseId, form.data);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const hearing = await meetings.hearing(meetingId, caseId);
      return casePage(
        request,
        reply,
        { discussion: { ...typed(request), version: hearing?.version } },
        formError('discussion', STALE),
      );
    }
    request.session.flash = 'The discussion is recorded. Add the safety action plan’s actions.';
    return reply.redirect(`/marac/cases/${caseId}/plan`, 303);
  });

  app.post('/marac/meetings/:id/cases/:caseId/move', { config: coordinateCase }, async (request, reply) => {
    const form = parseForm(moveSchema, request.body);
    if (!form.ok) return casePage(request, reply, {}, form.errors);
    const meetingId = uuidParam(request);
    const caseId = uuidParam(request, 'caseId');
    try {
      await meetings.moveCase(actorOf(request), request.user!, meetingId, caseId, form.data.meetingId);
    } catch (error) {
      if (error instanceof MaracRefused) return casePage(request, reply, {}, formError(error.field, error.message));
      throw error;
    }
    request.session.flash = 'The case is moved.';
    return reply.redirect(`/marac/meetings/${form.data.meetingId}`, 303);
  });

  await planRoutes(app, deps);
}
