/**
 * The age bands every computed indicator breaks down by (issue 14: "breakdowns (quadrant, district, age band …)").
 * The bands follow the seeds' own ages: under 5 (early years, seed 000), 5–9, 10–15 (Missing Chats start at 10,
 * seed 002), 16–17, and 18 and over (young adults to 25 with SEND, seed 000).
 */
export const AGE_BANDS = [
  { key: '0-4', label: 'Under 5', from: 0, to: 4 },
  { key: '5-9', label: '5 to 9', from: 5, to: 9 },
  { key: '10-15', label: '10 to 15', from: 10, to: 15 },
  { key: '16-17', label: '16 to 17', from: 16, to: 17 },
  { key: '18+', label: '18 and over', from: 18, to: Number.POSITIVE_INFINITY },
] as const;

/** The band of an age in whole years, or 'unknown' when the age is not known. */
export function ageBand(age: number | null | undefined): string {
  if (age === null || age === undefined || !Number.isFinite(age) || age < 0) return 'unknown';
  return AGE_BANDS.find((b) => age >= b.from && age <= b.to)!.key;
}

/** The label of a band's key ('unknown' → "Not known"). */
export const ageBandLabel = (key: string): string => AGE_BANDS.find((b) => b.key === key)?.label ?? 'Not known';

/**
 * The same bands as a SQL CASE over an age expression, for queries that group in the database. `age` must be a
 * trusted SQL fragment (a column), never user input.
 */
export const AGE_BAND_CASES: readonly { key: string; min: number; max: number | null }[] = AGE_BANDS.map((b) => ({
  key: b.key,
  min: b.from,
  max: Number.isFinite(b.to) ? b.to : null,
}));
