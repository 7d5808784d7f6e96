import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import type { FastifyRequest } from 'fastify';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/views/forms.ts';
import { EarlyHelpError, type EarlyHelpService } from '../service.ts';
import { TafPlanChanged, TafProblems, type TafService } from './service.ts';

export const V = 'early-help/taf/views';
export const STALE =
  'Someone else changed this meeting while you were looking at it. Nothing has been saved: check the meeting as it is now.';

export type Deps = { taf: TafService; earlyHelp: EarlyHelpService };
export type Values = Record<string, unknown>;

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
export function problemOf(error: unknown): FormErrors | null {
  if (error instanceof TafProblems) return formErrors(error.problems);
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  if (error instanceof TafPlanChanged) return formError('planActions', error.message);
  return null;
}

/** The error summary in the order the form shows its fields (the schema checks fields before the rules across them). */
export function inFormOrder(errors: FormErrors, order: string[]): FormErrors {
  const at = (href: string) => {
    const i = order.findIndex((f) => href === `#${f}` || href.startsWith(`#${f}-`));
    return i < 0 ? order.length : i;
  };
  return { ...errors, list: [...errors.list].sort((a, b) => at(a.href) - at(b.href)) };
}
export const MEETING_ORDER = ['date', 'time', 'where', 'place', 'practitioners', 'partners', 'emails', 'familyMembers'];
export const RECORD_ORDER = [
  'attendance',
  'notes',
  'decisions',
  'planActions',
  'action',
  'actionUpdates',
  'nextReview',
  'lead',
];
export const SUPPORT_ORDER = [
  'date',
  'kind',
  'practitionerEmail',
  'practitionerName',
  'organisationId',
  'organisationName',
  'episodeId',
  'notes',
];

export const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** What every TAF page shares: the signed-in user, the record as the route's declared access decided it. */
export function tafPages(_deps: Deps) {
  const user = currentUser;
  const idOf = (request: FastifyRequest) => uuidParam(request);
  const flash = (request: FastifyRequest, text: string) => {
    request.session.flash = text;
  };

  /** The emergency-access banner of a page whose declared access decided the family (null when not in use). */
  const access = (request: FastifyRequest) => ({ banner: decidedRecord(request).access?.banner ?? null });

  return { user, idOf, flash, access };
}
