import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../../platform/auth/guards.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { versionField } from '../../../platform/views/fields.ts';
import { formError, parseForm, type FormErrors } from '../../../platform/views/forms.ts';
import { demographicsSchema, PersonInputError } from '../../people/index.ts';
import type { HubService } from './service.ts';

const demographicsForm = demographicsSchema.extend({ version: versionField() });

/** What a user is told when the record changed since they opened the page. */
export const PERSON_CHANGED_MEANWHILE =
  'Someone else has changed this record since you opened the page: nothing was saved. Check it below and try again.';

type RenderPerson = (
  request: FastifyRequest,
  reply: FastifyReply,
  values?: Record<string, unknown>,
  errors?: FormErrors,
) => Promise<unknown>;

/**
 * "Ethnicity and special educational needs" on the Hub's person page (/hub/people/:id/details): the record's two
 * codes changed by a screener, with the page's version checked (a stale page is told, nothing saved) and the change
 * audited old → new. A request linked to the person only fills what the record leaves empty; this is where a user
 * changes what the record says.
 */
export function hubPersonDemographics({ hub, renderPerson }: { hub: HubService; renderPerson: RenderPerson }) {
  async function saveDemographics(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    if (!isUuid(id)) throw notFound();
    const form = parseForm(demographicsForm, request.body);
    const again = (errors: FormErrors) => renderPerson(request, reply, { details: form.values }, errors);
    if (!form.ok) return again(form.errors);
    try {
      const changed = await hub.persons.changeDemographics(actorOf(request), id, form.data.version, form.data);
      request.session.flash = Object.keys(changed).length
        ? 'Ethnicity and special educational needs saved.'
        : 'Nothing had changed: nothing was saved.';
    } catch (error) {
      // A stale page is shown the record as it is now, with its new version.
      if (error instanceof StaleVersionError)
        return renderPerson(request, reply, {}, formError('ethnicity', PERSON_CHANGED_MEANWHILE));
      if (error instanceof PersonInputError) return again(formError(error.field, error.message));
      throw error;
    }
    return reply.redirect(`/hub/people/${id}`, 303);
  }
  return { saveDemographics };
}
