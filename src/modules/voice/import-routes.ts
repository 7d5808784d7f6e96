import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { attachment, CSV_TYPE, XLSX_TYPE } from '../../platform/http/download.ts';
import { currentUser, uuidParam } from '../../platform/http/params.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { registerMultipart, UPLOAD_BODY_LIMIT, writeCsv, writeXlsx, type UploadedFile } from '../performance/index.ts';
import { MAX_RESPONSE_FILE_BYTES } from './response-file.ts';
import { MAX_ROWS, responsesExample, templateHeader, type CsvProblem } from './responses-csv.ts';
import { MANAGE, V, found } from './route-helpers.ts';
import { importSchema } from './schemas.ts';
import type { VoiceService } from './service.ts';

type Values = Record<string, unknown>;
const SHOWN_PROBLEMS = 20;

/** The error summary for a refused file or paste: the first problems by row, the rest in the report below. */
function reportErrors(field: 'csv' | 'file', problems: CsvProblem[]): FormErrors {
  const where = (p: CsvProblem) => (p.row ? `Row ${p.row}${p.column ? `, column ${p.column}` : ''}: ` : '');
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  const more = problems.length - shown.length;
  return {
    list: [
      ...shown.map((p) => ({ text: `${where(p)}${p.message}`, href: `#${field}` })),
      ...(more > 0 ? [{ text: `and ${more} more problems: see the report below`, href: '#report' }] : []),
    ],
    fields: {
      [field]: {
        text:
          field === 'file'
            ? 'Nothing was imported: correct the rows the report names and upload the file again'
            : 'Nothing was imported: correct the rows the report names and paste them again',
      },
    },
  };
}

/**
 * A round's responses imported (issue 16): pasted as CSV rows, or uploaded as a CSV or XLSX file (the performance
 * imports' multipart reader and exceljs), with a template made from the round's questions. The corporate parenting
 * officer only. A wrong row refuses everything, with a report row by row.
 */
export async function importRoutes(app: FastifyInstance, { voice }: { voice: VoiceService }) {
  registerMultipart(app);

  async function importForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Values,
    errors?: FormErrors,
    problems: CsvProblem[] = [],
  ) {
    const round = found(await voice.surveys.round(uuidParam(request)));
    const questions = await voice.surveys.questions(round.survey_id);
    return reply.render(
      `${V}/import.njk`,
      {
        pageTitle: 'Import responses',
        round,
        questions,
        ageGroups: voice.settings.ageGroups,
        scale: voice.settings.scale,
        example: responsesExample(
          round,
          questions.map((q) => q.code),
          voice.settings.ageGroups.map((a) => a.code),
          voice.settings.scale,
        ),
        maxRows: MAX_ROWS.toLocaleString('en-GB'),
        maxMegabytes: MAX_RESPONSE_FILE_BYTES / (1024 * 1024),
        values,
        errors,
        problems,
      },
      errors ? 400 : 200,
    );
  }
  app.get('/voice/rounds/:id/import', { config: { access: MANAGE } }, (request, reply) =>
    importForm(request, reply, {}),
  );

  /** The round's template: its header (date, age_group, the survey's questions), as CSV or XLSX. */
  async function template(request: FastifyRequest) {
    const round = found(await voice.surveys.round(uuidParam(request)));
    const questions = await voice.surveys.questions(round.survey_id);
    return {
      name: `${round.survey_code}-${round.year}-responses`,
      rows: [templateHeader(questions.map((q) => q.code))],
    };
  }
  app.get('/voice/rounds/:id/template.csv', { config: { access: MANAGE } }, async (request, reply) => {
    const { name, rows } = await template(request);
    return attachment(reply, `${name}.csv`, CSV_TYPE).send(writeCsv(rows));
  });
  app.get('/voice/rounds/:id/template.xlsx', { config: { access: MANAGE } }, async (request, reply) => {
    const { name, rows } = await template(request);
    return attachment(reply, `${name}.xlsx`, XLSX_TYPE).send(await writeXlsx('Responses', rows));
  });

  app.post('/voice/rounds/:id/import', { config: { access: MANAGE, once: true } }, async (request, reply) => {
    const id = uuidParam(request);
    found(await voice.surveys.round(id));
    const form = parseForm(importSchema, request.body);
    if (!form.ok) return importForm(request, reply, form.values, form.errors);
    const result = found(await voice.surveys.importCsv(actorOf(request), currentUser(request), id, form.data.csv));
    if (!result.ok)
      return importForm(request, reply, form.values, reportErrors('csv', result.problems), result.problems);
    request.session.flash = `${result.imported} ${result.imported === 1 ? 'response' : 'responses'} imported.`;
    return reply.redirect(`/voice/rounds/${id}`, 303);
  });

  app.post(
    '/voice/rounds/:id/upload',
    { config: { access: MANAGE, once: true }, bodyLimit: UPLOAD_BODY_LIMIT },
    async (request, reply) => {
      const id = uuidParam(request);
      found(await voice.surveys.round(id));
      const file = ((request.body ?? {}) as Record<string, unknown>).file as UploadedFile | undefined;
      if (!file || typeof file !== 'object' || !('data' in file) || !Buffer.isBuffer(file.data))
        return importForm(request, reply, {}, formError('file', 'Select a CSV or XLSX file'));
      const outcome = found(await voice.files.importFile(actorOf(request), currentUser(request), id, file));
      if (outcome.kind === 'refused') return importForm(request, reply, {}, formError('file', outcome.message));
      if (outcome.kind === 'problems')
        return importForm(request, reply, {}, reportErrors('file', outcome.problems), outcome.problems);
      request.session.flash = `${outcome.imported} ${outcome.imported === 1 ? 'response' : 'responses'} imported from the file.`;
      return reply.redirect(`/voice/rounds/${id}`, 303);
    },
  );
}
