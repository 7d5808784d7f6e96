/**
 * Person matching: "who is this child?". The one implementation used by the Hub's screening, the
 * `npm run match` command and the benchmark, so an accuracy measured on any of them is the product's.
 *
 * Two steps, one file each under matching/:
 *  1. Candidate search (candidates.ts, `blockingPlan`): a handful of indexed lookups that between them
 *     find a person despite several slips at once: a typo or nickname in a name, swapped first and
 *     last names, a changed double-barrelled surname, a date of birth with day and month swapped, one
 *     digit wrong or a year out, or a move of house. A few hundred rows at most, whatever the size.
 *  2. Scoring (score.ts, `scorePair`): each field's agreement adds or removes evidence (log-odds
 *     weights in the style of Fellegi and Sunter), and the sum becomes a score between 0 and 1.
 *     MATCH_THRESHOLD (0.5) is "probably the same person"; candidates from SHOW_THRESHOLD up are
 *     shown for the screener to judge.
 * Names and dates are compared in names.ts and dates.ts; normalise.ts makes the stored keys.
 */
export * from './matching/types.ts';
export {
  normaliseText,
  nameParts,
  nameKey,
  formatPostcode,
  storedKeys,
  type StoredKeys,
} from './matching/normalise.ts';
export { nearbyDates } from './matching/dates.ts';
export { WEIGHTS, prepare, scorePair, type PairScore, type Prepared } from './matching/score.ts';
export {
  blockingPlan,
  findCandidates,
  rankCandidates,
  type BlockingPlan,
  type CandidateSource,
} from './matching/candidates.ts';
