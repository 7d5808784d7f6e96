import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUuid } from '../../platform/db/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formError, type FormErrors } from '../../platform/views/forms.ts';
import type { PractitionerAnswers } from './answers.ts';
import { versionSchema } from './schemas.ts';
import { DraftSubmittedError, StaleDraftError, type FrontDoorService } from './service.ts';

/** What every page of a practitioner's draft shares: finding the draft, saving a section, where to go next. */

export const V = 'front-door/views';

export const STALE_MESSAGE =
  'This request was changed in another tab or window after you opened this page, so what you entered here has not been saved. The page now shows the saved answers: make your changes again.';

export const draftBase = (id: string) => `/requests/drafts/${id}`;

/** Checkbox fields arrive as a string for one choice and an array for several: always an array here. */
export const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** The draft version a form was built from; a form without one is treated as out of date. */
export const formVersion = (body: unknown) => {
  const parsed = versionSchema.safeParse(body);
  return parsed.success ? parsed.data.version : 0;
};

/** Sorts an error summary into the order the page shows its fields. */
export function inFieldOrder(errors: FormErrors, fields: string[]): FormErrors {
  const rank = (href: string) => {
    const i = fields.indexOf(href.slice(1));
    return i === -1 ? fields.length : i;
  };
  return { ...errors, list: [...errors.list].sort((a, b) => rank(a.href) - rank(b.href)) };
}

export const returnTo = (request: FastifyRequest, id: string) =>
  (request.query as { return?: string }).return === 'check' ? `${draftBase(id)}/check` : draftBase(id);

export const returnQuery = (request: FastifyRequest) =>
  (request.query as { return?: string }).return === 'check' ? '?return=check' : '';

export type Draft = NonNullable<Awaited<ReturnType<FrontDoorService['draft']>>>;

/** The signed-in user's open draft from the URL, or a 404; a sent draft goes to its confirmation (null). */
export async function loadDraft(frontDoor: FrontDoorService, request: FastifyRequest, reply: FastifyReply) {
  const { id } = request.params as { id: string };
  if (!isUuid(id)) throw notFound();
  const draft = await frontDoor.draft(request.user!.id, id);
  if (!draft) throw notFound();
  if (draft.submittedRequestId) {
    void reply.redirect(`/requests/sent/${draft.submittedRequestId}`, 303);
    return null;
  }
  return draft;
}

/**
 * Saves a section, or re-renders it with the saved answers and a message if another tab got there
 * first. Returns null when saved, or the reply already sent.
 */
export async function saveSection(
  frontDoor: FrontDoorService,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  version: number,
  change: (a: PractitionerAnswers) => PractitionerAnswers,
  rerender: (errors: FormErrors) => Promise<FastifyReply>,
) {
  try {
    await frontDoor.saveDraft(request.user!.id, id, version, change);
  } catch (error) {
    if (error instanceof DraftSubmittedError) return reply.redirect(`/requests/sent/${error.requestId}`, 303);
    if (error instanceof StaleDraftError) return rerender(formError('version', STALE_MESSAGE));
    throw error;
  }
  return null;
}
