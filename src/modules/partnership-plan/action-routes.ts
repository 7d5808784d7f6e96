import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, dateInputValues, withDateInputs } from '../../platform/views/date-input.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import {
  MANAGE,
  V,
  VIEW,
  codeParam,
  itemHref,
  itemParam,
  presentAction,
  ragItems,
  ragTag,
  sorted,
  typed,
} from './present.ts';
import { ACTION_FIELDS, RAG, UPDATE_FIELDS, actionEditSchema, actionSchema, updateSchema } from './schemas.ts';
import type { ActionHome, PartnershipPlanService } from './service.ts';

const STALE =
  'Someone else changed this action after you opened it. Their change is shown below; check it, then save yours again.';

/** Where a new action goes, from the URL: a priority or objective, or a Locality Partnership; 404 if unknown. */
async function homeOf(plan: PartnershipPlanService, request: FastifyRequest) {
  const { quadrant } = request.params as { quadrant?: string };
  if (quadrant !== undefined) {
    const found = await plan.locality(codeParam(request, 'quadrant'));
    if (!found) throw notFound();
    return {
      home: { locality: found.locality.quadrant, itemCode: null } as ActionHome,
      caption: found.locality.name,
      back: { text: `Back to the ${found.locality.name}`, href: `/plan/localities/${found.locality.quadrant}` },
      post: `/plan/localities/${found.locality.quadrant}/actions`,
      priorities: found.priorities,
    };
  }
  const found = await plan.item(itemParam(request));
  if (!found) throw notFound();
  return {
    home: { itemCode: found.item.code } as ActionHome,
    caption: found.item.name,
    back: { text: 'Back to the priority', href: itemHref(found.item.code) },
    post: `${itemHref(found.item.code)}/actions`,
    priorities: [],
  };
}

/** Delivery actions: add, edit, and record dated updates with a RAG status (optimistic locking). */
export async function actionRoutes(
  app: FastifyInstance,
  { plan, canManage }: { plan: PartnershipPlanService; canManage: (request: FastifyRequest) => boolean },
) {
  type Where = Awaited<ReturnType<typeof homeOf>>;
  function actionForm(
    reply: FastifyReply,
    where: Where & { editing?: { id: string; version: number } },
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 400,
  ) {
    return reply.render(
      `${V}/action-form.njk`,
      {
        pageTitle: where.editing ? 'Change the action' : 'Add a delivery action',
        ...where,
        values,
        errors,
        dueOnItems: dateInputItems('dueOn', values, Boolean(errors?.fields['dueOn-day'])),
        ragItems: ragItems(values.rag),
        priorityItems: where.priorities.length
          ? [
              { value: '', text: 'None' },
              ...where.priorities.map((p) => ({ value: p.code, text: p.name, selected: values.itemCode === p.code })),
            ]
          : null,
      },
      errors ? status : 200,
    );
  }
  const codes = (where: Where) => where.priorities.map((p) => p.code);

  const newAction = async (request: FastifyRequest, reply: FastifyReply) =>
    actionForm(reply, await homeOf(plan, request), { rag: 'green' });
  const addAction = async (request: FastifyRequest, reply: FastifyReply) => {
    const where = await homeOf(plan, request);
    const form = parseForm(actionSchema(codes(where)), withDateInputs(request.body, ['dueOn']));
    if (!form.ok) return actionForm(reply, where, typed(request), sorted(form.errors, ACTION_FIELDS));
    const id = await plan.addAction(actorOf(request), where.home, form.data);
    request.session.flash = 'The action is added.';
    return reply.redirect(`/plan/actions/${id}`, 303);
  };
  app.get('/plan/:version/:item/actions/new', { config: { access: MANAGE } }, newAction);
  app.post('/plan/:version/:item/actions', { config: { access: MANAGE, once: true } }, addAction);
  app.get('/plan/localities/:quadrant/actions/new', { config: { access: MANAGE } }, newAction);
  app.post('/plan/localities/:quadrant/actions', { config: { access: MANAGE, once: true } }, addAction);

  // Changing an action: the form as the action is now, saved only if nobody changed it meanwhile.
  async function editWhere(request: FastifyRequest) {
    const found = await plan.action(uuidParam(request));
    if (!found) throw notFound();
    const a = found.action;
    const priorities = a.locality ? await plan.choicesFor({ locality: a.locality, itemCode: null }) : [];
    const where: Where & { editing: { id: string; version: number } } = {
      home: a.locality ? { locality: a.locality, itemCode: a.item_code } : { itemCode: a.item_code! },
      caption: a.locality_name ?? a.item_name ?? '',
      back: { text: 'Back to the action', href: `/plan/actions/${a.id}` },
      post: `/plan/actions/${a.id}/edit`,
      priorities,
      editing: { id: a.id, version: a.version },
    };
    return { where, action: a };
  }
  app.get('/plan/actions/:id/edit', { config: { access: MANAGE } }, async (request, reply) => {
    const { where, action: a } = await editWhere(request);
    return actionForm(reply, where, {
      title: a.title,
      ownerName: a.owner_name,
      ownerOrganisation: a.owner_organisation,
      ...dateInputValues('dueOn', a.due_on),
      rag: a.rag,
      itemCode: a.item_code ?? '',
    });
  });
  app.post('/plan/actions/:id/edit', { config: { access: MANAGE } }, async (request, reply) => {
    const { where } = await editWhere(request);
    const form = parseForm(actionEditSchema(codes(where)), withDateInputs(request.body, ['dueOn']));
    if (!form.ok) return actionForm(reply, where, typed(request), sorted(form.errors, ACTION_FIELDS));
    try {
      if (!(await plan.editAction(actorOf(request), where.editing.id, form.data))) throw notFound();
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      // Keep what they typed, with the version they now see; the page says what happened.
      return actionForm(
        reply,
        where,
        { ...typed(request), version: where.editing.version },
        formError('title', STALE),
        409,
      );
    }
    request.session.flash = 'The action is changed.';
    return reply.redirect(`/plan/actions/${where.editing.id}`, 303);
  });

  // The action's page, with its updates and (for plan:manage) the update form.
  async function actionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 400,
  ) {
    const found = await plan.action(uuidParam(request));
    if (!found) throw notFound();
    const action = presentAction(found.action, found.today);
    const [year, month, day] = todayInLondon().split('-');
    const typed = { 'updateOn-day': Number(day), 'updateOn-month': Number(month), 'updateOn-year': year, ...values };
    return reply.render(
      `${V}/action.njk`,
      {
        pageTitle: `Delivery action: ${found.action.title}`,
        action,
        updates: found.updates.map((u) => ({ ...u, tag: ragTag(u.rag) })),
        rags: RAG,
        back: found.action.locality
          ? { text: `Back to the ${found.action.locality_name}`, href: `/plan/localities/${found.action.locality}` }
          : { text: `Back to ${found.action.item_name}`, href: itemHref(found.action.item_code!) },
        values: typed,
        errors,
        updateOnItems: dateInputItems('updateOn', typed, Boolean(errors?.fields['updateOn-day'])),
        ragItems: ragItems(values.rag ?? found.action.rag),
        canManage: canManage(request),
      },
      errors ? status : 200,
    );
  }
  app.get('/plan/actions/:id', { config: { access: VIEW } }, (request, reply) => actionPage(request, reply, {}));
  app.post('/plan/actions/:id/updates', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    const form = parseForm(updateSchema, withDateInputs(request.body, ['updateOn']));
    if (!form.ok) return actionPage(request, reply, typed(request), sorted(form.errors, UPDATE_FIELDS));
    try {
      if (!(await plan.recordUpdate(actorOf(request), id, form.data))) throw notFound();
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      const { version: _version, ...kept } = typed(request);
      return actionPage(request, reply, kept, combineErrors(formError('note', STALE)), 409);
    }
    request.session.flash = 'The update is recorded.';
    return reply.redirect(`/plan/actions/${id}`, 303);
  });
}
