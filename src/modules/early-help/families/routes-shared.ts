import { currentUser, uuidParam } from '../../../platform/http/params.ts';
import { actorOf } from '../../../platform/auth/guards.ts';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../platform/audit/audit.ts';
import { decidedRecord } from '../../../platform/http/route-access.ts';
import type { RestrictedMarkers } from '../../../platform/restricted/markers.ts';
import type { BreakGlassService } from '../../../platform/break-glass/service.ts';
import { StaleVersionError } from '../../../platform/db/errors.ts';
import { formError, formErrors, type FormErrors } from '../../../platform/views/forms.ts';
import type { PersonDetails } from '../../people/index.ts';
import { PersonInputError, type PeopleService } from '../../people/index.ts';
import type { ReferenceService } from '../../reference/index.ts';
import { RELATIONSHIPS, RELATIONSHIP_NAMES } from '../rules.ts';
import { ClosureRefused, EarlyHelpError, type EarlyHelpService } from '../service.ts';
import type { Candidate } from '../../people/index.ts';

export const V = 'early-help/views';
export const STALE =
  'Someone else changed this family’s early help while you were looking at it. Nothing has been saved: check the page as it is now.';

export type Deps = {
  earlyHelp: EarlyHelpService;
  reference: ReferenceService;
  people: PeopleService;
  breakGlass: BreakGlassService;
  audit: AuditLog;
  /** Restricted records about the family's members (exploitation, MACE): that one exists, or its link. */
  restricted: RestrictedMarkers;
  /**
   * Of these people, those who are repeat missing, each with a missing episode to link to (the missing module's,
   * given by the app so early help does not depend on it). One query for the page.
   */
  repeatMissing?: (personIds: string[]) => Promise<Map<string, string>>;
};

/** A service problem as the form's error summary, or null when it is not one the user can fix. */
export function problemOf(error: unknown): FormErrors | null {
  if (error instanceof EarlyHelpError) return formError(error.field, error.message);
  if (error instanceof StaleVersionError) return formError('version', STALE);
  if (error instanceof ClosureRefused) return formErrors(error.problems);
  return null;
}

export const relationshipItems = (selected: unknown) =>
  RELATIONSHIPS.map((r) => ({ value: r, text: RELATIONSHIP_NAMES[r], selected: selected === r }));

export const user = currentUser;
export const idOf = (request: FastifyRequest) => uuidParam(request);
export const flash = (request: FastifyRequest, text: string) => {
  request.session.flash = text;
};

/** Who the details may be, as far as the user may see (EarlyHelpService.searchPeople, audited); errors in the details come back as form errors. */
export async function candidatesFor(earlyHelp: EarlyHelpService, request: FastifyRequest, details: PersonDetails) {
  try {
    return { candidates: await earlyHelp.searchPeople(actorOf(request), user(request), details), error: null };
  } catch (error) {
    if (!(error instanceof PersonInputError)) throw error;
    return {
      candidates: [] as Candidate[],
      error: formError(error.field === 'dateOfBirth' ? 'dateOfBirth-day' : error.field, error.message),
    };
  }
}

/** The people found, as radios, with "none of these" last. */
export const personItems = (candidates: Candidate[], chosen: unknown) => [
  ...candidates.map((c) => ({
    value: c.person.id,
    text: `${c.person.firstName} ${c.person.lastName}${c.person.dateOfBirth ? `, born ${c.person.dateOfBirth}` : ''}${c.person.postcode ? `, ${c.person.postcode}` : ''}`,
    hint: { text: `${c.likely ? 'Probably this person' : 'Possibly this person'}: ${c.reasons.join('; ')}` },
    checked: chosen === c.person.id,
  })),
  ...(candidates.length ? [{ divider: 'or' }] : []),
  {
    value: 'new',
    text: candidates.length ? 'None of these: record a new person' : 'Record a new person',
    checked: chosen === 'new',
  },
];

/** The family as the viewer may see it; the route's declared access has decided (and audited) the view. */
export async function openFamily(earlyHelp: EarlyHelpService, request: FastifyRequest) {
  const target = decidedRecord(request);
  const record = (await earlyHelp.familyAsDecided(user(request), target))!;
  return { record, access: target.access, target };
}

/** The declared access of family pages: view or edit the family found by its id, or by an episode's id. */
export const familyAccess = (earlyHelp: EarlyHelpService) =>
  ({
    viewFamily: { access: { record: earlyHelp.families.byId, can: 'record:view' } },
    editFamily: { access: { record: earlyHelp.families.byId, can: 'record:edit' } },
    editEpisode: { access: { record: earlyHelp.families.byEpisode, can: 'record:edit' } },
    /** How the episode began (the request and the Hub's decision): the people working with the family. */
    viewOrigin: { access: { record: earlyHelp.families.byEpisode, can: 'record:view-origin' } },
  }) as const;
