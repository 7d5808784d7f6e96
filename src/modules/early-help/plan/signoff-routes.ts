import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { combineErrors, parseForm, type FieldProblem, type FormErrors } from '../../../platform/views/forms.ts';
import { formatDate, nextReviewAfter, parseScore, todayInLondon } from './rules.ts';
import { reviewSchema, signOffSchema } from './schemas.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { V, type Deps, type WithPlan, problemOf, dateParts, dateItems, planPages } from './routes-shared.ts';

/** The family's sign-off, and reviews of the plan. */
export async function signOffRoutes(app: FastifyInstance, deps: Deps) {
  const { plans } = deps;
  const { user, planPath, open, openPlan, common } = planPages(deps);

  // ---- Sign-off ----

  async function renderSign(
    reply: FastifyReply,
    record: WithPlan,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const v = { ...dateParts('signedOn', todayInLondon()), ...values, contentVersion: record.plan.content_version };
    return reply.render(
      `${V}/plan-sign.njk`,
      {
        pageTitle: 'The family agree the plan',
        ...common(record),
        values: v,
        errors,
        memberItems: record.signers.map((s) => ({
          value: s.id,
          text: `${s.name} (${RELATIONSHIP_NAMES[s.relationship]})`,
          hint: {
            text:
              s.status.state === 'signed'
                ? 'Has signed this version'
                : s.child
                  ? 'A child signs only where you judge it appropriate for their age and understanding'
                  : s.status.state === 'earlier'
                    ? 'Signed an earlier version'
                    : 'Not signed yet',
          },
          checked: values.memberId === s.id,
        })),
        signedOnItems: dateItems('signedOn', v, Boolean(errors?.fields['signedOn-day'])),
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/plans/:id/sign',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      return record ? renderSign(reply, record, {}) : reply;
    },
  );

  app.post(
    '/early-help/plans/:id/sign',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const form = parseForm(signOffSchema, withDateInputs(request.body, ['signedOn']));
      if (!form.ok) return renderSign(reply, record, form.values, form.errors);
      const f = form.data;
      try {
        const signed = await plans.signOff(actorOf(request), user(request), record.plan.id, {
          contentVersion: f.contentVersion,
          memberId: f.memberId,
          childAppropriate: f.childAppropriate === 'yes',
          typedName: f.typedName,
          signedOn: f['signedOn-day'],
        });
        request.session.flash = `${signed.name} has signed the plan.`;
        return reply.redirect(planPath(record), 303);
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        // A changed plan: show it as it is now; signing again from here counts for this version.
        const fresh = (await open(request, record.episode.id)) as WithPlan | null;
        return fresh ? renderSign(reply, fresh, form.values, problem) : reply;
      }
    },
  );

  // ---- Reviews ----

  async function renderReview(
    reply: FastifyReply,
    record: WithPlan,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const today = todayInLondon();
    const v = {
      version: record.plan.version,
      ...dateParts('reviewDate', today),
      ...dateParts('nextReviewDate', nextReviewAfter(today, record.reviewWeeks)),
      ...values,
    };
    return reply.render(
      `${V}/plan-review.njk`,
      {
        pageTitle: 'Record a review',
        ...common(record),
        values: v,
        errors,
        reviewDateItems: dateItems('reviewDate', v, Boolean(errors?.fields['reviewDate-day'])),
        nextReviewDateItems: dateItems('nextReviewDate', v, Boolean(errors?.fields['nextReviewDate-day'])),
      },
      errors ? 400 : 200,
    );
  }

  app.get(
    '/early-help/plans/:id/reviews/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      if (!record.goals.length) throw forbidden('Add the plan’s goals before reviewing it.');
      return renderReview(reply, record, {});
    },
  );

  app.post(
    '/early-help/plans/:id/reviews/new',
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' }, once: true } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(reviewSchema, withDateInputs(body, ['reviewDate', 'nextReviewDate']));
      const scores: Record<string, number> = {};
      const scoreProblems: FieldProblem[] = [];
      for (const goal of record.goals) {
        const score = parseScore(body[`score-${goal.id}`], goal.label.toLowerCase());
        if (typeof score === 'number') scores[goal.id] = score;
        else scoreProblems.push({ field: `score-${goal.id}`, text: score.error });
      }
      const errors = combineErrors(form.ok ? null : form.errors, scoreProblems);
      if (!form.ok || errors.list.length) return renderReview(reply, record, form.values, errors);
      try {
        await plans.recordReview(actorOf(request), user(request), record.plan.id, form.data.version, {
          reviewDate: form.data['reviewDate-day'],
          nextReviewDate: form.data['nextReviewDate-day'],
          whatChanged: form.data.whatChanged,
          scores,
        });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderReview(reply, record, { ...form.values, version: record.plan.version }, problem);
      }
      request.session.flash = `The review is recorded. The next review is on ${formatDate(form.data['nextReviewDate-day'])}.`;
      return reply.redirect(planPath(record), 303);
    },
  );
}
