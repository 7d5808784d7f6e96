/** Dates of birth: parsing, the slips made keying them, and how two dates agree. */
import type { PersonDetails } from './types.ts';

export interface Ymd {
  y: number;
  m: number;
  d: number;
}
export const parseDate = (value: string | null | undefined): Ymd | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
};
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const formatYmd = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
export const isRealDate = ({ y, m, d }: Ymd) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1880 && y <= 2200 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  );
};
export const dayNumber = ({ y, m, d }: Ymd) => Date.UTC(y, m - 1, d) / 86_400_000;
export const addDays = (value: Ymd, days: number) =>
  new Date((dayNumber(value) + days) * 86_400_000).toISOString().slice(0, 10);

/** The day and month swapped, when that is another real date. */
export function swapDayMonth(date: Ymd): Ymd | null {
  const swapped = { y: date.y, m: date.d, d: date.m };
  return date.d !== date.m && isRealDate(swapped) ? swapped : null;
}

/** Dates one keying slip away: one digit wrong, two neighbouring digits swapped, or the year out by one. */
export function nearbyDates(value: string): string[] {
  const date = parseDate(value);
  if (!date) return [];
  const digits = formatYmd(date).replace(/-/g, '');
  const found = new Set<string>();
  const add = (text: string) => {
    const candidate = { y: Number(text.slice(0, 4)), m: Number(text.slice(4, 6)), d: Number(text.slice(6, 8)) };
    if (isRealDate(candidate)) found.add(formatYmd(candidate));
  };
  for (let i = 0; i < 8; i += 1) {
    for (let digit = 0; digit <= 9; digit += 1) add(digits.slice(0, i) + digit + digits.slice(i + 1));
    if (i < 7) add(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
  }
  add(`${pad(date.y - 1, 4)}${digits.slice(4)}`);
  add(`${pad(date.y + 1, 4)}${digits.slice(4)}`);
  found.delete(value);
  const swapped = swapDayMonth(date);
  if (swapped) found.delete(formatYmd(swapped));
  return [...found].sort();
}

export type DateAgreement = 'same' | 'swapped' | 'year' | 'typo' | 'close' | 'expected' | 'unknown' | 'different';

export function compareDates(q: PersonDetails, r: PersonDetails): DateAgreement {
  const a = parseDate(q.dateOfBirth);
  const b = parseDate(r.dateOfBirth);
  if (a && b) {
    const qa = formatYmd(a);
    const rb = formatYmd(b);
    if (qa === rb) return 'same';
    const swapped = swapDayMonth(a);
    if (swapped && formatYmd(swapped) === rb) return 'swapped';
    if (a.m === b.m && a.d === b.d && Math.abs(a.y - b.y) === 1) return 'year';
    if (nearbyDates(qa).includes(rb)) return 'typo';
    // Two slips (a digit and the year, say) still land near the real date; another person rarely does.
    return Math.abs(dayNumber(a) - dayNumber(b)) <= 731 ? 'close' : 'different';
  }
  // An unborn child: an expected date is near the date of birth, or the other expected date.
  const qDate = a ?? parseDate(q.expectedDate);
  const rDate = b ?? parseDate(r.expectedDate);
  if (!qDate || !rDate) return 'unknown';
  return Math.abs(dayNumber(qDate) - dayNumber(rDate)) <= 60 ? 'expected' : 'different';
}
