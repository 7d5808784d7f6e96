import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import type { PartnershipPlanService } from '../partnership-plan/index.ts';
import { boardRoutes } from './board-routes.ts';
import { importRoutes } from './import-routes.ts';
import { indicatorFor, MANAGE, V, VIEW } from './route-helpers.ts';
import { templateColumns } from './imports/check.ts';
import { FREQUENCY_WORDS } from './periods.ts';
import type { IndicatorRow } from './repository.ts';
import { breakdownQuerySchema, commentarySchema, targetSchema } from './schemas.ts';
import type { PerformanceService } from './service.ts';
import type { PerformanceRecords } from './records.ts';
import { recordsRoutes } from './records-routes.ts';
import { describe, homeModel, indicatorModel } from './views.ts';

/**
 * The performance framework's pages (issue 14): the analyst's home, an indicator with its chart and table, its
 * "how this is counted" page, commentary and targets; imports in import-routes.ts. Figures only, never names.
 */
export async function performanceRoutes(
  app: FastifyInstance,
  deps: { performance: PerformanceService; plan: PartnershipPlanService; records?: PerformanceRecords },
) {
  const { performance, plan, records } = deps;

  app.get('/performance', { config: { access: VIEW } }, async (_request, reply) =>
    reply.render(`${V}/home.njk`, { pageTitle: 'Performance', groups: await homeModel(performance) }),
  );

  async function indicatorPage(
    reply: FastifyReply,
    indicator: IndicatorRow,
    errors?: FormErrors,
    values = {},
    period?: string,
  ) {
    const drill = records?.canFollow(reply.request.user ?? null, performance.computedFor(indicator))
      ? drillHref(indicator.code)
      : undefined;
    return reply.render(
      `${V}/indicator.njk`,
      {
        pageTitle: indicator.name,
        ...(await indicatorModel(performance, indicator, drill, period)),
        drill: !!drill,
        errors,
        values,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/performance/indicators/:code', { config: { access: VIEW } }, async (request, reply) => {
    // The breakdowns' period, chosen from the page's list; anything else shows the latest.
    const query = breakdownQuerySchema.safeParse(request.query);
    const period = query.success ? query.data.period : undefined;
    return indicatorPage(reply, await indicatorFor(performance, request), undefined, {}, period);
  });

  app.get('/performance/indicators/:code/how-counted', { config: { access: VIEW } }, async (request, reply) => {
    const indicator = await indicatorFor(performance, request);
    const computed = performance.computedFor(indicator);
    const period = performance.lastFinishedPeriod(indicator);
    return reply.render(`${V}/how-counted.njk`, {
      pageTitle: `How this is counted: ${indicator.name}`,
      indicator,
      words: describe(indicator),
      computed: computed && {
        howCounted: computed.howCounted,
        version: computed.version,
        period: period?.label,
        query: period ? performance.query(computed, period) : '',
      },
      columns: templateColumns(indicator.unit, indicator.breakdowns),
      example: FREQUENCY_WORDS[indicator.frequency].example,
    });
  });

  app.post(
    '/performance/indicators/:code/commentary',
    { config: { access: MANAGE, once: true } },
    async (request, reply) => {
      const indicator = await indicatorFor(performance, request);
      const form = parseForm(commentarySchema, request.body);
      if (!form.ok) return indicatorPage(reply, indicator, form.errors, form.values);
      if (!performance.period(indicator, form.data.period))
        return indicatorPage(
          reply,
          indicator,
          formError('period', 'Select the period the commentary is about'),
          form.values,
        );
      await performance.addCommentary(actorOf(request), indicator, form.data);
      request.session.flash = 'The commentary is added.';
      return reply.redirect(`/performance/indicators/${indicator.code}#commentary`, 303);
    },
  );

  async function targetPage(
    reply: FastifyReply,
    indicator: IndicatorRow,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    return reply.render(
      `${V}/target.njk`,
      { pageTitle: `Target: ${indicator.name}`, indicator, words: describe(indicator), values, errors },
      errors ? 400 : 200,
    );
  }
  app.get('/performance/indicators/:code/target', { config: { access: MANAGE } }, async (request, reply) => {
    const indicator = await indicatorFor(performance, request);
    return targetPage(reply, indicator, {
      version: indicator.version,
      target: indicator.target ?? '',
      tolerance: indicator.tolerance ?? '',
    });
  });
  app.post('/performance/indicators/:code/target', { config: { access: MANAGE } }, async (request, reply) => {
    const indicator = await indicatorFor(performance, request);
    const form = parseForm(targetSchema(indicator.unit), request.body);
    if (!form.ok) return targetPage(reply, indicator, form.values, form.errors);
    const saved = await performance.setTarget(actorOf(request), indicator, form.data);
    if (!saved) {
      const fresh = (await performance.indicator(indicator.code))!;
      return targetPage(
        reply,
        fresh,
        { ...form.values, version: fresh.version },
        formError('target', 'Someone else changed this target after you opened it. Check it and try again.'),
      );
    }
    request.session.flash = 'The target is saved.';
    return reply.redirect(`/performance/indicators/${indicator.code}`, 303);
  });

  await importRoutes(app, { performance });
  await boardRoutes(app, { performance, plan });
  if (records) await recordsRoutes(app, { performance, records });
}

/** The drill-down's address for a period and, optionally, a quadrant or district. */
const drillHref = (code: string) => (period: string, area?: string) =>
  `/performance/indicators/${code}/records?${new URLSearchParams({ period, ...(area ? { area } : {}) }).toString()}`;
