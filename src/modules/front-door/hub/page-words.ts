import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionField } from '../../../platform/views/fields.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { notFound } from '../../../platform/http/errors.ts';

/** What the Hub's pages share: the words for statuses, sources and kinds, their tags, and small helpers. */

export const V = 'front-door/hub/views';
export const PAGE_SIZE = 50;
export const STATUS_NAMES = {
  new: 'New',
  'in-screening': 'In screening',
  'awaiting-information': 'Awaiting information',
  decided: 'Decided',
} as const;
export const SOURCE_NAMES = { practitioner: 'Practitioner', family: 'Family', police: 'Police' } as Record<
  string,
  string
>;
export const KIND_NAMES = { new: 'New request', 'step-up': 'Step up', 'step-down': 'Step down' } as Record<
  string,
  string
>;
export const KIND_TAGS = { 'step-up': 'govuk-tag--orange', 'step-down': 'govuk-tag--turquoise' } as Record<
  string,
  string
>;
export const RAG_TAGS = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' } as const;
export const STALE =
  'Someone else changed this request while you were looking at it. Nothing has been saved: check the request as it is now.';

export const AGE_RANGES = ['0-4', '5-10', '11-15', '16-17', '18-25'];
export const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
export const lock = z.object({ version: versionField() });

/** The request id from the URL, or a 404. */
export const requestIdOf = (request: FastifyRequest) => {
  const { id } = request.params as { id: string };
  if (!isUuid(id)) throw notFound();
  return id;
};
