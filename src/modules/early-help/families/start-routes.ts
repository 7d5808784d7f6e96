import { withDateInputs } from '../../../platform/views/date-input.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import type { PersonDetails } from '../../people/index.ts';
import { PATHWAY_NAMES } from '../rules.ts';
import { acceptSchema, startSchema, takeOnTafSchema } from '../schemas.ts';
import { type LeadChoice, type PersonChoice } from '../service.ts';
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

  /** The take-on page for a Team Around the Family: the TAF Support Officer says who leads, and supports them. */
  async function renderTakeOnTaf(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const item = await earlyHelp.workItem(user(request), idOf(request));
    if (!item || item.kind !== 'taf') return reply.redirect('/early-help/work', 303);
    return reply.render(
      `${V}/work-taf.njk`,
      { pageTitle: 'Take on a Team Around the Family', item, values: { version: item.version, ...values }, errors },
      errors ? 400 : 200,
    );
  }

  app.get('/early-help/work/:id', { config: takesOnWork }, (request, reply) => renderTakeOnTaf(request, reply, {}));

  /** Why taking on failed, as the page it came from shows it. */
  function takeOnProblem(error: unknown, field: string): FormErrors {
    const problem = problemOf(error);
    if (!problem) throw error;
    if (error instanceof StaleVersionError)
      return {
        list: [{ text: 'Someone else has taken on or changed this work. Check the list as it is now.', href: field }],
        fields: {},
      };
    return problem;
  }

  app.post('/early-help/work/:id/accept', { config: takesOnWork }, async (request, reply) => {
    const id = idOf(request);
    const item = await earlyHelp.workItem(user(request), id);
    if (item?.kind === 'taf') return acceptTaf(request, reply, id);
    const form = parseForm(acceptSchema, request.body);
    if (!form.ok) return renderWork(request, reply, form.errors);
    try {
      const { familyId } = await earlyHelp.startFromWorkItem(actorOf(request), user(request), id, form.data.version);
      flash(request, 'You have taken on this family. You are their lead professional and allocated worker.');
      return reply.redirect(`/families/${familyId}`, 303);
    } catch (error) {
      const problem = takeOnProblem(error, `#work-${id}`);
      return renderWork(request, reply, { list: [{ text: problem.list[0]!.text, href: `#work-${id}` }], fields: {} });
    }
  });

  async function acceptTaf(request: FastifyRequest, reply: FastifyReply, id: string) {
    const values = request.body as Record<string, unknown>;
    const form = parseForm(takeOnTafSchema, request.body);
    if (!form.ok) return renderTakeOnTaf(request, reply, values, form.errors);
    const f = form.data;
    const lead: LeadChoice =
      f.lead === 'practitioner' ? { kind: 'practitioner', email: f.leadEmail } : { kind: f.lead };
    try {
      const done = await earlyHelp.startFromWorkItem(actorOf(request), user(request), id, f.version, { lead });
      flash(
        request,
        done.lead
          ? `You have taken on this family. ${done.lead.displayName} is their lead professional; you are supporting them.`
          : 'You have taken on this family and are supporting it. The lead professional is not yet agreed: record them here when a practitioner who knows the family agrees to lead.',
      );
      return reply.redirect(`/families/${done.familyId}`, 303);
    } catch (error) {
      const problem = takeOnProblem(error, '#lead');
      if (error instanceof StaleVersionError) return renderWork(request, reply, problem);
      return renderTakeOnTaf(request, reply, values, problem);
    }
  }

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

  // Started by the practitioner who will lead: never a TAF Support Officer (the policy's early-help:lead).
  app.get('/early-help/start', { config: { access: { action: 'early-help:lead' } } }, (request, reply) =>
    renderStart(reply, {}),
  );

  app.post('/early-help/start', { config: { access: { action: 'early-help:lead' } } }, async (request, reply) => {
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
