import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../platform/auth/guards.ts';
import { withDateInputs, dateInputItems } from '../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { pageCount, pageHref, pagination } from '../../platform/views/pagination.ts';
import type { Candidate } from '../people/index.ts';
import { EducationRuleError, OpenCaseExists } from './rules.ts';
import { V, educationWords, radioItems, selectItems, yearGroupItems, yearGroupOf } from './present.ts';
import { NEW_CASE_DATES, listQuerySchema, newCaseSchema } from './schemas.ts';
import type { EducationComplianceService } from './service.ts';
import { educationCaseRoutes } from './case-routes.ts';

const PAGE_SIZE = 50;
const access = { access: { action: 'education:compliance' } } as const;

/**
 * The Education Compliance list (/education-compliance: open cases of children missing education and home educated,
 * filtered by quadrant, year group and priority) and the report of a new case (/education-compliance/new), with the
 * child matched to Hearth's people as the Hub matches. The case pages are in case-routes.ts.
 */
export async function educationComplianceRoutes(
  app: FastifyInstance,
  { education }: { education: EducationComplianceService },
) {
  const reference = () => Promise.all([education.settings(), education.quadrants(), education.districts()]);

  app.get('/education-compliance', { config: access }, async (request, reply) => {
    const filters = listQuerySchema.parse(request.query ?? {});
    // The districts are not needed here (the page's rows carry their district's name): one query fewer.
    const [settings, quadrants, list] = await Promise.all([
      education.settings(),
      education.quadrants(),
      education.list(actorOf(request), filters, PAGE_SIZE),
    ]);
    const query = new URLSearchParams(
      Object.entries({ ...filters, page: '' })
        .filter(([k, v]) => v !== '' && !(k === 'kind' && v === 'all'))
        .map(([k, v]) => [k, String(v)]),
    );
    return reply.render(`${V}/list.njk`, {
      pageTitle: 'Education Compliance',
      rows: list.rows.map((r) => ({ ...r, yearGroup: yearGroupOf(r.birth_school_year, list.schoolYear) })),
      total: list.total,
      filters,
      kindItems: radioItems(
        [
          { code: 'all', name: 'All open cases' },
          { code: 'cme', name: 'Children missing education' },
          { code: 'ehe', name: 'Elective home education' },
        ],
        filters.kind,
      ),
      quadrantItems: selectItems(quadrants, filters.quadrant, 'Any quadrant'),
      yearGroupItems: yearGroupItems(filters.yearGroup),
      words: educationWords(settings),
      pagination: pagination(filters.page, pageCount(list.total, PAGE_SIZE), pageHref('/education-compliance', query)),
    });
  });

  const renderNew = async (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    candidates?: Candidate[],
  ) => {
    const [settings, , districts] = await reference();
    const kind = values.kind === 'ehe' ? 'ehe' : 'cme';
    const hasError = (name: string) => Boolean(errors?.fields[`${name}-day`]);
    return reply.render(
      `${V}/new.njk`,
      {
        pageTitle: kind === 'cme' ? 'Report a child missing education' : 'Register elective home education',
        kind,
        values: { ...values, kind },
        errors,
        candidates,
        districtItems: selectItems(districts, values.district, 'Choose a district'),
        sourceItems: selectItems(
          kind === 'cme' ? settings.cmeSources : settings.concernSources,
          values.source,
          'Choose',
        ),
        dateOfBirthItems: dateInputItems('dateOfBirth', values, hasError('dateOfBirth')),
        reportedOnItems: dateInputItems('reportedOn', values, hasError('reportedOn')),
      },
      errors ? 400 : 200,
    );
  };

  app.get('/education-compliance/new', { config: access }, async (request, reply) => {
    const kind = (request.query as { kind?: unknown } | undefined)?.kind === 'ehe' ? 'ehe' : 'cme';
    return renderNew(reply, { kind, source: kind === 'ehe' ? 'school-deregistration' : '' });
  });

  app.post('/education-compliance/new', { config: { ...access, once: true } }, async (request, reply) => {
    const typed = (request.body ?? {}) as Record<string, unknown>;
    const form = parseForm(newCaseSchema, withDateInputs(request.body, NEW_CASE_DATES));
    if (!form.ok) return renderNew(reply, typed, form.errors);
    try {
      const result = await education.create(actorOf(request), form.data);
      if ('candidates' in result) return renderNew(reply, typed, undefined, result.candidates);
      return reply.redirect(`/education-compliance/${result.created}`, 303);
    } catch (error) {
      if (error instanceof EducationRuleError) return renderNew(reply, typed, formError(error.field, error.message));
      if (error instanceof OpenCaseExists)
        return renderNew(
          reply,
          typed,
          formError('personId', 'This child already has an open Education Compliance case: add this report to it.'),
          undefined,
        );
      throw error;
    }
  });

  await educationCaseRoutes(app, { education });
}
