import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { MaracMeetingRouteDeps } from './routes.ts';
import { STALE, V, actionStatus, agencyName, options, typed } from './present.ts';
import { ACTION_STATUSES, DATE_FIELDS, actionSchema, closeSchema, invitationSchema, updateSchema } from './schemas.ts';
import { MaracRefused } from './service.ts';

type Forms = {
  action?: Record<string, unknown>;
  invitation?: Record<string, unknown>;
  closing?: Record<string, unknown>;
  review?: Record<string, unknown>;
};

/**
 * A case's safety action plan (a restricted record): its actions and their reviews, adding an action (coordinators),
 * inviting another agency to the case and withdrawing it, closing the case; and "MARAC actions for you", the
 * actions a user owns, with only the action, its due date and the case's reference.
 */
export async function planRoutes(
  app: FastifyInstance,
  { maracMeetings, maracPlans, maracAccess }: MaracMeetingRouteDeps,
) {
  const settings = () => maracMeetings.deps.settings();
  const view = { record: maracAccess.locator(), can: 'restricted:view-marac' } as const;
  const coordinate = { ...view, action: 'marac:coordinate' } as const;

  async function planPage(request: FastifyRequest, reply: FastifyReply, forms: Forms = {}, errors?: FormErrors) {
    const found = await maracPlans.plan(actorOf(request), request.user!, uuidParam(request));
    if (!found) throw notFound();
    const { agencies } = await settings();
    const a = forms.action ?? {};
    const organisations = await maracPlans.organisations();
    return reply.render(
      `${V}/plan.njk`,
      {
        pageTitle: `Safety action plan: case ${found.row.reference}`,
        ...found,
        statusText: { referred: 'Referred', listed: 'Listed', heard: 'Heard', closed: 'Closed' }[found.row.status],
        actions: found.actions.map((x) => ({ ...x, ...actionStatus(x), agencyName: agencyName(agencies, x.agency) })),
        statuses: ACTION_STATUSES,
        a,
        inv: forms.invitation ?? {},
        closing: forms.closing ?? {},
        review: forms.review ?? {},
        agencyItems: options(
          agencies.map((x) => ({ id: x.code, name: x.name })),
          a.agency,
          'Select the agency',
        ),
        organisationItems: options(organisations, (forms.invitation ?? {}).organisation, 'Select an organisation'),
        dueItems: dateInputItems('due', a, Boolean(errors?.fields['due-day'])),
        errors,
      },
      errors ? 400 : 200,
    );
  }

  app.get('/marac/cases/:id/plan', { config: { access: view } }, (request, reply) => planPage(request, reply));

  app.post('/marac/cases/:id/actions', { config: { access: coordinate, once: true } }, async (request, reply) => {
    const codes = (await settings()).agencies.map((x) => x.code);
    const form = parseForm(actionSchema(codes), withDateInputs(request.body, DATE_FIELDS.action));
    if (!form.ok) return planPage(request, reply, { action: typed(request) }, form.errors);
    const caseId = uuidParam(request);
    const hearing = (await maracMeetings.hearingsOf(caseId)).find((h) => h.heard_at);
    let added;
    try {
      added = await maracPlans.addAction(actorOf(request), request.user!, caseId, hearing?.id ?? null, form.data);
    } catch (error) {
      if (error instanceof MaracRefused)
        return planPage(request, reply, { action: typed(request) }, formError(error.field, error.message));
      throw error;
    }
    request.session.flash =
      added.routed === 'hub'
        ? 'The action is added. Complete the Request for Support to the Hub and send it.'
        : added.routed === 'early-help'
          ? 'The action is added to the list of the early help worker the child is open to.'
          : 'The action is added to the safety action plan.';
    return reply.redirect(added.draftId ? `/requests/drafts/${added.draftId}` : `/marac/cases/${caseId}/plan`, 303);
  });

  app.post('/marac/cases/:id/invitations', { config: { access: coordinate, once: true } }, async (request, reply) => {
    const organisationIds = (await maracPlans.organisations()).map((o) => o.id);
    const form = parseForm(invitationSchema(organisationIds), request.body);
    if (!form.ok) return planPage(request, reply, { invitation: typed(request) }, form.errors);
    const caseId = uuidParam(request);
    try {
      await maracPlans.invite(actorOf(request), request.user!, caseId, form.data);
    } catch (error) {
      if (error instanceof MaracRefused)
        return planPage(request, reply, { invitation: typed(request) }, formError(error.field, error.message));
      throw error;
    }
    request.session.flash = 'The invitation is recorded: they can now see this case and its plan.';
    return reply.redirect(`/marac/cases/${caseId}/plan`, 303);
  });

  app.post(
    '/marac/cases/:id/invitations/:invitationId/withdraw',
    { config: { access: coordinate } },
    async (request, reply) => {
      const caseId = uuidParam(request);
      await maracPlans.withdraw(actorOf(request), request.user!, caseId, uuidParam(request, 'invitationId'));
      request.session.flash = 'The invitation is withdrawn.';
      return reply.redirect(`/marac/cases/${caseId}/plan`, 303);
    },
  );

  app.post('/marac/cases/:id/close', { config: { access: coordinate } }, async (request, reply) => {
    const form = parseForm(closeSchema, request.body);
    if (!form.ok) return planPage(request, reply, { closing: typed(request) }, form.errors);
    const caseId = uuidParam(request);
    try {
      await maracPlans.close(actorOf(request), request.user!, caseId, form.data);
    } catch (error) {
      if (error instanceof MaracRefused)
        return planPage(request, reply, { closing: typed(request) }, formError('reason', error.message));
      if (error instanceof StaleVersionError)
        return planPage(request, reply, { closing: typed(request) }, formError('reason', STALE));
      throw error;
    }
    request.session.flash = 'The case is closed.';
    return reply.redirect(`/marac/cases/${caseId}/plan`, 303);
  });

  // ---- The actions a user owns ----
  async function minePage(
    request: FastifyRequest,
    reply: FastifyReply,
    review: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const actions = await maracPlans.mine(actorOf(request), request.user!);
    return reply.render(
      `${V}/my-actions.njk`,
      { pageTitle: 'MARAC actions for you', actions, review, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/marac/actions', { config: { access: { signedIn: true } } }, (request, reply) => minePage(request, reply));

  app.post('/marac/actions/:id/review', { config: { access: { signedIn: true } } }, async (request, reply) => {
    const actionId = uuidParam(request);
    const fromMine = (request.query as { from?: string } | undefined)?.from === 'mine';
    const action = await maracPlans.action(actionId);
    if (!action) throw notFound();
    // A refused form goes back to the plan only for someone who takes part in the case; an owner who does not
    // (an early help worker) sees only their own list.
    const again = async (errors: FormErrors) => {
      const review = { ...typed(request), actionId };
      const member = (await maracAccess.involvements(action.case_id, request.user!))?.includes('marac-member');
      if (fromMine || !member) return minePage(request, reply, review, errors);
      request.params = { id: action.case_id };
      return planPage(request, reply, { review }, errors);
    };
    const form = parseForm(updateSchema, request.body);
    if (!form.ok) return again(form.errors);
    try {
      await maracPlans.reviewAction(actorOf(request), request.user!, actionId, form.data);
    } catch (error) {
      if (error instanceof MaracRefused) return again(formError('note', error.message));
      if (error instanceof StaleVersionError) return again(formError('note', STALE));
      throw error;
    }
    request.session.flash = 'The review is recorded.';
    return reply.redirect(fromMine ? '/marac/actions' : `/marac/cases/${action.case_id}/plan`, 303);
  });
}
