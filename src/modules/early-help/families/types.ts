import { AccessDenied } from '../../../platform/permissions/denied.ts';
import type { Kysely } from 'kysely';
import type { AuditActor } from '../../../platform/audit/audit.ts';
import type { DB, EpisodeClosureReason, FamilyRelationship } from '../../../platform/db/schema/index.ts';
import type { Involvement, Principal } from '../../../platform/permissions/policy.ts';
import type { PersonDetails } from '../../people/index.ts';
import type { ClosureBlocker } from '../rules.ts';

/** A problem with what the user asked for, named by the form field to correct. */
export class EarlyHelpError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The policy refused: the user is not involved with this family in a way that allows it. Audited. */
export class EarlyHelpDenied extends AccessDenied {}

/** Several things stop the episode closing: each shown on its field. */
export class ClosureRefused extends Error {
  constructor(readonly problems: ClosureBlocker[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

/** The signed-in user as the policy sees them, with the name a Request for Support is sent under. */
export type Viewer = Principal & { displayName: string };

/** Someone found through PeopleService (an existing record), or details for a new record when nobody matches. */
export type PersonChoice = { personId: string } | { details: PersonDetails };

/**
 * Who leads a Team Around the Family taken on from the Hub: the practitioner who made the request, another
 * practitioner who uses Hearth (by email), or nobody yet while the TAF Support Officer helps a partner agree
 * to lead (seed 004: TAFSOs support "professionals to act as the Lead Practitioner").
 */
export type LeadChoice = { kind: 'requester' } | { kind: 'practitioner'; email: string } | { kind: 'not-agreed' };

export interface PartnerStartInput {
  familyName: string;
  districtCode: string;
  person: PersonChoice;
  relationship: FamilyRelationship;
  address?: { address: string; postcode: string | null } | undefined;
}

export interface CloseInput {
  reason: EpisodeClosureReason;
  /** Need id → outcome, for every need of the episode. */
  outcomes: Record<string, string | undefined>;
}

/** Checks that must pass before an episode closes; the plan slice adds "no open actions" here. */
export type ClosureCheck = (tx: Kysely<DB>, episodeId: string) => Promise<ClosureBlocker[]>;
/** Something other parts of early help do as an episode closes, in the closing transaction (TAF: cancel future meetings). */
export type ClosureStep = (
  tx: Kysely<DB>,
  actor: AuditActor,
  episode: { id: string; family_id: string },
) => Promise<void>;
export type WorkCheck = (tx: Kysely<DB>, episodeId: string) => Promise<string | null>;

/** A member's school or setting and GP surgery, as the form or the Request for Support gives them (optional, 200 characters). */
export interface MemberDetails {
  schoolOrSetting?: string | null | undefined;
  gp?: string | null | undefined;
}
/** MemberDetails as family_members stores them: blank is null, longer than the column allows is cut (request text is not re-validated). */

/**
 * Another module's grant of an involvement with families (the assurance audits' 'case-auditor' while an audit that
 * sampled the family is open): the involvements it gives the viewer, by family id, for the families asked about.
 * Registered with EarlyHelpService.addInvolvementSource; every family page, list and break-glass check asks it.
 */
export type InvolvementSource = (
  familyIds: readonly string[],
  viewer: Principal,
) => Promise<ReadonlyMap<string, readonly Involvement[]>>;
