import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { forbidden, HttpProblem, notFound } from '../../platform/http/errors.ts';
import { pageHref, pagination } from '../../platform/views/pagination.ts';
import { NoSuchPage, type PerformanceRecords } from './records.ts';
import { indicatorFor, V, VIEW } from './route-helpers.ts';
import { recordsQuerySchema } from './schemas.ts';
import type { PerformanceService } from './service.ts';

const badLink = (message: string) => new HttpProblem(400, 'There is a problem with this link', message);

/**
 * The drill-down (issue 14): /performance/indicators/:code/records?period=…&area=…&page=… lists the records behind a
 * count that the user may see, and counts the rest. Reaching it needs performance:view; each record is then decided by
 * the policy (records.ts). A user whose roles see no records of the kind gets a plain refusal, never a list.
 */
export async function recordsRoutes(
  app: FastifyInstance,
  deps: { performance: PerformanceService; records: PerformanceRecords },
) {
  const { performance, records } = deps;

  app.get('/performance/indicators/:code/records', { config: { access: VIEW } }, async (request, reply) => {
    const indicator = await indicatorFor(performance, request);
    const computed = performance.computedFor(indicator);
    if (!computed?.records) throw notFound();
    if (!records.canFollow(request.user!, computed))
      throw forbidden(
        'Your role sees the figures, not the records behind them. Ask a practitioner who works with these records.',
      );
    const query = recordsQuerySchema.safeParse(request.query);
    if (!query.success) throw badLink(query.error.issues[0]?.message ?? 'The link is not one Hearth made');
    const period = performance.period(indicator, query.data.period);
    if (!period) throw badLink(`“${query.data.period.slice(0, 20)}” is not a period of this indicator`);
    const areas = await performance.areas();
    const area =
      query.data.area === '' ? { kind: 'all', code: '', name: '' } : areas.lookup.get(query.data.area.toLowerCase());
    if (!area) throw badLink('The area in the link is not a quadrant or district of the council');
    let list;
    try {
      list = await records.list({
        actor: actorOf(request),
        viewer: request.user!,
        indicator,
        computed,
        period,
        area,
        page: query.data.page,
      });
    } catch (error) {
      if (error instanceof NoSuchPage)
        throw badLink(
          `The list has ${error.pages} page${error.pages === 1 ? '' : 's'}: there is no page ${query.data.page}`,
        );
      if (error instanceof RangeError) throw badLink('These records cannot be listed for that area');
      throw error;
    }
    const below = await performance.suppressBelow();
    const params: [string, string][] = [
      ['period', period.label],
      ...(area.code ? [['area', area.code] as [string, string]] : []),
    ];
    return reply.render(`${V}/records.njk`, {
      pageTitle: `Records behind: ${indicator.name}`,
      indicator,
      period,
      areaName: area.kind === 'all' ? (areas.authority?.name ?? 'The whole authority') : area.name,
      list,
      hiddenText: list.hidden > 0 && list.hidden < below ? `Fewer than ${below}` : String(list.hidden),
      pagination: pagination(
        list.page,
        list.pages,
        pageHref(`/performance/indicators/${indicator.code}/records`, params),
      ),
    });
  });
}
