import type { RequestKind, RequestPersonRole } from '../../platform/db/schema/index.ts';

/**
 * The answers of a Request for Support as they are gathered, page by page: in a practitioner's
 * draft (request_drafts.data) or in a family's session. Both become a RequestInput at submission.
 */

/** A child or another family member, as the requester entered them. */
export interface PersonEntry {
  /** Stable within the draft, so "change" and "remove" links survive reordering. */
  id: string;
  role: RequestPersonRole;
  relationship: string;
  firstName: string;
  lastName: string;
  /** 'YYYY-MM-DD'; the expected date when isExpected (an unborn baby). */
  dateOfBirth: string | null;
  isExpected: boolean;
  gender: string;
  address: string;
  postcode: string;
  school: string;
  gp: string;
  /** Compact and check-digit valid, or '' (optional: older drafts and other modules' entries have none). */
  nhsNumber?: string;
  upn?: string;
  /** A parent's or carer's phone and what to know before contacting them (optional: older drafts have none). */
  phone?: string;
  contactNotes?: string;
  language: string;
  interpreterNeeded: boolean;
  hasSend: boolean;
  sendDetails: string;
  /** platform/demographics.ts codes, or '' (optional: older drafts and other modules' entries have none). */
  ethnicity?: string;
  send?: string;
}

export interface Worry {
  /** An outcome area code from the tenant file. */
  area: string;
  details: string;
}

export interface TriedAnswer {
  text: string;
  earlyHelpPlan: boolean;
  taf: boolean;
}

export interface ConsentAnswer {
  request: boolean;
  sharing: boolean;
  /** Why consent was not sought: required when either answer is no. */
  reason: string;
}

/**
 * "Is the family already getting support?": a new request, or a step up or down from the level the
 * family is at now, with the handover (what has been done, what works, what does not, why change).
 */
export type SupportAnswer = { kind: 'new' } | LevelChange;

/** A change of level for a family already getting support. */
export interface LevelChange {
  kind: Exclude<RequestKind, 'new'>;
  currentLevel: number;
  handoverSummary: string;
}

/** A practitioner's draft. Sections are absent until saved. */
export interface PractitionerAnswers {
  support?: SupportAnswer;
  people: PersonEntry[];
  district?: string;
  worries?: Worry[];
  strengths?: string;
  tried?: TriedAnswer;
  level?: { level: number; reasons: string };
  consent?: ConsentAnswer;
  /**
   * The lowest level this request may ask for, and why, when the work that started it says so: an exploitation
   * concern the practitioner is confident about must go to social care at level 4 (seed 002), so it cannot be lowered.
   */
  levelAtLeast?: { level: number; why: string };
}

/** How a family asked to be contacted: only 'email' lets Hearth email them. */
export const CONTACT_BY = ['phone', 'email', 'through-helper'] as const;
export type ContactBy = (typeof CONTACT_BY)[number];

export interface AboutYou {
  name: string;
  relationship: string;
  /** Missing in answers begun before it was asked: the family is asked again. */
  contactBy: ContactBy;
  /** Who helps the family and how to reach them, when contactBy is 'through-helper'. */
  helper?: string;
  email: string;
  phone: string;
  address: string;
  postcode: string;
  district: string;
  language: string;
  interpreterNeeded: boolean;
  contactNotes: string;
}

/** A family's own request, kept in their session until they send it. */
export interface FamilyAnswers {
  aboutYou?: AboutYou;
  children: PersonEntry[];
  worries?: Worry[];
  helped?: { strengths: string; tried: string };
  sharing?: { agree: boolean; sharing: boolean };
}

/** What the service stores: the same shape whoever asked. */
export interface RequestInput {
  districtCode: string;
  people: Omit<PersonEntry, 'id'>[];
  worries: Worry[];
  strengths: string;
  tried: string;
  earlyHelpPlan: boolean | null;
  taf: boolean | null;
  requestedLevel: number | null;
  levelReasons: string | null;
  consentToRequest: boolean;
  consentToSharing: boolean;
  noConsentReason: string | null;
}

/**
 * A level change sent by casework (FrontDoorService.submitLevelChange): the request as usual, the
 * change, the episode it comes from, and the caller's idempotency key (a retry returns the first).
 */
export interface LevelChangeInput extends RequestInput, LevelChange {
  fromEpisodeId: string | null;
  key: string;
}

export const emptyPractitionerAnswers = (): PractitionerAnswers => ({ people: [] });
export const emptyFamilyAnswers = (): FamilyAnswers => ({ children: [] });
