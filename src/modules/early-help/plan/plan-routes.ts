import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { combineErrors, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { ACTION_STATUSES, ACTION_STATUS_NAMES, parseScore, todayInLondon } from './rules.ts';
import { actionStatusSchema, goalSchema, startPlanSchema } from './schemas.ts';
import {
  V,
  type Deps,
  type Record_,
  type WithPlan,
  problemOf,
  dateParts,
  dateItems,
  planPages,
} from './routes-shared.ts';

/** The plan page, starting a plan, and its goals. */
export async function planPageRoutes(app: FastifyInstance, deps: Deps) {
  const { plans, earlyHelp, reference } = deps;
  const { user, param, planPath, open, openPlan, common } = planPages(deps);

  // ---- The plan ----

  async function renderPlan(
    reply: FastifyReply,
    record: Record_,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
  ) {
    const startValues = { ...dateParts('startDate', todayInLondon()), ...values };
    return reply.render(
      `${V}/plan-show.njk`,
      {
        pageTitle: 'Early Help Plan',
        ...common(record),
        values: startValues,
        errors,
        startDateItems: dateItems('startDate', startValues, Boolean(errors?.fields['startDate-day'])),
        statusItems: (status: string) =>
          ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_NAMES[s], selected: s === status })),
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/episodes/:id/plan',
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:view' } } },
    async (request, reply) => {
      const record = await open(request, param(request));
      return record ? renderPlan(reply, record) : reply;
    },
  );

  app.post(
    '/early-help/episodes/:id/plan',
    { config: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await open(request, param(request));
      if (!record) return reply;
      if (!record.canEdit)
        throw forbidden('Only the family’s lead professional or allocated worker can start their plan.');
      const form = parseForm(startPlanSchema, withDateInputs(request.body, ['startDate']));
      if (!form.ok) return renderPlan(reply, record, form.values, form.errors);
      try {
        await plans.startPlan(actorOf(request), user(request), record.episode.id, {
          startDate: form.data['startDate-day'],
        });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderPlan(reply, record, form.values, problem);
      }
      request.session.flash = `The plan has started. Its first review is due in ${record.reviewWeeks} weeks.`;
      return reply.redirect(planPath(record), 303);
    },
  );

  app.post(
    '/early-help/plans/:id/actions/:actionId/status',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const actionId = param(request, 'actionId');
      const form = parseForm(actionStatusSchema, request.body);
      const asField = (errors: FormErrors): FormErrors => ({
        list: errors.list.map((e) => ({ ...e, href: `#status-${actionId}` })),
        fields: { [`status-${actionId}`]: errors.list[0]! },
      });
      if (!form.ok) return renderPlan(reply, record, {}, asField(form.errors));
      try {
        await plans.setActionStatus(
          actorOf(request),
          user(request),
          record.plan.id,
          actionId,
          form.data.version,
          form.data.status,
        );
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        const fresh = await open(request, record.episode.id);
        return fresh ? renderPlan(reply, fresh, {}, asField(problem)) : reply;
      }
      request.session.flash = `The action is marked “${ACTION_STATUS_NAMES[form.data.status].toLowerCase()}”.`;
      return reply.redirect(planPath(record), 303);
    },
  );

  // ---- Goals ----

  async function renderGoal(
    reply: FastifyReply,
    record: WithPlan,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const areas = await reference.outcomeAreas();
    return reply.render(
      `${V}/plan-goal.njk`,
      {
        pageTitle: 'Add a goal',
        ...common(record),
        values: { version: record.plan.version, ...values },
        errors,
        sourceItems: [
          ...record.episode.needs.map((n) => ({
            value: n.id,
            text: `${n.area_name}: ${n.description}`,
            checked: values.source === n.id,
          })),
          ...(record.episode.needs.length ? [{ divider: 'or' }] : []),
          {
            value: 'typed',
            text: 'A goal of its own (choose its outcome area below)',
            checked: values.source === 'typed',
          },
        ],
        areaItems: [
          { value: '', text: 'Choose an outcome area' },
          ...areas.map((a) => ({ value: a.code, text: a.name, selected: values.area === a.code })),
        ],
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/plans/:id/goals/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      return record ? renderGoal(reply, record, {}) : reply;
    },
  );

  app.post(
    '/early-help/plans/:id/goals/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' }, once: true } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const form = parseForm(goalSchema, request.body);
      const score = parseScore(
        (request.body as Record<string, unknown> | undefined)?.startScore,
        'where the family are now',
      );
      if (!form.ok || typeof score !== 'number') {
        const errors = combineErrors(
          form.ok ? null : form.errors,
          typeof score === 'number' ? [] : [{ field: 'startScore', text: score.error }],
        );
        return renderGoal(reply, record, form.values, errors);
      }
      const f = form.data;
      try {
        await plans.addGoal(actorOf(request), user(request), record.plan.id, f.version, {
          needId: f.source === 'typed' ? null : f.source,
          area: f.area,
          description: f.description,
          startScore: score,
        });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderGoal(reply, record, { ...form.values, version: record.plan.version }, problem);
      }
      request.session.flash = 'The goal is on the plan. The family will need to sign the plan again.';
      return reply.redirect(planPath(record), 303);
    },
  );
}
