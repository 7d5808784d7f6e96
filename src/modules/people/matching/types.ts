/** What matching reads and returns. */
export const GENDERS = ['female', 'male', 'other', 'not-known'] as const;
export type Gender = (typeof GENDERS)[number];

/** What matching reads about a person, as entered. Dates are 'YYYY-MM-DD'. */
export interface PersonDetails {
  firstName: string;
  middleNames?: string | null;
  lastName: string;
  dateOfBirth?: string | null;
  /** For an unborn child, instead of a date of birth. */
  expectedDate?: string | null;
  gender?: Gender | null;
  address?: string | null;
  postcode?: string | null;
  /** Ten digits, check digit valid (identifiers.ts); where both records have one it decides. */
  nhsNumber?: string | null;
  /** Unique Pupil Number: 13 characters, check letter valid (identifiers.ts). */
  upn?: string | null;
}

export interface MatchRecord extends PersonDetails {
  id: string;
}

export interface Candidate {
  id: string;
  /** 0..1; MATCH_THRESHOLD and above is probably the same person. */
  score: number;
  /** score ≥ MATCH_THRESHOLD. */
  likely: boolean;
  /** Why, for the screener: "same date of birth", "first name is a short form (Bill, William)", … */
  reasons: string[];
  person: MatchRecord;
}

/** Probably the same person: the threshold that precision and recall are measured at. */
export const MATCH_THRESHOLD = 0.5;
/** Below this a candidate is not plausible and is not shown. */
export const SHOW_THRESHOLD = 0.2;
export const MAX_CANDIDATES = 5;
