import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { uuidParam } from '../../../platform/http/params.ts';
import { dateInputValues, withDateInputs } from '../../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { Mace1RouteDeps } from './routes.ts';
import { ACTION_STATUSES, DATE_FIELDS, actionSchema } from './schemas.ts';
import { STALE, V, dates, options, radios, typed } from './views.ts';

/**
 * The protection plan's actions: add one (from the case or from its discussion at a meeting) and change one (its
 * status above all). Only the panel of the case's quadrant: the case's record locator decides ('mace-member' edits;
 * the nominator does not). A change carries the version the form showed: someone else's change meanwhile is told
 * and what was typed is kept.
 */
export async function actionRoutes(app: FastifyInstance, { mace1, mace1Plans, reference }: Mace1RouteDeps) {
  const access = { record: mace1.cases.byId, can: 'record:edit', action: 'mace:take-part' } as const;

  /** Where to go back to: the case at a meeting, when the action came from there, else the case. */
  const backTo = (request: FastifyRequest, caseId: string) => {
    const { meeting } = (request.query ?? {}) as { meeting?: string };
    return meeting && isUuid(meeting) ? `/mace/meetings/${meeting}/cases/${caseId}` : `/mace/cases/${caseId}`;
  };
  const meetingOf = (request: FastifyRequest) => {
    const { meeting } = (request.query ?? {}) as { meeting?: string };
    return meeting && isUuid(meeting) ? meeting : null;
  };
  const organisationIds = async () => (await reference.organisations()).map((o) => o.id);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    editing?: string,
  ) {
    const caseId = uuidParam(request);
    const row = await mace1.mustSitOn(actorOf(request), request.user!, caseId);
    const organisations = (await reference.organisations()).map((o) => ({ id: o.id, name: o.name }));
    const query = meetingOf(request) ? `?meeting=${meetingOf(request)}` : '';
    return reply.render(
      `${V}/action-form.njk`,
      {
        pageTitle: editing ? 'Change a protection plan action' : 'Add a protection plan action',
        row,
        values,
        errors,
        action: editing ? `/mace/cases/${caseId}/actions/${editing}${query}` : `/mace/cases/${caseId}/actions${query}`,
        editing: Boolean(editing),
        back: backTo(request, caseId),
        organisationItems: options(organisations, values.organisation, 'Select an agency'),
        statusItems: radios(ACTION_STATUSES, values.status),
        dueItems: dates('due', values, errors),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/mace/cases/:id/actions/new', { config: { access } }, (request, reply) =>
    render(request, reply, { status: 'not-started', organisation: request.user!.organisationId }),
  );

  app.post('/mace/cases/:id/actions', { config: { access, once: true } }, async (request, reply) => {
    const form = parseForm(actionSchema(await organisationIds()), withDateInputs(request.body, DATE_FIELDS.action));
    if (!form.ok) return render(request, reply, typed(request), form.errors);
    const caseId = uuidParam(request);
    await mace1Plans.addAction(actorOf(request), request.user!, caseId, form.data, meetingOf(request));
    request.session.flash = 'The action is added to the protection plan.';
    return reply.redirect(backTo(request, caseId), 303);
  });

  async function found(request: FastifyRequest) {
    const action = await mace1.planAction(uuidParam(request), uuidParam(request, 'actionId'));
    if (!action) throw notFound();
    return action;
  }

  app.get('/mace/cases/:id/actions/:actionId', { config: { access } }, async (request, reply) => {
    const action = await found(request);
    return render(
      request,
      reply,
      {
        version: action.version,
        organisation: action.organisation_id,
        action: action.action,
        owner: action.owner,
        status: action.status,
        ...dateInputValues('due', action.due_on),
      },
      undefined,
      action.id,
    );
  });

  app.post('/mace/cases/:id/actions/:actionId', { config: { access } }, async (request, reply) => {
    const action = await found(request);
    const form = parseForm(actionSchema(await organisationIds()), withDateInputs(request.body, DATE_FIELDS.action));
    if (!form.ok) return render(request, reply, typed(request), form.errors, action.id);
    if (form.data.version === undefined)
      return render(request, reply, typed(request), formError('version', 'Reload the page and try again'), action.id);
    try {
      await mace1Plans.updateAction(
        actorOf(request),
        request.user!,
        action.case_id,
        action.id,
        form.data.version,
        form.data,
      );
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // Keep what they typed; the form now carries the version as it stands, so saving again replaces it.
      const now = await found(request);
      return render(
        request,
        reply,
        { ...typed(request), version: now.version },
        formError('version', STALE),
        action.id,
      );
    }
    request.session.flash = 'The action is changed.';
    return reply.redirect(backTo(request, action.case_id), 303);
  });
}
