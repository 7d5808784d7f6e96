import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { z } from 'zod';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { versionField } from '../../../platform/views/fields.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ServiceSummary } from '../../directory/index.ts';
import { actionSchema } from './schemas.ts';
import { type ActionWho } from './service.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { EarlyHelpError } from '../service.ts';
import { V, type Deps, type WithPlan, problemOf, dateItems, planPages } from './routes-shared.ts';

/** An action as its change form's values. */
function actionValues(action: Awaited<ReturnType<Deps['plans']['actionOf']>>): Record<string, unknown> {
  const [year, month, day] = action.due_date.split('-');
  return {
    version: action.version,
    goalId: action.goal_id,
    description: action.description,
    whoKind: action.who_kind,
    memberId: action.family_member_id ?? '',
    userId: action.user_id ?? '',
    serviceId: action.directory_service_id ?? '',
    'dueDate-day': String(Number(day)),
    'dueDate-month': String(Number(month)),
    'dueDate-year': year,
  };
}

/** The plan's actions: adding one (who does what by when, with services from the directory), changing or removing one. */
export async function actionRoutes(app: FastifyInstance, deps: Deps) {
  const { plans, directory } = deps;
  const { user, param, planPath, openPlan, common } = planPages(deps);

  // ---- Actions ----

  async function renderAction(
    reply: FastifyReply,
    record: WithPlan,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; services?: ServiceSummary[] | null; changing?: string } = {},
  ) {
    const dueError = Boolean(extra.errors?.fields['dueDate-day']);
    return reply.render(
      `${V}/plan-action.njk`,
      {
        pageTitle: extra.changing ? 'Change an action' : 'Add an action',
        changing: extra.changing ?? null,
        ...common(record),
        values: { version: record.plan.version, ...values },
        errors: extra.errors,
        goalItems: record.goals.map((g) => ({
          value: g.id,
          text: `${g.label}: ${g.description}`,
          checked: values.goalId === g.id,
        })),
        memberItems: [
          { value: '', text: 'Choose a family member' },
          ...record.currentMembers.map((m) => ({
            value: m.id,
            text: `${m.name} (${RELATIONSHIP_NAMES[m.relationship]})`,
            selected: values.memberId === m.id,
          })),
        ],
        userItems: [
          { value: '', text: 'Choose a practitioner' },
          ...record.practitioners.map((p) => ({
            value: p.user_id,
            text: `${p.display_name}, ${p.organisation_name}`,
            selected: values.userId === p.user_id,
          })),
        ],
        serviceItems:
          extra.services?.map((s) => ({
            value: s.id,
            text: `${s.name} (${s.organisationName})`,
            hint: { text: s.summary },
            checked: values.serviceId === s.id,
          })) ?? null,
        dueDateItems: dateItems('dueDate', values, dueError),
      },
      extra.errors ? 400 : 200,
    );
  }

  /** Services for the action's "who": DirectoryService.search, as a practitioner sees the directory. */
  async function findServices(request: FastifyRequest, words: string) {
    return words ? (await directory.search({ words, pageSize: 10 }, user(request))).services : [];
  }

  app.get(
    '/early-help/plans/:id/actions/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      if (!record.goals.length) throw forbidden('Add a goal to the plan before adding actions.');
      const goal = (request.query as Record<string, unknown>).goal;
      return renderAction(reply, record, { goalId: typeof goal === 'string' ? goal : '' });
    },
  );

  /** The add and change forms' POST: a service search step, or the action saved (added, or changed when `changing`). */
  async function saveAction(request: FastifyRequest, reply: FastifyReply, changing?: string) {
    const record = await openPlan(request, { edit: true });
    if (!record) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const words = typeof body.serviceWords === 'string' ? body.serviceWords.trim().slice(0, 200) : '';
    if (body.step === 'find') {
      if (!words)
        return renderAction(
          reply,
          record,
          { ...body, whoKind: 'service' },
          {
            errors: formError('serviceWords', 'Enter words to search the Directory of Services for, like parenting'),
            services: null,
            changing,
          },
        );
      const services = await findServices(request, words);
      return renderAction(
        reply,
        record,
        { ...body, whoKind: 'service' },
        {
          services,
          errors: services.length
            ? undefined
            : formError('serviceWords', `No services match “${words}”. Try other words`),
          changing,
        },
      );
    }
    const services = words ? await findServices(request, words) : await keptService(record, changing, body);
    const form = parseForm(actionSchema, withDateInputs(body, ['dueDate']));
    if (!form.ok) return renderAction(reply, record, form.values, { errors: form.errors, services, changing });
    const f = form.data;
    const who: ActionWho =
      f.whoKind === 'family-member'
        ? { kind: 'family-member', memberId: f.memberId }
        : f.whoKind === 'practitioner'
          ? { kind: 'practitioner', userId: f.userId }
          : { kind: 'service', serviceId: f.serviceId };
    const input = { goalId: f.goalId, description: f.description, who, dueDate: f['dueDate-day'] };
    let changed = true;
    try {
      if (changing)
        ({ changed } = await plans.changeAction(
          actorOf(request),
          user(request),
          record.plan.id,
          changing,
          f.version,
          input,
        ));
      else await plans.addAction(actorOf(request), user(request), record.plan.id, f.version, input);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderAction(
        reply,
        record,
        { ...form.values, version: changing ? f.version : record.plan.version },
        { errors: problem, services, changing },
      );
    }
    request.session.flash = !changed
      ? 'Nothing was changed.'
      : changing
        ? 'The action is changed. The family will need to sign the plan again.'
        : 'The action is on the plan. The family will need to sign the plan again.';
    return reply.redirect(planPath(record), 303);
  }

  /** On the change form, an action done by a service keeps that service listed (no search needed to keep it). */
  async function keptService(record: WithPlan, changing: string | undefined, body: Record<string, unknown>) {
    if (!changing) return null;
    const action = await plans.actionOf(record.plan.id, changing);
    if (!action.directory_service_id) return null;
    const kept = { id: action.directory_service_id, name: action.who_name, organisationName: '', summary: '' };
    return body.serviceId === undefined || body.serviceId === kept.id ? [kept as unknown as ServiceSummary] : null;
  }

  app.post(
    '/early-help/plans/:id/actions/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' }, once: true } },
    (request, reply) => saveAction(request, reply),
  );

  const editAction = { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } } as const;

  app.get('/early-help/plans/:id/actions/:actionId/change', editAction, async (request, reply) => {
    const record = await openPlan(request, { edit: true });
    if (!record) return reply;
    const actionId = param(request, 'actionId');
    const action = await plans.actionOf(record.plan.id, actionId).catch(() => {
      throw notFound();
    });
    return renderAction(reply, record, actionValues(action), {
      changing: actionId,
      services: await keptService(record, actionId, {}),
    });
  });

  app.post('/early-help/plans/:id/actions/:actionId/change', editAction, (request, reply) =>
    saveAction(request, reply, param(request, 'actionId')),
  );

  app.post('/early-help/plans/:id/actions/:actionId/remove', editAction, async (request, reply) => {
    const record = await openPlan(request, { edit: true });
    if (!record) return reply;
    const actionId = param(request, 'actionId');
    const form = parseForm(z.object({ version: versionField() }), request.body);
    try {
      if (!form.ok) throw new EarlyHelpError('action', 'Something went wrong: reload the page and try again');
      await plans.removeAction(actorOf(request), user(request), record.plan.id, actionId, form.data.version);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const action = await plans.actionOf(record.plan.id, actionId).catch(() => null);
      if (!action) throw notFound();
      return renderAction(reply, record, actionValues(action), {
        errors: problem,
        changing: actionId,
        services: await keptService(record, actionId, {}),
      });
    }
    request.session.flash = 'The action is removed from the plan. The family will need to sign the plan again.';
    return reply.redirect(planPath(record), 303);
  });
}
