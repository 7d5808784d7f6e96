import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { todayInLondon } from '../../../platform/calendar/london.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { can, type Principal } from '../../../platform/permissions/policy.ts';
import { dateInputValues, withDateInputs } from '../../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { MacePanelService } from '../panels/service.ts';
import { actionRoutes } from './action-routes.ts';
import { childFromConcern } from './concern-link.ts';
import { meetingRoutes } from './meeting-routes.ts';
import type { Mace1MeetingsService } from './meetings.ts';
import type { Mace1PlanService } from './plan.ts';
import { DATE_FIELDS, KINDS, declineSchema, nominationSchema, panelMemberSchema } from './schemas.ts';
import type { Mace1Service } from './service.ts';
import { V, dates, day, planAction, kindText, options, radios, riskClass, riskText, typed } from './views.ts';

export interface Mace1RouteDeps {
  mace1: Mace1Service;
  mace1Meetings: Mace1MeetingsService;
  mace1Plans: Mace1PlanService;
  macePanels: MacePanelService;
  reference: ReferenceService;
  /** MACE 2's quadrants the user takes part in, for the MACE home's links. */
  mace2Quadrants: (user: Principal) => Promise<{ code: string; name: string }[]>;
}

/**
 * MACE 1's pages: the MACE home (/mace), the panels (/mace/panels), nominations and their decision, opening a case
 * directly, and a case (/mace/cases/:id, a restricted record the service decides on); the meetings and the
 * protection plan's actions are in meeting-routes.ts and action-routes.ts.
 */
export async function mace1Routes(app: FastifyInstance, deps: Mace1RouteDeps) {
  const { mace1, mace1Meetings, macePanels, reference } = deps;

  app.get(
    '/mace',
    { config: { access: { anyOf: ['exploitation:report', 'mace:take-part'] } } },
    async (request, reply) => {
      const user = request.user!;
      const actor = actorOf(request);
      const takesPart = can(user, 'mace:take-part').allowed;
      const [nominations, cases, meetings, mace2Quadrants] = await Promise.all([
        mace1.nominations(actor, user),
        takesPart ? mace1.list(actor, user) : Promise.resolve([]),
        takesPart ? mace1Meetings.list(user) : Promise.resolve([]),
        takesPart ? deps.mace2Quadrants(user) : Promise.resolve([]),
      ]);
      return reply.render(`${V}/home.njk`, {
        pageTitle: 'MACE',
        nominations,
        cases: cases.map((c) => ({
          ...c,
          kindText: kindText(c.kind),
          riskText: riskText(c.risk_level),
          riskClass: riskClass(c.risk_level),
          reviewText: day(c.review_on),
        })),
        meetings,
        mace2Quadrants,
        takesPart,
        canNominate: can(user, 'exploitation:report').allowed,
        kinds: KINDS,
      });
    },
  );

  // ---- Panels ----
  async function panelsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    errorQuadrant?: string,
  ) {
    const user = request.user!;
    const coordinator = can(user, 'mace:coordinate').allowed;
    const mine = await macePanels.quadrantIdsOf(user);
    const panels = (await macePanels.panels()).filter((p) => mine === 'all' || mine.has(p.quadrantId));
    return reply.render(
      `${V}/panels.njk`,
      {
        pageTitle: coordinator ? 'MACE panels' : 'Your MACE panels',
        panels,
        coordinator,
        values,
        errors,
        errorQuadrant,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/mace/panels', { config: { access: { action: 'mace:take-part' } } }, (request, reply) =>
    panelsPage(request, reply),
  );

  app.post(
    '/mace/panels/:quadrantId/members',
    { config: { access: { action: 'mace:coordinate' } } },
    async (request, reply) => {
      const quadrantId = uuidParam(request, 'quadrantId');
      if (!(await macePanels.panels()).some((p) => p.quadrantId === quadrantId)) throw notFound();
      const form = parseForm(panelMemberSchema, request.body);
      if (!form.ok) return panelsPage(request, reply, form.values, form.errors, quadrantId);
      const member = await mace1.userByEmail(form.data.email);
      if (!member)
        return panelsPage(
          request,
          reply,
          form.values,
          formError('email', 'There is no active user with that email address'),
          quadrantId,
        );
      const added = await macePanels.add(actorOf(request), request.user!, quadrantId, member.id);
      request.session.flash = added
        ? `${member.display_name} now sits on the panel.`
        : `${member.display_name} already sits on the panel.`;
      return reply.redirect('/mace/panels', 303);
    },
  );

  app.post(
    '/mace/panels/:quadrantId/members/:userId/remove',
    { config: { access: { action: 'mace:coordinate' } } },
    async (request, reply) => {
      await macePanels.remove(
        actorOf(request),
        request.user!,
        uuidParam(request, 'quadrantId'),
        uuidParam(request, 'userId'),
      );
      request.session.flash = 'They no longer sit on the panel.';
      return reply.redirect('/mace/panels', 303);
    },
  );

  // ---- Nominations, and a case opened directly ----
  async function nominationForm(
    reply: FastifyReply,
    direct: boolean,
    values: Record<string, unknown>,
    errors?: FormErrors,
    concern?: { id: string; name: string } | null,
  ) {
    const districts = (await reference.districts()).map((d) => ({ id: d.id, name: `${d.name} (${d.quadrant_name})` }));
    return reply.render(
      `${V}/nomination-form.njk`,
      {
        pageTitle: direct ? 'Open a MACE 1 case' : 'Nominate a child to MACE 1',
        direct,
        values,
        errors,
        concern,
        kindItems: radios(KINDS, values.kind),
        districtItems: options(districts, values.district, 'Select a district'),
        dobItems: dates('childDateOfBirth', values, errors),
      },
      errors ? 400 : 200,
    );
  }

  const districtIds = async () => (await reference.districts()).map((d) => d.id);

  app.get('/mace/nominations/new', { config: { access: { action: 'exploitation:report' } } }, (_request, reply) =>
    nominationForm(reply, false, {}),
  );

  // From an exploitation concern: only for someone who may see the concern (its declared access decides).
  app.get(
    '/mace/nominations/from-concern/:id',
    { config: { access: { record: mace1.concernLocator, can: 'restricted:view', action: 'exploitation:report' } } },
    async (request, reply) => {
      const decided = decidedRecord(request);
      const concern = await childFromConcern(
        mace1.deps.exploitation,
        actorOf(request),
        request.user!,
        decided.id,
        decided.access!.reason,
      );
      if (!concern) throw notFound();
      const values = {
        childFirstName: concern.firstName,
        childLastName: concern.lastName,
        concernId: concern.id,
        ...dateInputValues('childDateOfBirth', concern.dateOfBirth),
      };
      return nominationForm(reply, false, values, undefined, {
        id: concern.id,
        name: `${concern.firstName} ${concern.lastName}`,
      });
    },
  );

  app.post(
    '/mace/nominations',
    { config: { access: { action: 'exploitation:report' }, once: true } },
    async (request, reply) => {
      const form = parseForm(
        nominationSchema(await districtIds()),
        withDateInputs(request.body, DATE_FIELDS.nomination),
      );
      if (!form.ok) return nominationForm(reply, false, typed(request), form.errors);
      const id = await mace1.nominate(actorOf(request), request.user!, form.data);
      request.session.flash =
        'The child is nominated to MACE 1. A MACE coordinator will accept or decline the nomination.';
      return reply.redirect(`/mace/nominations/${id}`, 303);
    },
  );

  async function nominationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const nomination = await mace1.nomination(actorOf(request), request.user!, uuidParam(request));
    if (!nomination) throw notFound();
    return reply.render(
      `${V}/nomination.njk`,
      {
        pageTitle: `MACE 1 nomination: ${nomination.child_first_name} ${nomination.child_last_name}`,
        n: nomination,
        kindText: kindText(nomination.kind),
        dob: day(nomination.child_date_of_birth),
        values,
        errors,
      },
      errors ? 400 : 200,
    );
  }

  const nominationAccess = { record: mace1.nominationRecords.byId, can: 'restricted:view-panel' } as const;
  app.get('/mace/nominations/:id', { config: { access: nominationAccess } }, (request, reply) =>
    nominationPage(request, reply),
  );

  app.post(
    '/mace/nominations/:id/accept',
    { config: { access: { ...nominationAccess, action: 'mace:coordinate' }, once: true } },
    async (request, reply) => {
      const caseId = await mace1.accept(actorOf(request), request.user!, uuidParam(request));
      request.session.flash = 'The nomination is accepted and a MACE 1 case is open.';
      return reply.redirect(`/mace/cases/${caseId}`, 303);
    },
  );

  app.post(
    '/mace/nominations/:id/decline',
    { config: { access: { ...nominationAccess, action: 'mace:coordinate' } } },
    async (request, reply) => {
      const form = parseForm(declineSchema, request.body);
      if (!form.ok) return nominationPage(request, reply, form.values, form.errors);
      const id = uuidParam(request);
      await mace1.decline(actorOf(request), request.user!, id, form.data.reason);
      request.session.flash =
        'The nomination is declined. The practitioner who nominated the child will see your reason.';
      return reply.redirect(`/mace/nominations/${id}`, 303);
    },
  );

  app.get('/mace/cases/new', { config: { access: { action: 'mace:coordinate' } } }, (_request, reply) =>
    nominationForm(reply, true, {}),
  );

  app.post('/mace/cases', { config: { access: { action: 'mace:coordinate' }, once: true } }, async (request, reply) => {
    const form = parseForm(nominationSchema(await districtIds()), withDateInputs(request.body, DATE_FIELDS.nomination));
    if (!form.ok) return nominationForm(reply, true, typed(request), form.errors);
    const id = await mace1.openCase(actorOf(request), request.user!, form.data);
    request.session.flash = 'The MACE 1 case is open.';
    return reply.redirect(`/mace/cases/${id}`, 303);
  });

  app.get(
    '/mace/cases/:id',
    { config: { access: { record: mace1.cases.byId, can: 'restricted:view' } } },
    async (request, reply) => {
      const decided = decidedRecord(request);
      const found = await mace1.view(actorOf(request), request.user!, decided.id, Boolean(decided.access?.grant));
      if (!found) throw notFound();
      const { row } = found;
      const settings = await mace1.settings();
      return reply.render(`${V}/case.njk`, {
        pageTitle: `MACE 1: ${row.child_first_name} ${row.child_last_name}`,
        ...found,
        emergencyAccess: decided.access?.banner ?? null,
        kindText: kindText(row.kind),
        riskText: riskText(row.risk_level),
        riskClass: riskClass(row.risk_level),
        dob: day(row.child_date_of_birth),
        opened: day(row.opened_on),
        review: day(row.review_on),
        exited: day(row.exited_on),
        exitReason: settings.exitReasons.find((r) => r.code === row.exit_reason)?.name ?? row.exit_reason,
        actions: found.actions.map((a) => planAction(a, todayInLondon())),
        discussions: found.discussions.map((d) => ({
          ...d,
          riskText: riskText(d.risk_level),
          next: day(d.next_review_on),
          exitText: settings.exitReasons.find((r) => r.code === d.exit_reason)?.name ?? d.exit_reason,
        })),
      });
    },
  );

  await actionRoutes(app, deps);
  await meetingRoutes(app, deps);
}
