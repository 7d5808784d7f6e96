import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { actorOf } from '../../platform/auth/guards.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { decidedRecord } from '../../platform/http/route-access.ts';
import { notFound } from '../../platform/http/errors.ts';
import { uuidParam } from '../../platform/http/params.ts';
import { dateInputItems, withDateInputs } from '../../platform/views/date-input.ts';
import { formError, parseForm, type FormErrors } from '../../platform/views/forms.ts';
import { formPage } from '../../platform/views/form-page.ts';
import { EducationRuleError, SAO_STAGES, nextSaoStage } from './rules.ts';
import { V, educationWords, radioItems, selectItems, yearGroupOf } from './present.ts';
import { schoolYearOf } from '../../platform/calendar/school-year.ts';
import { todayInLondon } from '../../platform/calendar/london.ts';
import { ON_DATES, OUTCOME_DATES, assessmentSchema, eventSchema, outcomeSchema, saoSchema } from './schemas.ts';
import type { EducationComplianceService } from './service.ts';

const STALE =
  'Someone else changed this case while you were looking at it. Nothing has been saved: check the case and try again.';

type Found = NonNullable<Awaited<ReturnType<EducationComplianceService['casePage']>>>;

/** Errors a service call can raise that the officer can put right, as the form's error summary. */
function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EducationRuleError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('form', STALE);
  return null;
}

/**
 * One case's page (/education-compliance/:id) and its forms: a whereabouts enquiry or a concern, the suitability
 * assessment (home education), a School Attendance Order stage, the outcome. Each is a record route: the case is found
 * by its locator, the view is audited against it, and a change needs the Education Compliance involvement.
 */
export async function educationCaseRoutes(
  app: FastifyInstance,
  { education }: { education: EducationComplianceService },
) {
  const view = { access: { record: education.cases.byId, can: 'record:view' } } as const;
  const edit = {
    access: { record: education.cases.byId, can: 'record:edit', action: 'education:compliance' },
  } as const;

  const open = async (id: string) => {
    const found = await education.casePage(id);
    if (!found) throw notFound();
    return found;
  };
  const caption = (found: Found) => `${found.found.first_name} ${found.found.last_name}`;

  app.get('/education-compliance/:id', { config: view }, async (request, reply) => {
    const found = await education.casePage(uuidParam(request), actorOf(request));
    if (!found) throw notFound();
    const settings = await education.settings();
    const c = found.found;
    return reply.render(`${V}/case.njk`, {
      pageTitle: `${caption(found)}: Education Compliance`,
      c,
      events: found.events,
      yearGroup: yearGroupOf(c.birth_school_year, schoolYearOf(todayInLondon())),
      nextSao: c.kind === 'cme' && !c.closed_on ? nextSaoStage(c.sao_stage) : null,
      words: educationWords(settings),
      emergencyAccess: decidedRecord(request).access?.banner ?? null,
    });
  });

  /** A form page about the case: its template, schema, date inputs and service call. */
  function casePage<Data>(spec: {
    template: string;
    title: (found: Found) => string;
    schema: z.ZodType<Data>;
    dates: readonly string[];
    extra?: (found: Found, values: Record<string, unknown>) => Promise<Record<string, unknown>>;
    save: (actor: ReturnType<typeof actorOf>, found: Found, data: Data) => Promise<unknown>;
    anchor: string;
  }) {
    return formPage<Found, Data>({
      open: (request) => open(uuidParam(request)),
      initial: (found) => ({ version: found.found.version }),
      // The values shown again are the body as typed: withDateInputs gathers each date's boxes under its day box.
      parse: (body) => ({
        ...parseForm(spec.schema, withDateInputs(body, spec.dates)),
        values: (body ?? {}) as Record<string, unknown>,
      }),
      render: async (reply: FastifyReply, found, values, errors) =>
        reply.render(
          `${V}/${spec.template}.njk`,
          {
            pageTitle: spec.title(found),
            caption: caption(found),
            c: found.found,
            values,
            errors,
            ...Object.fromEntries(
              spec.dates.map((d) => [`${d}Items`, dateInputItems(d, values, Boolean(errors?.fields[`${d}-day`]))]),
            ),
            ...(spec.extra ? await spec.extra(found, values) : {}),
          },
          errors ? (errors.fields.form?.text === STALE ? 409 : 400) : 200,
        ),
      async save(request, found, data) {
        await spec.save(actorOf(request), found, data);
        return `/education-compliance/${found.found.id}#${spec.anchor}`;
      },
      problemOf,
      async afterProblem(request, _reply, found, values, error) {
        const now = (await education.casePage(uuidParam(request))) ?? found;
        return {
          found: now,
          values: error instanceof StaleVersionError ? { ...values, version: now.found.version } : values,
        };
      },
    });
  }

  const event = casePage({
    template: 'event',
    title: (f) => (f.found.kind === 'cme' ? 'Record a whereabouts enquiry' : 'Record a concern'),
    schema: eventSchema,
    dates: ON_DATES,
    extra: async (f, values) => {
      const settings = await education.settings();
      const list = f.found.kind === 'cme' ? settings.enquirySources : settings.concernSources;
      return { sourceItems: selectItems(list, values.source, 'Choose') };
    },
    save: (actor, f, data) => education.addEvent(actor, f.found.id, data),
    anchor: 'history',
  });
  app.get('/education-compliance/:id/event', { config: edit }, event.show);
  app.post('/education-compliance/:id/event', { config: { ...edit, once: true } }, event.submit);

  const outcome = casePage({
    template: 'outcome',
    title: () => 'Record the outcome',
    schema: outcomeSchema,
    dates: OUTCOME_DATES,
    extra: async (_f, values) => ({
      outcomeItems: radioItems(
        [
          { code: 'on-roll', name: 'On a school roll' },
          { code: 'moved-authority', name: 'Moved to another local authority, which has confirmed it' },
          { code: 'left-country', name: 'Left the country' },
          { code: 'school-leaving-age', name: 'Reached school-leaving age: past Year 11 on the date of the outcome' },
        ],
        values.outcome,
      ),
    }),
    save: (actor, f, data) => education.recordOutcome(actor, f.found.id, data),
    anchor: 'outcome',
  });
  app.get('/education-compliance/:id/outcome', { config: edit }, outcome.show);
  app.post('/education-compliance/:id/outcome', { config: { ...edit, once: true } }, outcome.submit);

  const sao = casePage({
    template: 'sao',
    title: () => 'Record a School Attendance Order stage',
    schema: saoSchema,
    dates: ON_DATES,
    extra: async (f, values) => {
      const words = educationWords(await education.settings());
      const next = nextSaoStage(f.found.sao_stage);
      return {
        next,
        stageItems: radioItems(
          SAO_STAGES.map((s) => ({ code: s, name: words.sao[s] })),
          values.stage ?? next,
        ),
      };
    },
    save: (actor, f, data) => education.recordSao(actor, f.found.id, data),
    anchor: 'sao',
  });
  app.get('/education-compliance/:id/sao', { config: edit }, sao.show);
  app.post('/education-compliance/:id/sao', { config: { ...edit, once: true } }, sao.submit);

  const assessment = casePage({
    template: 'assessment',
    title: () => 'Record the suitability assessment',
    schema: assessmentSchema,
    dates: ON_DATES,
    extra: async (_f, values) => ({
      resultItems: radioItems(
        [
          { code: 'suitable', name: 'Suitable: the home education continues' },
          {
            code: 'unsuitable',
            name: 'Not suitable: the child becomes missing education and the School Attendance Order notice is served',
          },
        ],
        values.result,
      ),
    }),
    save: (actor, f, data) => education.assess(actor, f.found.id, data),
    anchor: 'assessment',
  });
  app.get('/education-compliance/:id/assessment', { config: edit }, assessment.show);
  app.post('/education-compliance/:id/assessment', { config: { ...edit, once: true } }, assessment.submit);
}
