import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems } from '../../platform/views/date-input.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import { pageCount, pageHref, pageNumber, pageWindow, pagination } from '../../platform/views/pagination.ts';
import type { CaseReviewStatus } from '../../platform/db/schema/index.ts';
import type { CalendarService } from '../../platform/calendar/service.ts';
import { childRoutes } from './child-routes.ts';
import { learningRoutes } from './learning-routes.ts';
import { dayText, deadlineText, referralModel } from './present.ts';
import { reviewRoutes } from './review-routes.ts';
import {
  MANAGE,
  REVIEWERS,
  TRIAGE,
  V,
  YES_NO,
  checkboxes,
  found,
  options,
  radios,
  submit,
  type Values,
} from './route-helpers.ts';
import { STATUS_NAMES } from './rules.ts';
import { REFERRAL_FIELDS, TRIAGE_FIELDS, referralSchema, triageSchema } from './schemas.ts';
import type { CaseReviewService } from './service.ts';

const PAGE_SIZE = 25;
const STATUSES = Object.keys(STATUS_NAMES) as CaseReviewStatus[];

export interface CaseReviewRouteOptions {
  caseReviews: CaseReviewService;
  calendar: Pick<CalendarService, 'calendar'>;
}

/** Case review referrals (issue 16): the list, a new referral, the referral's page and each partner's triage. */
export async function caseReviewRoutes(app: FastifyInstance, deps: CaseReviewRouteOptions) {
  const { caseReviews, calendar } = deps;

  app.get('/case-reviews', { config: { access: REVIEWERS } }, async (request, reply) => {
    const user = currentUser(request);
    const query = request.query as { status?: string; page?: string };
    const status = STATUSES.find((s) => s === query.status);
    const page = pageNumber(query.page);
    const { offset, limit } = pageWindow(page, PAGE_SIZE);
    const [list, standing, cal] = await Promise.all([
      caseReviews.list(user, { status, offset, limit }),
      caseReviews.standing(user),
      calendar.calendar(),
    ]);
    const today = todayInLondon();
    return reply.render(`${V}/list.njk`, {
      pageTitle: 'Case reviews',
      manages: standing.manages,
      partner: standing.partner,
      status: status ?? '',
      statusItems: options(
        STATUSES.map((s) => ({ code: s, name: STATUS_NAMES[s] })),
        status ?? '',
        'All referrals',
      ),
      awaiting: list.awaiting.map((a) => ({
        ...a,
        referred: dayText(a.referred_on),
        due: dayText(a.rapid_review_due_on),
      })),
      rows: list.rows.map((r) => ({
        ...r,
        referred: dayText(r.referred_on),
        statusText: STATUS_NAMES[r.status],
        deadline: deadlineText(r, r.held_on, today, cal),
      })),
      total: list.total,
      pagination: pagination(
        page,
        pageCount(list.total, PAGE_SIZE),
        pageHref('/case-reviews', status ? [['status', status]] : []),
      ),
    });
  });

  async function referralForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const [settings, organisations] = await Promise.all([caseReviews.settings(), caseReviews.organisations()]);
    return reply.render(
      `${V}/referral-form.njk`,
      {
        pageTitle: 'Record a case review referral',
        values,
        errors,
        criteriaItems: checkboxes(settings.criteria, values.criteria),
        organisationItems: options(
          organisations.map((o) => ({ code: o.id, name: o.name })),
          values.referrerOrganisationId,
          'Choose an organisation',
        ),
        dateOfBirthItems: dateInputItems('dateOfBirth', values, Boolean(errors?.fields['dateOfBirth-day'])),
        referredOnItems: dateInputItems('referredOn', values, Boolean(errors?.fields['referredOn-day'])),
      },
      errors ? 400 : 200,
    );
  }
  app.get('/case-reviews/new', { config: { access: MANAGE } }, (request, reply) => referralForm(request, reply, {}));
  app.post('/case-reviews', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: referralSchema, fields: REFERRAL_FIELDS, dates: ['dateOfBirth', 'referredOn'], draw: referralForm },
      (data) => caseReviews.referrals.refer(actorOf(request), currentUser(request), data),
      {
        flash: 'The referral is recorded: the three statutory partners can triage it now.',
        to: (id) => `/case-reviews/${String(id)}`,
      },
    ),
  );

  /** The referral's page: it names the child, so each view is audited (CaseReviewService.view). */
  async function referralPage(request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) {
    const id = uuidParam(request);
    const user = currentUser(request);
    const view = found(await caseReviews.view(actorOf(request), user, id));
    const [settings, cal] = await Promise.all([caseReviews.settings(), calendar.calendar()]);
    const model = referralModel(view, settings, todayInLondon(), cal);
    const partner = view.standing.partner;
    const canTriage =
      partner !== null && view.referral.status === 'triage' && !view.triage.some((t) => t.partner === partner);
    return reply.render(
      `${V}/referral.njk`,
      {
        pageTitle: `Case review referral ${view.referral.reference}`,
        ...model,
        manages: view.standing.manages,
        partnerName: model.partners.find((p) => p.code === partner)?.name,
        canTriage,
        triageItems: radios(
          [
            { code: 'yes', name: 'Yes: it meets the criteria for a Rapid Review' },
            { code: 'no', name: 'No: it does not' },
          ],
          values.meetsCriteria,
        ),
        values,
        errors,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/case-reviews/:id', { config: { access: REVIEWERS } }, (request, reply) => referralPage(request, reply, {}));

  app.post('/case-reviews/:id/triage', { config: { access: TRIAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: triageSchema, fields: TRIAGE_FIELDS, draw: referralPage },
      (data) => caseReviews.referrals.triage(actorOf(request), currentUser(request), uuidParam(request), data),
      {
        flash: 'Your partner’s triage decision is recorded.',
        to: `/case-reviews/${uuidParam(request)}`,
      },
    ),
  );

  await reviewRoutes(app, { caseReviews, yesNo: YES_NO });
  await learningRoutes(app, { caseReviews });
  await childRoutes(app, { caseReviews });
}
