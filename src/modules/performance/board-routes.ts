import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { HttpProblem } from '../../platform/http/errors.ts';
import type { PartnershipPlanService } from '../partnership-plan/index.ts';
import { boardSections, indicatorsServing, type BoardArea } from './board.ts';
import { boardPdf, boardXlsx, type BoardModel } from './board-export.ts';
import { V, VIEW } from './route-helpers.ts';
import type { PerformanceService } from './service.ts';
import { attachment, XLSX_TYPE } from '../../platform/http/download.ts';

/**
 * The board view (/performance/board) and the Locality Partnership report (the board view for a quadrant, with the
 * Locality Children's Partnership's local action plan), on the page and as tagged PDF and XLSX (issue 14). Figures
 * only, never names; an export is audited.
 */
const CODE = z
  .string()
  .trim()
  .max(50)
  .regex(/^[a-z0-9-]*$/i)
  .optional()
  .transform((v) => v || undefined);
const filterSchema = z.object({ quadrant: CODE, district: CODE });

const unknownArea = (kind: string) =>
  new HttpProblem(
    404,
    `There is no such ${kind}`,
    `The ${kind} in the web address is not one Hearth knows. Go back to the board view and choose one from the list.`,
  );

/** The area the filter names: the whole authority, a quadrant or a district (unknown: 404; both: 400). */
export async function areaFor(performance: PerformanceService, query: unknown): Promise<BoardArea> {
  const parsed = filterSchema.safeParse(query ?? {});
  if (!parsed.success) throw unknownArea('area');
  const { quadrant, district } = parsed.data;
  const areas = await performance.areas();
  if (quadrant && district)
    throw new HttpProblem(400, 'Choose one area', 'Choose a quadrant or a district, not both, then show the figures.');
  if (quadrant) {
    const found = areas.quadrants.find((q) => q.code.toLowerCase() === quadrant.toLowerCase());
    if (!found) throw unknownArea('quadrant');
    return { kind: 'quadrant', code: found.code, name: `${found.name} quadrant` };
  }
  if (district) {
    const found = areas.districts.find((d) => d.code.toLowerCase() === district.toLowerCase());
    if (!found) throw unknownArea('district');
    return { kind: 'district', code: found.code, name: found.name };
  }
  return { kind: 'all', code: '', name: areas.authority?.name ?? 'The whole authority' };
}

/** Everything the page and the exports show, for an area. */
export async function boardModel(
  performance: PerformanceService,
  plan: PartnershipPlanService,
  area: BoardArea,
): Promise<BoardModel> {
  const [current, all, below, locality] = await Promise.all([
    plan.version(null),
    performance.indicators(),
    performance.suppressBelow(),
    area.kind === 'quadrant' ? plan.locality(area.code) : Promise.resolve(null),
  ]);
  const items = current
    ? [
        ...current.priorities.map((p) => ({ code: p.code, name: `Priority: ${p.name}` })),
        ...current.outcomes.map((o) => ({ code: o.code, name: `Outcome: ${o.name}` })),
      ]
    : [];
  const shown = indicatorsServing(items, all);
  const { values, commentary, recent } = await performance.board(
    shown,
    area.kind === 'all' ? undefined : { kind: area.kind, code: area.code },
  );
  const sections = boardSections({ items, indicators: shown, values, commentary, recent, area, below });
  const localName = locality?.locality.name ?? `${area.name} Locality Partnership`;
  const title =
    area.kind === 'quadrant'
      ? `${localName}: report`
      : area.kind === 'district'
        ? `Board report: ${area.name}`
        : 'Board report';
  return {
    title,
    plan: current ? current.version.name : null,
    area,
    below,
    sections,
    actions: locality
      ? locality.actions.map((a) => ({
          title: a.title,
          itemCode: a.item_code,
          itemName: a.item_name,
          owner: [a.owner_name, a.owner_organisation].filter(Boolean).join(', '),
          dueOn: a.due_on,
          rag: a.rag,
        }))
      : null,
  };
}

/** The filter as a query string ('?quadrant=west'), for the export links and the governance papers. */
export const filterQuery = (area: BoardArea) =>
  area.kind === 'all' ? '' : `?${area.kind}=${encodeURIComponent(area.code)}`;

export async function boardRoutes(
  app: FastifyInstance,
  deps: { performance: PerformanceService; plan: PartnershipPlanService },
) {
  const { performance, plan } = deps;

  app.get('/performance/board', { config: { access: VIEW } }, async (request, reply) => {
    const area = await areaFor(performance, request.query);
    const [model, areas] = await Promise.all([boardModel(performance, plan, area), performance.areas()]);
    const choose = (list: readonly { code: string; name: string }[], chosen: string | null, all: string) => [
      { value: '', text: all },
      ...list.map((a) => ({ value: a.code, text: a.name, selected: a.code === chosen })),
    ];
    return reply.render(`${V}/board.njk`, {
      pageTitle: model.title,
      ...model,
      quadrantItems: choose(areas.quadrants, area.kind === 'quadrant' ? area.code : null, 'All quadrants'),
      districtItems: choose(areas.districts, area.kind === 'district' ? area.code : null, 'All districts'),
      query: filterQuery(area),
    });
  });

  app.get('/performance/localities/:quadrant', { config: { access: VIEW } }, async (request, reply) => {
    const area = await areaFor(performance, { quadrant: (request.params as { quadrant: string }).quadrant });
    return reply.redirect(`/performance/board${filterQuery(area)}`, 303);
  });

  const exported = async (request: FastifyRequest, reply: FastifyReply, format: 'pdf' | 'xlsx') => {
    const area = await areaFor(performance, request.query);
    const model = await boardModel(performance, plan, area);
    const today = todayInLondon();
    const body = format === 'pdf' ? await boardPdf(model, { today }) : await boardXlsx(model, { today });
    await performance.recordExport(actorOf(request), {
      report: area.kind === 'quadrant' ? 'locality-report' : 'board-report',
      format,
      area: area.kind === 'all' ? 'all' : `${area.kind}:${area.code}`,
      indicators: new Set(model.sections.flatMap((s) => s.indicators.map((i) => i.code))).size,
    });
    const name = `${area.kind === 'quadrant' ? 'locality' : 'board'}-report${area.code ? `-${area.code}` : ''}-${today}`;
    return attachment(reply, `${name}.${format}`, format === 'pdf' ? 'application/pdf' : XLSX_TYPE).send(body);
  };
  app.get('/performance/board.pdf', { config: { access: VIEW } }, (request, reply) => exported(request, reply, 'pdf'));
  app.get('/performance/board.xlsx', { config: { access: VIEW } }, (request, reply) =>
    exported(request, reply, 'xlsx'),
  );
}
