import { currentUser } from '../../../platform/http/params.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import type { EmergencyAccessBanner } from '../../../platform/break-glass/access.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { DirectoryService } from '../../directory/index.ts';
import type { ServiceSummary } from '../../directory/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import {
  ACTION_STATUSES,
  ACTION_STATUS_NAMES,
  formatDate,
  nextReviewAfter,
  parseScore,
  todayInLondon,
} from './rules.ts';
import {
  actionSchema,
  actionStatusSchema,
  goalSchema,
  reviewSchema,
  signOffSchema,
  startPlanSchema,
  withDates,
} from './schemas.ts';
import { PlanChangedError, type ActionWho, type PlanService } from './service.ts';
import { familyPlanContent, familyPlanPdf } from './pdf.ts';
import { RELATIONSHIP_NAMES } from '../rules.ts';
import { EarlyHelpDenied, EarlyHelpError, FAMILY_RECORD_TYPE, type EarlyHelpService } from '../service.ts';

const V = 'early-help/plan/views';
const STALE =
  'Someone else changed this plan while you were looking at it. Nothing has been saved: check the plan as it is now.';

type Deps = {
  plans: PlanService;
  earlyHelp: EarlyHelpService;
  directory: DirectoryService;
  reference: ReferenceService;
  audit: AuditLog;
};
type Record_ = NonNullable<Awaited<ReturnType<PlanService['forEpisode']>>> & {
  emergencyAccess: EmergencyAccessBanner | null;
};
type WithPlan = Extract<Record_, { goals: unknown }>;

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof PlanChangedError) return formError('typedName', error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  return null;
}

/** "YYYY-MM-DD" as a GOV.UK date input's three values. */
const dateParts = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
};
const dateItems = (name: string, values: Record<string, unknown>, error: boolean) =>
  (['day', 'month', 'year'] as const).map((part) => ({
    id: `${name}-${part}`,
    name: `${name}-${part}`,
    label: part[0]!.toUpperCase() + part.slice(1),
    value: values[`${name}-${part}`] ?? '',
    classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`,
  }));

/**
 * Early Help Plan pages: the plan (/early-help/episodes/:id/plan), its goals, actions, sign-off and
 * reviews (/early-help/plans/:id/…), the printable plan for the family (a page and a PDF), and overdue reviews
 * (/early-help/reviews). Every plan page declares record access to the family for the family first.
 */
export async function planRoutes(app: FastifyInstance, { plans, earlyHelp, directory, reference, audit }: Deps) {
  const user = currentUser;
  const param = (request: FastifyRequest, name = 'id') => {
    const value = (request.params as Record<string, string>)[name];
    if (!value || !isUuid(value)) throw notFound();
    return value;
  };
  const planPath = (record: Record_) => `/early-help/episodes/${record.episode.id}/plan`;

  /** The plan as the viewer may see it; the route's declared access has decided (and audited) the family. */
  async function open(request: FastifyRequest, episodeId: string): Promise<Record_> {
    const decided = decidedRecord(request);
    try {
      const record = await plans.forEpisode(user(request), episodeId);
      if (!record) throw notFound();
      return { ...record, emergencyAccess: decided.access?.banner ?? null };
    } catch (error) {
      if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
      throw error;
    }
  }

  async function openPlan(request: FastifyRequest, { edit }: { edit: boolean }): Promise<WithPlan> {
    const plan = await plans.repository.plan(param(request));
    if (!plan) throw notFound();
    const record = await open(request, plan.episode_id);
    if (edit && !record.canEdit)
      throw forbidden('Only the family’s lead professional or allocated worker can change their plan.');
    if (edit && record.episode.status !== 'open')
      throw forbidden('This episode has been closed: its plan can no longer change.');
    return record as WithPlan;
  }

  const common = (record: Record_) => ({
    ...record,
    statusNames: ACTION_STATUS_NAMES,
    relationshipNames: RELATIONSHIP_NAMES,
    formatDate,
  });

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
      const form = parseForm(startPlanSchema, withDates(request.body, ['startDate']));
      if (!form.ok) return renderPlan(reply, record, form.values, form.errors);
      try {
        await plans.startPlan(actorOf(request), user(request), record.episode.id, {
          startDate: form.data['startDate-day'],
        });
      } catch (error) {
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const form = parseForm(goalSchema, request.body);
      const score = parseScore(
        (request.body as Record<string, unknown> | undefined)?.startScore,
        'where the family are now',
      );
      if (!form.ok || typeof score !== 'number') {
        const errors: FormErrors = form.ok ? { list: [], fields: {} } : form.errors;
        if (typeof score !== 'number' && !errors.fields.startScore) {
          errors.fields.startScore = { text: score.error };
          errors.list.push({ text: score.error, href: '#startScore' });
        }
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
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderGoal(reply, record, { ...form.values, version: record.plan.version }, problem);
      }
      request.session.flash = 'The goal is on the plan. The family will need to sign the plan again.';
      return reply.redirect(planPath(record), 303);
    },
  );

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
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
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
      const form = parseForm(actionSchema, withDates(body, ['dueDate']));
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
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
      const form = parseForm(signOffSchema, withDates(request.body, ['signedOn']));
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
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
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
    { config: { access: { record: plans.families.byPlan, can: 'record:edit' } } },
    async (request, reply) => {
      const record = await openPlan(request, { edit: true });
      if (!record) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const form = parseForm(reviewSchema, withDates(body, ['reviewDate', 'nextReviewDate']));
      const errors: FormErrors = form.ok ? { list: [], fields: {} } : form.errors;
      const scores: Record<string, number> = {};
      for (const goal of record.goals) {
        const score = parseScore(body[`score-${goal.id}`], goal.label.toLowerCase());
        if (typeof score === 'number') scores[goal.id] = score;
        else {
          errors.fields[`score-${goal.id}`] = { text: score.error };
          errors.list.push({ text: score.error, href: `#score-${goal.id}` });
        }
      }
      if (!form.ok || errors.list.length) return renderReview(reply, record, form.values, errors);
      try {
        await plans.recordReview(actorOf(request), user(request), record.plan.id, form.data.version, {
          reviewDate: form.data['reviewDate-day'],
          nextReviewDate: form.data['nextReviewDate-day'],
          whatChanged: form.data.whatChanged,
          scores,
        });
      } catch (error) {
        if (error instanceof EarlyHelpDenied) throw forbidden(error.message);
        const problem = problemOf(error);
        if (!problem) throw error;
        return renderReview(reply, record, { ...form.values, version: record.plan.version }, problem);
      }
      request.session.flash = `The review is recorded. The next review is on ${formatDate(form.data['nextReviewDate-day'])}.`;
      return reply.redirect(planPath(record), 303);
    },
  );

  // ---- The family's printable plan ----

  /** The printable page and the PDF: one read of the plan (with its access check), one plain-language content. */
  async function printable(request: FastifyRequest) {
    const record = await openPlan(request, { edit: false });
    return record ? { record, content: familyPlanContent(record, ACTION_STATUS_NAMES) } : null;
  }

  app.get(
    '/early-help/plans/:id/print',
    { config: { access: { record: plans.families.byPlan, can: 'record:view' } } },
    async (request, reply) => {
      const found = await printable(request);
      if (!found) return reply;
      return reply.render(`${V}/plan-print.njk`, {
        pageTitle: `${found.record.family.name}: our plan`,
        ...common(found.record),
        content: found.content,
      });
    },
  );

  app.get(
    '/early-help/plans/:id/plan.pdf',
    { config: { access: { record: plans.families.byPlan, can: 'record:view' } } },
    async (request, reply) => {
      const found = await printable(request);
      if (!found) return reply;
      const today = todayInLondon();
      const pdf = await familyPlanPdf(found.content, { today });
      // the route's declared access has recorded the view of the family; this says a copy of the plan left as a file.
      await audit.record(actorOf(request), {
        action: 'early-help.plan.pdf-viewed',
        outcome: 'success',
        subjectType: FAMILY_RECORD_TYPE,
        subjectId: found.record.family.id,
        details: {
          planId: found.record.plan.id,
          episodeId: found.record.episode.id,
          contentVersion: found.record.plan.content_version,
        },
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="family-plan-${today}.pdf"`)
        .header('Cache-Control', 'no-store')
        .send(pdf);
    },
  );

  // ---- Overdue reviews ----

  app.get('/early-help/reviews', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const overdue = await plans.overdueReviews(actorOf(request), user(request));
    return reply.render(`${V}/plan-reviews.njk`, { pageTitle: 'Overdue reviews', ...overdue, formatDate });
  });
}
