import type { FastifyRequest } from 'fastify';
import { isUuid } from '../db/ids.ts';
import type { CurrentUser } from './types.ts';
import { forbidden, notFound } from './errors.ts';

/** The signed-in user of a route whose guard already required one (403 if there is none). */
export function currentUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw forbidden();
  return request.user;
}

/** A route parameter that must be a UUID: anything else is a 404, never a database error. */
export function uuidParam(request: FastifyRequest, name = 'id'): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (!value || !isUuid(value)) throw notFound();
  return value;
}
