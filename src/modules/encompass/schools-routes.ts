import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { V } from './present.ts';
import { schoolsImportSchema } from './schemas.ts';
import { SCHOOLS_CSV_EXAMPLE, type SchoolsCsvProblem } from './schools-csv.ts';
import { SCHOOL_COLUMNS } from './settings.ts';
import type { EncompassService } from './service.ts';

/** Reference data is the system administrator's (organisations, teams): the schools list is one more such list. */
const ADMIN = { access: { action: 'organisation:manage' } } as const;
const SUMMARY_PROBLEMS = 10;

/**
 * The schools list (/admin/schools): every school and its designated safeguarding lead, and the import of a fresh
 * list as CSV (from Get Information About Schools), checked row by row: any problem refuses the whole file.
 */
export async function schoolsRoutes(app: FastifyInstance, { encompass }: { encompass: EncompassService }) {
  const render = async (
    reply: FastifyReply,
    values: Record<string, unknown> = {},
    errors?: FormErrors,
    problems: SchoolsCsvProblem[] = [],
  ) =>
    reply.render(
      `${V}/schools.njk`,
      {
        pageTitle: 'Schools',
        schools: await encompass.schools.list(),
        columns: SCHOOL_COLUMNS,
        example: SCHOOLS_CSV_EXAMPLE,
        values,
        errors,
        problems,
      },
      errors ? 400 : 200,
    );

  app.get('/admin/schools', { config: ADMIN }, async (_request, reply) => render(reply));

  app.post('/admin/schools', { config: ADMIN }, async (request, reply) => {
    const form = parseForm(schoolsImportSchema, request.body);
    if (!form.ok) return render(reply, form.values, form.errors);
    const result = await encompass.schools.importCsv(actorOf(request), form.data.csv);
    if (!result.ok) {
      const where = (p: SchoolsCsvProblem) => (p.row ? `Row ${p.row}${p.column ? `, column ${p.column}` : ''}: ` : '');
      const shown = result.problems.slice(0, SUMMARY_PROBLEMS);
      const more = result.problems.length - shown.length;
      const errors: FormErrors = {
        list: [
          ...shown.map((p) => ({ text: `${where(p)}${p.message}`, href: '#csv' })),
          ...(more > 0 ? [{ text: `and ${more} more problems: see the report below`, href: '#report' }] : []),
        ],
        fields: { csv: { text: 'The list was not imported: correct the rows the report names and paste it again' } },
      };
      return render(reply, form.values, errors, result.problems);
    }
    request.session.flash = `${result.imported} schools imported${result.retired ? `; ${result.retired} no longer in the list marked inactive` : ''}.`;
    return reply.redirect('/admin/schools', 303);
  });
}
