import type { FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../../platform/db/ids.ts';
import type { FormErrors } from '../../../platform/views/forms.ts';
import { emptyFamilyAnswers, type FamilyAnswers } from '../answers.ts';
import { LIMITS } from '../schemas.ts';
import type { FrontDoorService } from '../service.ts';

/** What every page of a family's request shares: the answers kept in the session, and the page frame. */

export const V = 'front-door/family/views';
export const BASE = '/get-help';

export const answersOf = (request: FastifyRequest): FamilyAnswers =>
  request.session.familyRequest?.answers ?? emptyFamilyAnswers();
export const store = (request: FastifyRequest, answers: FamilyAnswers) => {
  request.session.familyRequest = { key: request.session.familyRequest?.key ?? newId(), answers };
};
export const next = (request: FastifyRequest, path: string) =>
  (request.query as { return?: string }).return === 'check' ? `${BASE}/check` : `${BASE}/${path}`;
export const query = (request: FastifyRequest) =>
  (request.query as { return?: string }).return === 'check' ? '?return=check' : '';

export function familyPage(frontDoor: FrontDoorService) {
  return async function page(
    reply: FastifyReply,
    template: string,
    pageTitle: string,
    context: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const options = await frontDoor.options();
    return reply.render(
      `${V}/${template}`,
      {
        pageTitle,
        hub: options.hub,
        ethnicityItems: options.ethnicityItems,
        limits: LIMITS,
        exitUrl: `${BASE}/leave`,
        errors,
        ...context,
      },
      errors ? 400 : 200,
    );
  };
}
