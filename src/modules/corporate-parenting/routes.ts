import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { boundedText, oneOf } from '../../platform/views/fields.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { pageCount, pageField, pageWindow, pagination, pageHref } from '../../platform/views/pagination.ts';
import {
  registerMultipart,
  UPLOAD_BODY_LIMIT,
  writeCsv,
  writeXlsx,
  type PerformanceService,
  type UploadedFile,
} from '../performance/index.ts';
import { panelModel } from './panel.ts';
import { childPage } from './present.ts';
import { ETHNICITY_NAMES } from '../../platform/demographics.ts';
import { CARER_ETHNICITIES, templateRows } from './register-file.ts';

const carerEthnicities = CARER_ETHNICITIES.map((code) => ({ code, name: ETHNICITY_NAMES[code] ?? code }));
import type { CorporateParentingService } from './service.ts';
import { attachment } from '../../platform/http/download.ts';

const V = 'corporate-parenting/views';
const MANAGE = { action: 'corporate-parenting:manage' } as const;
const PANEL = { action: 'performance:view' } as const;
const EITHER = { anyOf: ['corporate-parenting:manage', 'performance:view'] } as const;
const PAGE_SIZE = 50;

const searchSchema = z.object({
  q: boundedText(100, 'The search'),
  status: oneOf(['', 'in-care', 'care-leaver'], 'Choose in care or care leavers'),
  page: pageField(),
});

/** Corporate parenting (issue 16): the Panel's outcome page, the register (names: the officer only) and its import. */
export async function corporateParentingRoutes(
  app: FastifyInstance,
  deps: { corporateParenting: CorporateParentingService; performance: PerformanceService },
) {
  const { corporateParenting: service, performance } = deps;
  registerMultipart(app);

  app.get('/corporate-parenting', { config: { access: EITHER } }, async (_request, reply) =>
    reply.render(`${V}/home.njk`, { pageTitle: 'Corporate parenting', counts: await service.counts() }),
  );

  // While the register's measures are being counted (after an import, or when a year has finished) the page shows
  // no figure, so none of an earlier register or of part of a count is taken as current.
  app.get('/corporate-parenting/panel', { config: { access: PANEL } }, async (_request, reply) => {
    const state = await service.countState();
    const pageTitle = 'Corporate Parenting Panel: our outcomes';
    if (state.kind === 'counting') return reply.render(`${V}/panel-counting.njk`, { pageTitle, state });
    const model = await panelModel(performance, todayInLondon());
    return reply.render(`${V}/panel.njk`, { pageTitle, state, ...model });
  });

  app.get('/corporate-parenting/register', { config: { access: MANAGE } }, async (request, reply) => {
    const form = parseForm(searchSchema, request.query ?? {});
    const query = form.ok ? form.data : { q: '', status: '', page: 1 };
    const { rows, total } = await service.children(
      actorOf(request),
      { search: query.q || undefined, status: (query.status || undefined) as 'in-care' | 'care-leaver' | undefined },
      pageWindow(query.page, PAGE_SIZE),
    );
    const href = pageHref('/corporate-parenting/register', [
      ['q', query.q],
      ['status', query.status],
    ]);
    return reply.render(
      `${V}/register.njk`,
      {
        pageTitle: 'Children in care and care leavers register',
        errors: form.ok ? undefined : form.errors,
        values: form.ok ? query : ((request.query ?? {}) as Record<string, unknown>),
        rows,
        total,
        pagination: pagination(query.page, pageCount(total, PAGE_SIZE), href),
      },
      form.ok ? 200 : 400,
    );
  });

  app.get('/corporate-parenting/register/:id', { config: { access: MANAGE } }, async (request, reply) => {
    const record = await service.child(actorOf(request), uuidParam(request));
    if (!record) throw notFound();
    return reply.render(`${V}/child.njk`, { pageTitle: record.child.name, ...childPage(record, todayInLondon()) });
  });

  app.get('/corporate-parenting/template.csv', { config: { access: MANAGE } }, async (_request, reply) =>
    attachment(reply, 'register-template.csv', 'text/csv; charset=utf-8').send(writeCsv(templateRows())),
  );
  app.get('/corporate-parenting/template.xlsx', { config: { access: MANAGE } }, async (_request, reply) =>
    attachment(
      reply,
      'register-template.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ).send(await writeXlsx('Register', templateRows())),
  );

  async function importPage(reply: FastifyReply, errors?: FormErrors) {
    const [runs, counts] = await Promise.all([service.recentImports(), service.counts()]);
    return reply.render(
      `${V}/import.njk`,
      { pageTitle: 'Import the register', errors, runs, counts, carerEthnicities },
      errors ? 400 : 200,
    );
  }
  app.get('/corporate-parenting/import', { config: { access: MANAGE } }, async (_request, reply) => importPage(reply));
  app.post(
    '/corporate-parenting/import',
    { config: { access: MANAGE, once: true }, bodyLimit: UPLOAD_BODY_LIMIT },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.file as UploadedFile | undefined;
      if (!file || typeof file !== 'object' || !('data' in file))
        return importPage(reply, formError('file', 'Select a CSV or XLSX file'));
      const outcome = await service.importFile(actorOf(request), file);
      if (outcome.kind === 'unreadable') return importPage(reply, formError('file', outcome.message));
      return reply.redirect(`/corporate-parenting/imports/${outcome.id}`, 303);
    },
  );

  app.get('/corporate-parenting/imports/:id', { config: { access: MANAGE } }, async (request, reply) => {
    const run = await service.importRun(uuidParam(request));
    if (!run) throw notFound();
    return reply.render(`${V}/import-run.njk`, {
      pageTitle: run.outcome === 'imported' ? 'The register is imported' : 'The file was not imported',
      run,
    });
  });
}
