import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { combineErrors, formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { templateColumns } from './imports/check.ts';
import { templateGroups } from './imports/groups.ts';
import { breakdownTitle } from './breakdown-tables.ts';
import { writeCsv, writeXlsx } from './imports/files.ts';
import { registerMultipart, UPLOAD_BODY_LIMIT, type UploadedFile } from './imports/multipart.ts';
import { FREQUENCY_WORDS } from './periods.ts';
import { formatValue } from './present.ts';
import { importSchema } from './schemas.ts';
import type { PerformanceService } from './service.ts';
import { indicatorFor, MANAGE, V, VIEW } from './route-helpers.ts';
import { attachment } from '../../platform/http/download.ts';

/**
 * Imported indicators (issue 14): the template generated from the definition (CSV or XLSX), the upload with its
 * row-by-row report (the whole file refused if any row is wrong), and each run's page with what it replaced.
 */
export async function importRoutes(app: FastifyInstance, deps: { performance: PerformanceService }) {
  const { performance } = deps;
  registerMultipart(app);

  async function templateRows(code: string) {
    const indicator = (await performance.indicator(code))!;
    const { authority, districts } = await performance.areas();
    const example = FREQUENCY_WORDS[indicator.frequency].example;
    const columns = templateColumns(indicator.unit, indicator.breakdowns);
    const grouped = columns.includes('breakdown');
    const blank = columns.slice(grouped ? 4 : 2).map(() => '');
    const none = grouped ? ['', ''] : [];
    const authorityCode = authority?.ons_code ?? authority?.code ?? '';
    return {
      indicator,
      rows: [
        columns,
        [example, authorityCode, ...none, ...blank],
        ...districts.map((d) => [example, d.ons_code ?? d.code, ...none, ...blank]),
        ...templateGroups(indicator.breakdowns).map(([b, g]) => [example, authorityCode, b, g, ...blank]),
      ],
    };
  }
  app.get('/performance/indicators/:code/template.csv', { config: { access: VIEW } }, async (request, reply) => {
    const { indicator, rows } = await templateRows((await indicatorFor(performance, request)).code);
    return attachment(reply, `${indicator.code}-template.csv`, 'text/csv; charset=utf-8').send(writeCsv(rows));
  });
  app.get('/performance/indicators/:code/template.xlsx', { config: { access: VIEW } }, async (request, reply) => {
    const { indicator, rows } = await templateRows((await indicatorFor(performance, request)).code);
    return attachment(
      reply,
      `${indicator.code}-template.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ).send(await writeXlsx('Figures', rows));
  });

  async function importPage(reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) {
    const [indicators, runs] = await Promise.all([performance.indicators(), performance.recentImports()]);
    const imported = indicators.filter((i) => i.source_kind === 'imported');
    return reply.render(
      `${V}/imports.njk`,
      {
        pageTitle: 'Import figures',
        errors,
        values,
        runs,
        indicatorItems: [
          { value: '', text: 'Choose an indicator' },
          ...imported.map((i) => ({ value: i.code, text: i.name, selected: values.indicator === i.code })),
        ],
      },
      errors ? 400 : 200,
    );
  }
  app.get('/performance/imports', { config: { access: MANAGE } }, async (request, reply) =>
    importPage(reply, { indicator: (request.query as { indicator?: string }).indicator ?? '' }),
  );

  app.post(
    '/performance/imports',
    { config: { access: MANAGE, once: true }, bodyLimit: UPLOAD_BODY_LIMIT },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body.file as UploadedFile | undefined;
      const { file: _file, ...fields } = body;
      const form = parseForm(importSchema, fields);
      const noFile = file ? null : formError('file', 'Select a CSV or XLSX file');
      if (!form.ok || noFile) return importPage(reply, fields, combineErrors(form.ok ? null : form.errors, noFile));
      const indicator = await performance.indicator(form.data.indicator);
      if (!indicator || indicator.source_kind !== 'imported')
        return importPage(reply, fields, formError('indicator', 'Select an imported indicator'));
      const outcome = await performance.importFile(actorOf(request), indicator, file!);
      if (outcome.kind === 'unreadable') return importPage(reply, fields, formError('file', outcome.message));
      return reply.redirect(`/performance/imports/${outcome.id}`, 303);
    },
  );

  app.get('/performance/imports/:id', { config: { access: MANAGE } }, async (request, reply) => {
    const run = await performance.importRun(uuidParam(request));
    if (!run) throw notFound();
    const areas = await performance.areas();
    const area = (text: string) => {
      const [kind = '', code = ''] = text.split(':');
      return performance.areaName(areas, kind, code);
    };
    return reply.render(`${V}/import.njk`, {
      pageTitle: run.outcome === 'imported' ? 'The figures are imported' : 'The file was not imported',
      run,
      changes: run.changes.map((c) => ({
        ...c,
        area: c.breakdown ? `${area(c.area)}, ${breakdownTitle(c.breakdown).toLowerCase()}: ${c.group}` : area(c.area),
        old: formatValue(c.old, run.unit),
        new: c.new === null ? 'Removed' : formatValue(c.new, run.unit),
      })),
    });
  });
}
