/**
 * Candidate search (blocking): a handful of indexed lookups that between them find a person despite
 * several slips at once, then the plausible best few ranked by `scorePair`.
 */
import type { Commonness } from './commonness.ts';
import { addDays, formatYmd, nearbyDates, parseDate, swapDayMonth, type Ymd } from './dates.ts';
import { compactNhsNumber, compactUpn, isValidNhsNumber, isValidUpn } from './identifiers.ts';
import { nameProfile } from './names.ts';
import { formalSounds, nicknames, postcodeKeys, sounds } from './normalise.ts';
import { prepare, scorePair } from './score.ts';
import {
  MATCH_THRESHOLD,
  MAX_CANDIDATES,
  SHOW_THRESHOLD,
  type Candidate,
  type MatchRecord,
  type PersonDetails,
} from './types.ts';

/** The lookups that find candidates: each field is one block of the query (see repository.ts). */
export interface BlockingPlan {
  /** Everyone born on these days: the date of birth, and with day and month swapped. */
  dates: string[];
  /** Born on one of these days (one slip away) with a first name or surname in `phonetics`. */
  nearDates: string[];
  /** Double Metaphone codes of every name in the query (both boxes, each part, formal forms). */
  phonetics: string[];
  /**
   * The first sounds of the first name: the surname sounding alike and the first name only starting
   * with the same sound finds a person whose first name is misspelt (Nomran Wheeler for Norman
   * Wheeler). When the query has a date of birth, only people with none: the date blocks find the rest.
   */
  initials: string[];
  /**
   * The first sounds of either name: when the query has a date of birth, people with none whose first
   * name sounds alike and whose surname starts with one of these sounds (a misspelt surname, Burgfss
   * for Burgess, on a record that has no date for the date blocks to find it by).
   */
  nameInitials: string[];
  /** Everyone at this postcode (no spaces). */
  postcode: string | null;
  /** Unborn children expected in this range (around the date of birth or expected date). */
  expected: { from: string; to: string } | null;
  /** For an unborn child: born in this range with a name in `phonetics` (recorded after birth). */
  bornBetween: { from: string; to: string } | null;
  /** Everyone with this NHS number or UPN (valid ones only). */
  nhsNumber: string | null;
  upn: string | null;
}

export function blockingPlan(query: PersonDetails): BlockingPlan {
  const dob = parseDate(query.dateOfBirth);
  const dates = dob ? [formatYmd(dob)] : [];
  const swapped = dob && swapDayMonth(dob);
  if (swapped) dates.push(formatYmd(swapped));
  const names = [nameProfile(query.firstName), nameProfile(query.lastName)];
  const phonetics = new Set<string>();
  const initials = new Set<string>();
  const nameInitials = new Set<string>();
  for (const name of names) {
    for (const word of new Set([name.key, ...name.parts, nicknames().canonical(name.key)]))
      for (const code of sounds(word)) {
        if (!code) continue;
        phonetics.add(code);
        nameInitials.add(code[0]!);
        if (name === names[0]) initials.add(code[0]!);
      }
    // Either box may hold the first name (swapped names): the formal names it may be filed under.
    for (const word of new Set([name.key, ...name.parts])) for (const code of formalSounds(word)) phonetics.add(code);
  }
  const expected = dob ? null : parseDate(query.expectedDate);
  const around = dob ?? expected;
  const range = (date: Ymd) => ({ from: addDays(date, -60), to: addDays(date, 60) });
  return {
    dates,
    nearDates: dob ? nearbyDates(dates[0]!) : [],
    phonetics: [...phonetics],
    initials: [...initials].sort(),
    nameInitials: dob ? [...nameInitials].sort() : [],
    postcode: postcodeKeys(query.postcode).key,
    expected: around ? range(around) : null,
    bornBetween: expected ? range(expected) : null,
    nhsNumber: query.nhsNumber && isValidNhsNumber(query.nhsNumber) ? compactNhsNumber(query.nhsNumber) : null,
    upn: query.upn && isValidUpn(query.upn) ? compactUpn(query.upn) : null,
  };
}

/** Where candidates come from: PeopleRepository, on PGlite or PostgreSQL. */
export interface CandidateSource {
  candidateRows(plan: BlockingPlan): Promise<MatchRecord[]>;
  /** How common each record's name is in the table, by record id (commonness.ts). */
  commonness?(records: MatchRecord[]): Promise<Map<string, Commonness>>;
}

/**
 * Up to five people who may be the one described, best first; empty when nobody plausible. The
 * plausible ones are scored again knowing how common their names are (only ever lower).
 */
export async function findCandidates(source: CandidateSource, query: PersonDetails): Promise<Candidate[]> {
  const rows = await source.candidateRows(blockingPlan(query));
  const plausible = scoreRows(query, rows);
  if (!source.commonness || !plausible.length) return best(plausible);
  const commonness = await source.commonness(plausible.map((c) => c.person));
  return rankCandidates(
    query,
    plausible.map((c) => c.person),
    commonness,
  );
}

/** Scores rows (duplicates allowed) against the query and keeps the plausible best five. */
export function rankCandidates(
  query: PersonDetails,
  rows: MatchRecord[],
  commonness?: Map<string, Commonness>,
): Candidate[] {
  return best(scoreRows(query, rows, commonness));
}

function scoreRows(query: PersonDetails, rows: MatchRecord[], commonness?: Map<string, Commonness>): Candidate[] {
  const q = prepare(query);
  const seen = new Set<string>();
  const scored: Candidate[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const { score, reasons } = scorePair(q, prepare(row), commonness?.get(row.id));
    if (score >= SHOW_THRESHOLD)
      scored.push({ id: row.id, score, likely: score >= MATCH_THRESHOLD, reasons, person: row });
  }
  return scored;
}

const best = (scored: Candidate[]) =>
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, MAX_CANDIDATES);
