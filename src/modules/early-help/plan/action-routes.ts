import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ServiceSummary } from '../../directory/index.ts';
import { actionSchema } from './schemas.ts';
import { type ActionWho } from './service.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { V, type Deps, type WithPlan, problemOf, dateItems, planPages } from './routes-shared.ts';

/** The plan's actions: adding one (who does what by when, with services from the directory) and marking it done or dropped. */
export async function actionRoutes(app: FastifyInstance, deps: Deps) {
  const { plans, directory } = deps;
  const { user, planPath, openPlan, common } = planPages(deps);

  // ---- Actions ----

  async function renderAction(
    reply: FastifyReply,
    record: WithPlan,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; services?: ServiceSummary[] | null } = {},
  ) {
    const dueError = Boolean(extra.errors?.fields['dueDate-day']);
    return reply.render(
      `${V}/plan-action.njk`,
      {
        pageTitle: 'Add an action',
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

  app.post(
    '/early-help/plans/:id/actions/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' }, once: true } },
    async (request, reply) => {
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
          },
        );
      }
      const services = words ? await findServices(request, words) : null;
      const form = parseForm(actionSchema, withDateInputs(body, ['dueDate']));
      if (!form.ok) return renderAction(reply, record, form.values, { errors: form.errors, services });
      const f = form.data;
      const who: ActionWho =
        f.whoKind === 'family-member'
          ? { kind: 'family-member', memberId: f.memberId }
          : f.whoKind === 'practitioner'
            ? { kind: 'practitioner', userId: f.userId }
            : { kind: 'service', serviceId: f.serviceId };
      try {
        await plans.addAction(actorOf(request), user(request), record.plan.id, f.version, {
          goalId: f.goalId,
          description: f.description,
          who,
          dueDate: f['dueDate-day'],
        });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderAction(
          reply,
          record,
          { ...form.values, version: record.plan.version },
          { errors: problem, services },
        );
      }
      request.session.flash = 'The action is on the plan. The family will need to sign the plan again.';
      return reply.redirect(planPath(record), 303);
    },
  );
}
