import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { versionField } from '../../../platform/views/fields.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { V, type Deps, type WithPlan, planPages, problemOf } from './routes-shared.ts';

const changeSchema = z.object({
  version: versionField(),
  description: z
    .string()
    .trim()
    .min(1, 'Enter the goal, in the family’s words where you can')
    .max(2000, 'The goal must be 2,000 characters or fewer'),
});

/** Changing a goal's words, or removing a goal added by mistake (/early-help/plans/:id/goals/:goalId/change). */
export async function goalChangeRoutes(app: FastifyInstance, deps: Deps) {
  const { plans } = deps;
  const { user, param, planPath, openPlan, common } = planPages(deps);
  const access = { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } } as const;

  async function open(request: FastifyRequest) {
    const record = await openPlan(request, { edit: true });
    const goal = record.goals.find((g) => g.id === param(request, 'goalId'));
    if (!goal) throw notFound();
    return { record, goal };
  }

  const render = (
    reply: FastifyReply,
    record: WithPlan,
    goal: WithPlan['goals'][number],
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) =>
    reply.render(
      `${V}/plan-goal-change.njk`,
      {
        pageTitle: `Change ${goal.label.toLowerCase()}`,
        ...common(record),
        goal,
        values: { version: record.plan.version, description: goal.description, ...values },
        errors,
      },
      errors ? 400 : 200,
    );

  async function fail(request: FastifyRequest, reply: FastifyReply, error: unknown, values: Record<string, unknown>) {
    const problem = problemOf(error);
    if (!problem) throw error;
    const fresh = await open(request);
    return render(reply, fresh.record, fresh.goal, values, problem);
  }

  app.get('/early-help/plans/:id/goals/:goalId/change', access, async (request, reply) => {
    const { record, goal } = await open(request);
    return render(reply, record, goal, {});
  });

  app.post('/early-help/plans/:id/goals/:goalId/change', access, async (request, reply) => {
    const { record, goal } = await open(request);
    const form = parseForm(changeSchema, request.body);
    if (!form.ok) return render(reply, record, goal, form.values, form.errors);
    try {
      const { changed } = await plans.changeGoal(
        actorOf(request),
        user(request),
        record.plan.id,
        goal.id,
        form.data.version,
        form.data.description,
      );
      request.session.flash = changed
        ? 'The goal is changed. The family will need to sign the plan again.'
        : 'Nothing was changed.';
    } catch (error) {
      return fail(request, reply, error, { description: form.data.description });
    }
    return reply.redirect(planPath(record), 303);
  });

  app.post('/early-help/plans/:id/goals/:goalId/remove', access, async (request, reply) => {
    const { record, goal } = await open(request);
    const form = parseForm(z.object({ version: versionField() }), request.body);
    if (!form.ok) return render(reply, record, goal, {}, formError('goal', 'Reload the page and try again'));
    try {
      await plans.removeGoal(actorOf(request), user(request), record.plan.id, goal.id, form.data.version);
    } catch (error) {
      return fail(request, reply, error, {});
    }
    request.session.flash = 'The goal is removed from the plan. The family will need to sign the plan again.';
    return reply.redirect(planPath(record), 303);
  });
}
