import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { dateInputItems } from '../../platform/views/date-input.ts';
import type { FormErrors } from '../../platform/views/forms.ts';
import { MANAGE, V, checkboxes, found, options, radios, submit, type Values } from './route-helpers.ts';
import { STAGES, nextStage, stageIndex } from './rules.ts';
import {
  ACTION_FIELDS,
  CSPR_FIELDS,
  DELAY_FIELDS,
  RAPID_REVIEW_FIELDS,
  STAGE_FIELDS,
  actionSchema,
  csprSchema,
  delaySchema,
  rapidReviewSchema,
  recommendationSchema,
  stageSchema,
  themesSchema,
} from './schemas.ts';
import type { CaseReviewService } from './service.ts';

type Draw = (request: FastifyRequest, reply: FastifyReply, values: Values, errors?: FormErrors) => unknown;

/**
 * The Board manager's forms for a referral once triaged: the Rapid Review, starting the local review, its next stage,
 * a delay, its themes, a recommendation, and a learning action for an agency. Each is its own page, so an error draws
 * the form again with what was typed.
 */
export async function reviewRoutes(
  app: FastifyInstance,
  { caseReviews, yesNo }: { caseReviews: CaseReviewService; yesNo: { code: string; name: string }[] },
) {
  const referralOf = async (request: FastifyRequest) => found(await caseReviews.referral(uuidParam(request)));
  const csprOf = async (request: FastifyRequest) => found(await caseReviews.localReview(uuidParam(request)));
  const back = (request: FastifyRequest) => `/case-reviews/${uuidParam(request)}`;

  /** A form page about one referral: its reference in the caption, the template's own fields. */
  const page =
    (
      template: string,
      title: string,
      extra: (request: FastifyRequest, values: Values, errors?: FormErrors) => Promise<Values>,
    ): Draw =>
    async (request, reply, values, errors) => {
      const referral = await referralOf(request);
      return reply.render(
        `${V}/${template}.njk`,
        {
          pageTitle: title,
          reference: referral.reference,
          back: back(request),
          values,
          errors,
          ...(await extra(request, values, errors)),
        },
        errors ? 400 : 200,
      );
    };
  const dates = (values: Values, errors: FormErrors | undefined, ...names: string[]) =>
    Object.fromEntries(names.map((n) => [`${n}Items`, dateInputItems(n, values, Boolean(errors?.fields[`${n}-day`]))]));

  // ---- The Rapid Review ----
  const rapidForm = page('rapid-review-form', 'Record the Rapid Review', async (_r, values, errors) => ({
    localReviewItems: radios(yesNo, values.localReview),
    panelNotifiedItems: radios(yesNo, values.panelNotified),
    ...dates(values, errors, 'heldOn', 'panelNotifiedOn'),
  }));
  app.get('/case-reviews/:id/rapid-review', { config: { access: MANAGE } }, (request, reply) =>
    rapidForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/rapid-review', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: rapidReviewSchema, fields: RAPID_REVIEW_FIELDS, dates: ['heldOn', 'panelNotifiedOn'], draw: rapidForm },
      (data) => caseReviews.referrals.rapidReview(actorOf(request), currentUser(request), uuidParam(request), data),
      { flash: 'The Rapid Review is recorded.', to: back(request) },
    ),
  );

  // ---- The local Child Safeguarding Practice Review ----
  const csprForm = page('cspr-form', 'Start the local review', async (_r, values, errors) => ({
    methodItems: radios((await caseReviews.settings()).methods, values.method),
    ...dates(values, errors, 'startedOn'),
  }));
  app.get('/case-reviews/:id/local-review', { config: { access: MANAGE } }, (request, reply) =>
    csprForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/local-review', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: csprSchema, fields: CSPR_FIELDS, dates: ['startedOn'], draw: csprForm },
      (data) => caseReviews.local.start(actorOf(request), currentUser(request), uuidParam(request), data),
      { flash: 'The local review has started, at its first stage.', to: back(request) },
    ),
  );

  const stageForm = page('stage-form', 'Record the next stage', async (request, values, errors) => {
    const cspr = await csprOf(request);
    const next = nextStage(cspr.stage);
    return {
      version: cspr.version,
      current: STAGES[stageIndex(cspr.stage)]?.name,
      finished: !next,
      stageItems: radios(STAGES, values.stage ?? next),
      ...dates(values, errors, 'reachedOn'),
    };
  });
  app.get('/case-reviews/:id/stage', { config: { access: MANAGE } }, (request, reply) => stageForm(request, reply, {}));
  app.post('/case-reviews/:id/stage', { config: { access: MANAGE } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: stageSchema, fields: STAGE_FIELDS, dates: ['reachedOn'], draw: stageForm },
      async (data) => {
        await caseReviews.local.moveStage(actorOf(request), currentUser(request), uuidParam(request), data);
        return true;
      },
      { flash: 'The review’s stage is recorded.', to: back(request) },
    ),
  );

  const delayForm = page('delay-form', 'Record a delay', async (_r, values, errors) => ({
    reasonItems: radios((await caseReviews.settings()).delayReasons, values.reason),
    ...dates(values, errors, 'fromOn', 'untilOn'),
  }));
  app.get('/case-reviews/:id/delays/new', { config: { access: MANAGE } }, (request, reply) =>
    delayForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/delays', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: delaySchema, fields: DELAY_FIELDS, dates: ['fromOn', 'untilOn'], draw: delayForm },
      async (data) => {
        await caseReviews.local.addDelay(actorOf(request), currentUser(request), uuidParam(request), data);
        return true;
      },
      { flash: 'The delay and its reason are recorded.', to: back(request) },
    ),
  );

  const themesForm = page('themes-form', 'Themes of the review', async (request, values) => {
    const cspr = await csprOf(request);
    return {
      version: cspr.version,
      themeItems: checkboxes((await caseReviews.settings()).themes, values.themes ?? cspr.themes),
    };
  });
  app.get('/case-reviews/:id/themes', { config: { access: MANAGE } }, (request, reply) =>
    themesForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/themes', { config: { access: MANAGE } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: themesSchema, fields: ['themes'], draw: themesForm },
      async (data) => {
        await caseReviews.local.setThemes(actorOf(request), currentUser(request), uuidParam(request), data);
        return true;
      },
      { flash: 'The review’s themes are saved.', to: back(request) },
    ),
  );

  const recommendationForm = page('recommendation-form', 'Add a recommendation', () => Promise.resolve({}));
  app.get('/case-reviews/:id/recommendations/new', { config: { access: MANAGE } }, (request, reply) =>
    recommendationForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/recommendations', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: recommendationSchema, fields: ['text'], draw: recommendationForm },
      async (data) => {
        await caseReviews.local.addRecommendation(
          actorOf(request),
          currentUser(request),
          uuidParam(request),
          data.text,
        );
        return true;
      },
      { flash: 'The recommendation is added.', to: back(request) },
    ),
  );

  // ---- Learning actions, set by the Board manager for an agency ----
  const actionForm = page('action-form', 'Set a learning action', async (request, values, errors) => {
    const cspr = await caseReviews.localReview(uuidParam(request));
    const [organisations, recommendations] = await Promise.all([
      caseReviews.organisations(),
      cspr ? caseReviews.recommendations(cspr.id) : Promise.resolve([]),
    ]);
    return {
      organisationItems: options(
        organisations.map((o) => ({ code: o.id, name: o.name })),
        values.organisationId,
        'Choose the agency',
      ),
      recommendationItems: recommendations.length
        ? options(
            recommendations.map((r) => ({
              code: r.id,
              name: `${r.number}. ${r.text.slice(0, 90)}${r.text.length > 90 ? '…' : ''}`,
            })),
            values.recommendationId,
            'None: from the Rapid Review',
          )
        : null,
      ...dates(values, errors, 'dueOn'),
    };
  });
  app.get('/case-reviews/:id/actions/new', { config: { access: MANAGE } }, (request, reply) =>
    actionForm(request, reply, {}),
  );
  app.post('/case-reviews/:id/actions', { config: { access: MANAGE, once: true } }, (request, reply) =>
    submit(
      request,
      reply,
      { schema: actionSchema, fields: ACTION_FIELDS, dates: ['dueOn'], draw: actionForm },
      (data) => caseReviews.learning.add(actorOf(request), currentUser(request), uuidParam(request), data),
      { flash: 'The learning action is set: the agency’s lead can see it and give evidence.', to: back(request) },
    ),
  );
}
