import { pageCount, pageHref, pageNumber, pagination } from '../../../platform/views/pagination.ts';
import { findUnstorableText, unstorableInput } from '../../../platform/http/input-guard.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { CONCERN_CATEGORIES, CSV_MAX_ROWS } from './schemas.ts';
import { CSV_COLUMNS, CSV_EXAMPLE, type CsvProblem } from './csv.ts';
import { PoliceTriageError, TRIAGE_NAMES, type CsvReport, type PoliceService } from './service.ts';

const V = 'front-door/police/views';
/** A pasted CSV of 2,000 notifications is a few megabytes, more than other forms may send. */
const CSV_BODY_LIMIT = 8 * 1024 * 1024;
const SUMMARY_PROBLEMS = 10;
const PAGE_SIZE = 50;
const STALE =
  'Someone else triaged this notification, or the Hub decided it, while you were looking at it. Nothing has been saved: check it as it is now.';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Operation Encompass's words about a notification, and links to its notifications to schools. */
export interface PoliceEncompassSummary {
  summary: string;
  items: { text: string; href: string }[];
}

export const uploadSchema = (forces: string[]) =>
  z.object({
    organisation: z.string().refine((v) => forces.includes(v), 'Select the police force that sent the notifications'),
    csv: z.string().refine((v) => v.trim().length > 0, 'Paste the notifications as CSV text'),
    action: z.enum(['check', 'save-good']).catch('check'),
    expectGood: z.string().optional(),
  });

export const triageSchema = z.object({
  version: versionField(),
  outcome: z.enum(['no-further-action', 'passed-to-worker', 'screen'], 'Select what happens to this notification'),
  reason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer'),
  passedTo: z.string().trim().max(200, 'The worker’s name and contact must be 200 characters or fewer'),
  teamId: z.string().refine((v) => v === '' || isUuid(v), 'Select a team from the list'),
});

/**
 * Police notifications for Hub staff ('hub:screen'): the list waiting for triage with the share
 * progressed (/hub/police), the CSV upload with its row-by-row report (/hub/police/upload) and the
 * lighter triage of one notification (/hub/police/:id).
 */
export async function policeRoutes(
  app: FastifyInstance,
  {
    police,
    reference,
    encompass,
  }: {
    police: PoliceService;
    reference: ReferenceService;
    /** What Operation Encompass did with a notification of domestic abuse (given by app.ts; null otherwise). */
    encompass?: (requestId: string) => Promise<PoliceEncompassSummary | null>;
  },
) {
  app.get('/hub/police', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const page = pageNumber((request.query as { page?: unknown }).page);
    const now = new Date();
    const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
    const [{ items, total }, figures] = await Promise.all([
      police.awaitingTriage(page, PAGE_SIZE),
      police.figures(yearAgo, new Date(now.getTime() + 60_000)),
    ]);
    return reply.render(`${V}/police-list.njk`, {
      pageTitle: 'Police notifications',
      items,
      total,
      figures: {
        ...figures,
        screenedPercent: figures.screenedShare === null ? null : Math.round(figures.screenedShare * 100),
        progressedPercent: figures.progressedShare === null ? null : Math.round(figures.progressedShare * 100),
      },
      pagination: pagination(page, pageCount(total, PAGE_SIZE), pageHref('/hub/police')),
    });
  });

  // ---- The CSV upload ----

  async function renderUpload(
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    report?: CsvReport,
  ) {
    const forces = await police.forces();
    return reply.render(
      `${V}/police-upload.njk`,
      {
        pageTitle: report ? 'Check the police notifications' : 'Upload police notifications',
        values,
        errors,
        report,
        forceItems: [
          { value: '', text: 'Select a force' },
          ...forces.map((f) => ({ value: f.id, text: f.name, selected: values.organisation === f.id })),
        ],
        columns: CSV_COLUMNS,
        categories: Object.entries(CONCERN_CATEGORIES).map(([code, c]) => ({ code, name: c.name })),
        example: CSV_EXAMPLE,
        maxRows: CSV_MAX_ROWS.toLocaleString('en-GB'),
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/police/upload', { config: { access: { action: 'hub:screen' } } }, async (_request, reply) => {
    const forces = await police.forces();
    return renderUpload(reply, { organisation: forces.length === 1 ? forces[0]!.id : '' });
  });

  app.post(
    '/hub/police/upload',
    // Each row is checked on its own (a NUL or broken character refuses only its row): see checkNotification.
    { config: { access: { action: 'hub:screen' }, bodyTextChecked: 'items' }, bodyLimit: CSV_BODY_LIMIT },
    async (request, reply) => {
      const { csv: _text, ...fields } = (request.body ?? {}) as Record<string, unknown>;
      if (findUnstorableText(fields) !== null) throw unstorableInput();
      const forces = await police.forces();
      const form = parseForm(uploadSchema(forces.map((f) => f.id)), request.body);
      if (!form.ok) return renderUpload(reply, form.values, form.errors);
      const { organisation, csv, action, expectGood } = form.data;
      const report = await police.checkCsv(organisation, csv);
      const where = (p: CsvProblem) =>
        [`Row ${p.row}`, p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ');
      if (report.fileProblems.length) {
        const errors: FormErrors = {
          list: report.fileProblems.map((p) => ({ text: `${where(p)}: ${p.message}`, href: '#csv' })),
          fields: { csv: { text: report.fileProblems.map((p) => p.message).join('. ') } },
        };
        return renderUpload(reply, form.values, errors);
      }
      const { ready, duplicate, problem } = report.counts;
      const confirmed = action === 'save-good' && expectGood === String(ready);
      if (problem === 0 || (confirmed && ready > 0)) {
        const force = forces.find((f) => f.id === organisation)!;
        const saved = await police.receive(
          actorOf(request),
          { organisationId: organisation, organisationName: force.name, apiClientId: null },
          report.good,
        );
        const created = saved.filter((s) => s.status === 'created').length;
        const already = duplicate + saved.length - created;
        request.session.flash = [
          created
            ? `${plural(created, 'police notification', 'police notifications')} added to the queue.`
            : 'No new police notifications.',
          already
            ? `${plural(already, 'was', 'were')} already in Hearth and ${already === 1 ? 'has' : 'have'} not been added again.`
            : '',
          problem ? `${plural(problem, 'row', 'rows')} with problems ${problem === 1 ? 'was' : 'were'} left out.` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return reply.redirect('/hub/police', 303);
      }
      const problems = report.rows.flatMap((r) => r.problems);
      const shown = problems
        .slice(0, SUMMARY_PROBLEMS)
        .map((p) => ({ text: `${where(p)}: ${p.message}`, href: '#report' }));
      const more = problems.length - shown.length;
      const changed = action === 'save-good' && !confirmed;
      const errors: FormErrors = {
        list: [
          ...(changed
            ? [
                {
                  text: 'The text changed after it was checked: check the report below again before saving',
                  href: '#report',
                },
              ]
            : []),
          ...shown,
          ...(more > 0
            ? [{ text: `and ${plural(more, 'more problem', 'more problems')}: see the report`, href: '#report' }]
            : []),
        ],
        fields: { csv: { text: `${plural(problem, 'row has', 'rows have')} problems. Nothing has been saved.` } },
      };
      return renderUpload(reply, form.values, errors, report);
    },
  );

  // ---- Triage ----

  const requestId = (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    return id;
  };

  async function renderTriage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const found = await police.notification(actorOf(request), requestId(request));
    if (!found) throw notFound();
    const [teams, encompassSummary] = await Promise.all([
      reference.allTeams(),
      encompass ? encompass(found.request.id) : Promise.resolve(null),
    ]);
    const v: Record<string, unknown> = { ...values, version: values.version ?? String(found.police.version) };
    return reply.render(
      `${V}/police-triage.njk`,
      {
        pageTitle: `Police notification ${found.request.displayReference}`,
        ...found,
        encompass: encompassSummary,
        values: v,
        errors,
        triageNames: TRIAGE_NAMES,
        outcomeItems: [
          {
            value: 'no-further-action',
            text: TRIAGE_NAMES['no-further-action'],
            hint: { text: 'The Hub does not need to do anything. Say why below.' },
          },
          {
            value: 'passed-to-worker',
            text: 'Pass to the worker already involved',
            hint: { text: 'The child is already open to a service: say who below.' },
          },
          {
            value: 'screen',
            text: 'Screen',
            hint: { text: 'Move it into the Hub’s screening queue, like any other request.' },
          },
        ].map((i) => ({ ...i, checked: v.outcome === i.value })),
        teamItems: [
          { value: '', text: 'Select a team' },
          ...teams.map((t) => ({
            value: t.id,
            text: `${t.name} (${t.organisation_name})`,
            selected: v.teamId === t.id,
          })),
        ],
      },
      errors ? 400 : 200,
    );
  }

  app.get('/hub/police/:id', { config: { access: { action: 'hub:screen' } } }, async (request, reply) =>
    renderTriage(request, reply, {}),
  );

  app.post('/hub/police/:id/triage', { config: { access: { action: 'hub:screen' } } }, async (request, reply) => {
    const id = requestId(request);
    const form = parseForm(triageSchema, request.body);
    if (!form.ok) return renderTriage(request, reply, form.values, form.errors);
    const d = form.data;
    try {
      await police.triage(actorOf(request), id, d.version, {
        outcome: d.outcome,
        reason: d.reason,
        passedTo: d.passedTo,
        teamId: d.teamId || undefined,
      });
    } catch (error) {
      if (error instanceof PoliceTriageError)
        return renderTriage(request, reply, form.values, formError(error.field, error.message));
      if (error instanceof StaleVersionError)
        return renderTriage(request, reply, { ...form.values, version: undefined }, formError('outcome', STALE));
      throw error;
    }
    request.session.flash =
      d.outcome === 'screen'
        ? 'The notification is in the screening queue.'
        : d.outcome === 'no-further-action'
          ? 'No further action is recorded.'
          : 'Recorded as passed to the worker already involved.';
    return reply.redirect(d.outcome === 'screen' ? `/hub/requests/${id}` : '/hub/police', 303);
  });
}
