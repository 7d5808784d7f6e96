import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';
import { pageField } from '../../platform/views/pagination.ts';
import { MISSING_EVENTS, MISSING_FROM, RISK_GRADINGS } from '../front-door/index.ts';

/**
 * The missing module's edge: the list's query (a page number, with a max) and the words its pages use. The
 * episode's own fields are checked where they arrive, in the police notification's schema
 * (front-door/police/missing-fields.ts), so the API and the CSV say the same about them.
 */
export const listQuerySchema = z.object({
  page: pageField().catch(1),
  /** The episodes still missing, or those returned and not yet closed. */
  show: z.enum(['missing', 'returned']).catch('missing'),
});

/** The Hub's choice of who a missing child is: one of the records offered, or a new person. */
export const personChoiceSchema = z.object({
  personId: z.string().refine((v) => v === 'new' || z.uuid().safeParse(v).success, {
    message: 'Choose the record that is this child, or record a new person',
  }),
  version: versionField(),
});

/** The Hub's search for the child under another spelling: names only, as typed (the page keeps them). */
export const personSearchSchema = z.object({
  firstName: z.string().trim().max(100).catch(''),
  lastName: z.string().trim().max(100).catch(''),
});

/** The tag colour of each police risk grading: high stands out. */
const RISK_TAGS: Record<keyof typeof RISK_GRADINGS, string> = {
  'no-apparent-risk': 'govuk-tag--grey',
  low: 'govuk-tag--blue',
  medium: 'govuk-tag--orange',
  high: 'govuk-tag--red',
};

export const MISSING_WORDS = { events: MISSING_EVENTS, from: MISSING_FROM, risks: RISK_GRADINGS, riskTags: RISK_TAGS };
