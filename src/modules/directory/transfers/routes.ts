import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { can } from '../../../platform/permissions/policy.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { RenderContext } from '../../../platform/http/types.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { ACCESS_ROUTES, ACCESS_ROUTE_NAMES, DELIVERY_MODES, DELIVERY_MODE_NAMES } from '../content.ts';
import type { DirectoryService } from '../service.ts';
import { CSV_MAX_ROWS } from './csv.ts';
import { TransferError, type CsvProblem, type ImportReport } from './service.ts';
import { attachment, CSV_TYPE } from '../../../platform/http/download.ts';

const V = 'directory/views';
/** A pasted CSV of a few thousand services is several megabytes, more than other forms may send. */
const CSV_BODY_LIMIT = 12 * 1024 * 1024;
/** The error summary lists this many problems; the table under the form lists them all. */
const SUMMARY_PROBLEMS = 10;

const list = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(inner));

export const orukImportSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the address of the Open Referral UK API')
    .max(500, 'The address must be 500 characters or fewer'),
  organisationId: z
    .string()
    .trim()
    .refine((v) => v === '' || isUuid(v), 'Select an organisation from the list'),
  levels: list(z.coerce.number({ message: 'Select levels of need from the list' }).int().min(1).max(9)),
  category: z.string().trim().max(60),
  countywide: z.enum(['yes', 'no'], {
    message: 'Select whether a service that does not say where it works covers the whole area',
  }),
  accessRoute: z.enum(ACCESS_ROUTES, { message: 'Select how families get the services' }),
  deliveryModes: list(z.enum(DELIVERY_MODES, { message: 'Select ways of delivering from the list' })),
});

export const csvImportSchema = z.object({
  csv: z.string().refine((v) => v.trim().length > 0, 'Paste the contents of the CSV file'),
});

const csvFile = (reply: FastifyReply, name: string) => attachment(reply, name, CSV_TYPE);

const reportCounts = (report: ImportReport) => ({
  created: report.created.length,
  updated: report.updated.length,
  unchanged: report.unchanged.length,
  rejected: report.rejected.length,
});
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const summary = (report: ImportReport) => {
  const c = reportCounts(report);
  return `Import finished: ${plural(c.created, 'service', 'services')} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected.`;
};

/**
 * Imports and exports of the Directory of Services, under /admin/directory/: moderators and
 * administrators import ('directory:import'); they and analysts export ('directory:export').
 * The CSV is pasted into a text box: the app takes no file uploads (no multipart parser).
 */
export async function transferRoutes(
  app: FastifyInstance,
  { directory, reference }: { directory: DirectoryService; reference: ReferenceService },
) {
  const transfers = directory.transfers;

  app.get(
    '/admin/directory/transfers',
    { config: { access: { action: 'directory:export' } } },
    async (_request, reply) => {
      const imports = can(reply.request.user, 'directory:import').allowed ? await transfers.imports(50) : [];
      return reply.render(`${V}/transfer-index.njk`, { pageTitle: 'Import and export services', imports });
    },
  );

  app.get(
    '/admin/directory/template.csv',
    { config: { access: { action: 'directory:import' } } },
    async (_request, reply) => csvFile(reply, 'hearth-directory-template.csv').send(transfers.csvTemplate()),
  );

  app.get(
    '/admin/directory/export.csv',
    { config: { access: { action: 'directory:export' } } },
    async (request, reply) => {
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
      return csvFile(reply, `hearth-directory-${date}.csv`).send(transfers.exportCsv(request.user, actorOf(request)));
    },
  );

  // ---- CSV ----

  const renderCsv = (
    reply: FastifyReply,
    context: Partial<RenderContext>,
    errors?: FormErrors,
    problems: CsvProblem[] = [],
  ) =>
    reply.render(
      `${V}/transfer-csv.njk`,
      {
        pageTitle: 'Import services from a CSV file',
        maxRows: CSV_MAX_ROWS.toLocaleString('en-GB'),
        values: {},
        ...context,
        errors,
        problems,
      },
      errors ? 400 : 200,
    );

  app.get(
    '/admin/directory/import/csv',
    { config: { access: { action: 'directory:import' } } },
    async (_request, reply) => renderCsv(reply, {}),
  );

  app.post(
    '/admin/directory/import/csv',
    { config: { access: { action: 'directory:import' } }, bodyLimit: CSV_BODY_LIMIT },
    async (request, reply) => {
      const form = parseForm(csvImportSchema, request.body);
      if (!form.ok) return renderCsv(reply, { values: form.values }, form.errors);
      const result = await transfers.importCsv(actorOf(request), form.data.csv);
      if (!result.ok) {
        const where = (p: CsvProblem) =>
          [`Row ${p.row}`, p.column ? `column ${p.column}` : ''].filter(Boolean).join(', ');
        const shown = result.problems
          .slice(0, SUMMARY_PROBLEMS)
          .map((p) => ({ text: `${where(p)}: ${p.message}`, href: '#problems' }));
        const more = result.problems.length - shown.length;
        const errors: FormErrors = {
          list: [
            ...shown,
            ...(more > 0
              ? [{ text: `and ${plural(more, 'more problem', 'more problems')}: see the full list`, href: '#problems' }]
              : []),
          ],
          fields: {
            csv: {
              text: `The file has ${plural(result.problems.length, 'problem', 'problems')}. Nothing has been saved: correct the file and paste it again.`,
            },
          },
        };
        return renderCsv(reply, { values: form.values }, errors, result.problems);
      }
      request.session.flash = summary(result.report);
      return reply.redirect(`/admin/directory/imports/${result.importId}`, 303);
    },
  );

  // ---- Open Referral UK ----

  async function orukOptions() {
    const [organisations, options] = await Promise.all([reference.organisations(), directory.options()]);
    return {
      organisations: organisations.filter((o) => o.is_active).map((o) => ({ value: o.id, text: o.name })),
      categories: options.categories.map((c) => ({ value: c.code, text: c.name })),
      levels: options.levels.map((l) => ({ value: String(l.level), text: `Level ${l.level}: ${l.name}` })),
      accessRoutes: ACCESS_ROUTES.map((r) => ({ value: r, text: ACCESS_ROUTE_NAMES[r] })),
      deliveryModes: DELIVERY_MODES.filter((m) => m !== 'in-person').map((m) => ({
        value: m,
        text: DELIVERY_MODE_NAMES[m],
      })),
    };
  }
  const renderOruk = async (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.render(
      `${V}/transfer-oruk.njk`,
      {
        pageTitle: 'Import services from an Open Referral UK API',
        ...(await orukOptions()),
        values: asFormValues(values),
        errors,
      },
      errors ? 400 : 200,
    );

  app.get(
    '/admin/directory/import/oruk',
    { config: { access: { action: 'directory:import' } } },
    async (_request, reply) =>
      renderOruk(reply, { countywide: 'no', accessRoute: 'self-referral', levels: [], deliveryModes: [] }),
  );

  app.post(
    '/admin/directory/import/oruk',
    { config: { access: { action: 'directory:import' } } },
    async (request, reply) => {
      const form = parseForm(orukImportSchema, request.body);
      if (!form.ok) return renderOruk(reply, form.values, form.errors);
      const { url, organisationId, levels, category, countywide, accessRoute, deliveryModes } = form.data;
      try {
        const { importId, report } = await transfers.importFromOruk(actorOf(request), {
          url,
          defaults: {
            organisationId: organisationId || undefined,
            levels,
            categories: category ? [category] : [],
            countywide: countywide === 'yes',
            accessRoute,
            deliveryModes,
          },
        });
        request.session.flash = summary(report);
        return reply.redirect(`/admin/directory/imports/${importId}`, 303);
      } catch (error) {
        if (!(error instanceof TransferError)) throw error;
        return renderOruk(reply, form.values, formError(error.field, error.message));
      }
    },
  );

  // ---- Reports ----

  app.get(
    '/admin/directory/imports/:id',
    { config: { access: { action: 'directory:import' } } },
    async (request: FastifyRequest, reply) => {
      const run = await transfers.importRun((request.params as { id: string }).id);
      if (!run) throw notFound();
      return reply.render(`${V}/transfer-report.njk`, {
        pageTitle: run.kind === 'oruk' ? 'Import from an Open Referral UK API' : 'Import from a CSV file',
        run,
      });
    },
  );
}

/** Checkbox fields arrive as a string for one choice and an array for several: always an array here. */
function asFormValues(values: Record<string, unknown>) {
  const many = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  return { ...values, levels: many(values.levels), deliveryModes: many(values.deliveryModes) };
}
