import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../../platform/auth/guards.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { PersonInputError, nameField } from '../../people/index.ts';
import { checkDateOfBirth } from '../person-schema.ts';
import { checked } from '../schema-parts.ts';
import { HubDecisionError } from './errors.ts';
import { V, requestIdOf as requestId } from './page-words.ts';
import type { HubService } from './service.ts';

/** The people module's fields, as this page names them (the date's three boxes share one message). */
const FIELD_OF: Record<string, string> = {
  firstName: 'firstName',
  lastName: 'lastName',
  dateOfBirth: 'dateOfBirth-day',
  expectedDate: 'dateOfBirth-day',
};

/** The correction form: the names by the one name rule, and the date as the request's own form reads it. */
const correctionSchema = z
  .object({
    firstName: nameField({ label: 'first name', empty: 'Enter their first name' }),
    lastName: nameField({ label: 'last name', empty: 'Enter their last name' }),
    isExpected: checked,
    'dateOfBirth-day': z.string().max(10),
    'dateOfBirth-month': z.string().max(10),
    'dateOfBirth-year': z.string().max(10),
  })
  .transform((v, ctx) => {
    const { date, problem } = checkDateOfBirth(
      { day: v['dateOfBirth-day'], month: v['dateOfBirth-month'], year: v['dateOfBirth-year'] },
      { expected: v.isExpected, required: false },
    );
    if (problem) ctx.addIssue({ code: 'custom', path: ['dateOfBirth-day'], message: problem });
    return { firstName: v.firstName, lastName: v.lastName, dateOfBirth: date, isExpected: v.isExpected };
  });

/**
 * "None of these: create a new record" (/hub/requests/:id/people/:personId/create). The button
 * creates the record from what was entered; when the people module refuses it (a name with
 * brackets, one word for a parent's name, an expected date long past), this page shows why with the
 * details to correct. What the requester entered stays on the request.
 */
export function hubPersonPages({ hub }: { hub: HubService }) {
  const personIdOf = (request: FastifyRequest) => {
    const { personId } = request.params as { personId: string };
    if (!isUuid(personId)) throw notFound();
    return personId;
  };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const id = requestId(request);
    const entered = await hub.persons.entered(id, personIdOf(request));
    if (!entered) throw notFound();
    const [year = '', month = '', day = ''] = (entered.date_of_birth ?? '').split('-');
    return reply.render(
      `${V}/hub-create-person.njk`,
      {
        pageTitle: 'Check the details before creating a record',
        requestId: id,
        entered,
        values: values ?? {
          firstName: entered.first_name,
          lastName: entered.last_name,
          isExpected: entered.is_expected ? 'yes' : '',
          'dateOfBirth-day': day.replace(/^0/, ''),
          'dateOfBirth-month': month.replace(/^0/, ''),
          'dateOfBirth-year': year,
        },
        errors,
      },
      errors ? 400 : 200,
    );
  }

  const showCreatePerson = (request: FastifyRequest, reply: FastifyReply) => render(request, reply);

  async function createPerson(request: FastifyRequest, reply: FastifyReply) {
    const id = requestId(request);
    const personId = personIdOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    // The request page's button sends nothing: the details as entered. This page sends the corrected ones.
    const correcting = 'firstName' in body;
    const form = correcting ? parseForm(correctionSchema, body) : null;
    if (form && !form.ok) return render(request, reply, form.values, form.errors);
    try {
      await hub.createPersonFor(actorOf(request), id, personId, form?.ok ? form.data : undefined);
    } catch (error) {
      if (error instanceof PersonInputError)
        return render(request, reply, form?.values, formError(FIELD_OF[error.field] ?? 'firstName', error.message));
      if (error instanceof HubDecisionError)
        return render(request, reply, form?.values, formError('firstName', error.message));
      throw error;
    }
    request.session.flash = 'A new person record has been created.';
    return reply.redirect(`/hub/requests/${id}`, 303);
  }

  return { showCreatePerson, createPerson };
}
