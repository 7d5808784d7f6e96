import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { PersonDetails } from '../../people/index.ts';
import { PATHWAY_NAMES } from '../rules.ts';
import { acceptSchema, startSchema } from '../schemas.ts';
import { type PersonChoice } from '../service.ts';
import type { Candidate } from '../../people/index.ts';
import {
  V,
  type Deps,
  problemOf,
  relationshipItems,
  user,
  idOf,
  flash,
  candidatesFor,
  personItems,
} from './routes-shared.ts';

/** Work from the Hub to take on (/early-help/work), and a partner's own start at level 2 (/early-help/start). */
export async function startRoutes(app: FastifyInstance, { earlyHelp, reference }: Deps) {
  // ---- Work from the Hub ----

  const takesOnWork = {
    access: { anyOf: ['early-help:accept-taf', 'early-help:accept-family-solutions'] },
  } as const;

  async function renderWork(request: FastifyRequest, reply: FastifyReply, errors?: FormErrors) {
    const work = await earlyHelp.workList(user(request));
    return reply.render(
      `${V}/work.njk`,
      { pageTitle: 'Work from the Hub', ...work, pathwayNames: PATHWAY_NAMES, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/early-help/work', { config: takesOnWork }, (request, reply) => renderWork(request, reply));

  app.post('/early-help/work/:id/accept', { config: takesOnWork }, async (request, reply) => {
    const id = idOf(request);
    const form = parseForm(acceptSchema, request.body);
    if (!form.ok) return renderWork(request, reply, form.errors);
    try {
      const { familyId } = await earlyHelp.startFromWorkItem(actorOf(request), user(request), id, form.data.version);
      flash(request, 'You have taken on this family. You are their lead professional.');
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      const text =
        error instanceof StaleVersionError
          ? 'Someone else has taken on or changed this work. Check the list as it is now.'
          : problem.list[0]!.text;
      return renderWork(request, reply, { list: [{ text, href: `#work-${id}` }], fields: {} });
    }
  });

  // ---- A partner's own start, at level 2 ----

  /** Finds who the details may be (PeopleService.findCandidates); errors in the details come back as form errors. */

  async function renderStart(
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra: { errors?: FormErrors; candidates?: Candidate[] | null } = {},
  ) {
    const districts = await reference.districts();
    return reply.render(
      `${V}/start.njk`,
      {
        pageTitle: 'Start early help',
        values,
        errors: extra.errors,
        districtItems: [
          { value: '', text: 'Choose a district' },
          ...districts.map((d) => ({ value: d.code, text: d.name, selected: values.districtCode === d.code })),
        ],
        relationshipItems: [{ value: '', text: 'Choose a relationship' }, ...relationshipItems(values.relationship)],
        personItems: extra.candidates ? personItems(extra.candidates, values.choice) : null,
      },
      extra.errors ? 400 : 200,
    );
  }

  app.get('/early-help/start', { config: { access: { action: 'early-help:start' } } }, (request, reply) =>
    renderStart(reply, {}),
  );

  app.post('/early-help/start', { config: { access: { action: 'early-help:start' } } }, async (request, reply) => {
    const values = request.body as Record<string, unknown>;
    const form = parseForm(startSchema, withDateInputs(request.body, ['dateOfBirth']));
    if (!form.ok) return renderStart(reply, values, { errors: form.errors });
    const f = form.data;
    if (!(await reference.districts()).some((d) => d.code === f.districtCode))
      return renderStart(reply, values, {
        errors: formError('districtCode', 'Select the district the family lives in'),
      });
    const details: PersonDetails = {
      firstName: f.firstName,
      lastName: f.lastName,
      dateOfBirth: f['dateOfBirth-day'],
      postcode: f.postcode || null,
    };
    const found = await candidatesFor(earlyHelp, request, details);
    if (found.error) return renderStart(reply, values, { errors: found.error });
    if (f.step === 'find')
      return renderStart(reply, { ...values, step: 'confirm', choice: '' }, { candidates: found.candidates });
    const person: PersonChoice =
      f.choice === 'new' ? { details: { ...details, address: f.address || null } } : { personId: f.choice };
    if (f.choice !== 'new' && !found.candidates.some((c) => c.person.id === f.choice)) {
      return renderStart(reply, values, {
        errors: formError('choice', 'Select who this is, or that they are not listed'),
        candidates: found.candidates,
      });
    }
    try {
      const { familyId } = await earlyHelp.startByPartner(actorOf(request), user(request), {
        familyName: f.familyName,
        districtCode: f.districtCode,
        person,
        relationship: f.relationship,
        address: f.address ? { address: f.address, postcode: f.postcode || null } : undefined,
      });
      flash(request, 'Early help has started at level 2. You are the family’s lead professional.');
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return renderStart(reply, values, {
        errors: problem.fields.person ? formError('choice', problem.list[0]!.text) : problem,
        candidates: found.candidates,
      });
    }
  });
}
