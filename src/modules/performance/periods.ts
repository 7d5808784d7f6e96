import type { Period } from '../../platform/indicators/computed.ts';
import type { IndicatorFrequency } from '../../platform/db/schema/index.ts';

/**
 * Reporting periods, written the way the council writes them: a month '2024-04', a financial-year quarter
 * '2024-25 Q1' (April to June), a financial year '2024-25' (April to March) and an academic year '2023/24'
 * (September to August, the schools' results). Each becomes the contract's { from, to } (to exclusive).
 */
export interface NamedPeriod extends Period {
  label: string;
}

const EARLIEST_YEAR = 2000;
const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, month: number) => `${year}-${pad(month)}-01`;
/** The first day of the month `months` after (year, month), month 1–12. */
function plusMonths(year: number, month: number, months: number): string {
  const index = year * 12 + (month - 1) + months;
  return day(Math.floor(index / 12), (index % 12) + 1);
}
const shortYear = (year: number) => pad((year + 1) % 100);

export const FREQUENCY_WORDS: Record<IndicatorFrequency, { name: string; example: string }> = {
  monthly: { name: 'Monthly', example: '2024-04' },
  quarterly: { name: 'Quarterly (financial year)', example: '2024-25 Q1' },
  annual: { name: 'Yearly (financial year)', example: '2024-25' },
  'academic-year': { name: 'Yearly (academic year)', example: '2023/24' },
};

/** The period a label names for this frequency, or null when it is not one (wrong shape, month 13, 2024-26). */
export function parsePeriod(frequency: IndicatorFrequency, label: string): NamedPeriod | null {
  const text = label.trim();
  let match: RegExpExecArray | null;
  switch (frequency) {
    case 'monthly': {
      match = /^(\d{4})-(\d{2})$/.exec(text);
      if (!match) return null;
      const [year, month] = [Number(match[1]), Number(match[2])];
      if (month < 1 || month > 12 || year < EARLIEST_YEAR) return null;
      return { label: text, from: day(year, month), to: plusMonths(year, month, 1) };
    }
    case 'quarterly': {
      match = /^(\d{4})-(\d{2}) Q([1-4])$/i.exec(text);
      if (!match) return null;
      const year = Number(match[1]);
      if (year < EARLIEST_YEAR || match[2] !== shortYear(year)) return null;
      const from = plusMonths(year, 4, (Number(match[3]) - 1) * 3);
      return { label: `${year}-${match[2]} Q${match[3]}`, from, to: plusMonths(year, 4, Number(match[3]) * 3) };
    }
    case 'annual': {
      match = /^(\d{4})-(\d{2})$/.exec(text);
      if (!match) return null;
      const year = Number(match[1]);
      if (year < EARLIEST_YEAR || match[2] !== shortYear(year)) return null;
      return { label: text, from: day(year, 4), to: day(year + 1, 4) };
    }
    case 'academic-year': {
      match = /^(\d{4})\/(\d{2})$/.exec(text);
      if (!match) return null;
      const year = Number(match[1]);
      if (year < EARLIEST_YEAR || match[2] !== shortYear(year)) return null;
      return { label: text, from: day(year, 9), to: day(year + 1, 9) };
    }
  }
}

/** The period of this frequency that holds a day ('YYYY-MM-DD'). */
export function periodContaining(frequency: IndicatorFrequency, date: string): NamedPeriod {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const financialYear = month >= 4 ? year : year - 1;
  switch (frequency) {
    case 'monthly':
      return parsePeriod(frequency, `${year}-${pad(month)}`)!;
    case 'quarterly':
      return parsePeriod(
        frequency,
        `${financialYear}-${shortYear(financialYear)} Q${Math.floor((((month + 8) % 12) + 0) / 3) + 1}`,
      )!;
    case 'annual':
      return parsePeriod(frequency, `${financialYear}-${shortYear(financialYear)}`)!;
    case 'academic-year': {
      const academic = month >= 9 ? year : year - 1;
      return parsePeriod(frequency, `${academic}/${shortYear(academic)}`)!;
    }
  }
}

/** The period just before this one. */
export function previousPeriod(frequency: IndicatorFrequency, period: Period): NamedPeriod {
  const [year, month, d] = period.from.split('-').map(Number) as [number, number, number];
  const dayBefore = new Date(Date.UTC(year, month - 1, d - 1)).toISOString().slice(0, 10);
  return periodContaining(frequency, dayBefore);
}

/** The last `count` finished periods before the one holding `today`, oldest first. */
export function recentPeriods(frequency: IndicatorFrequency, today: string, count: number): NamedPeriod[] {
  const periods: NamedPeriod[] = [];
  let period = previousPeriod(frequency, periodContaining(frequency, today));
  for (let i = 0; i < count && Number(period.from.slice(0, 4)) >= EARLIEST_YEAR; i++) {
    periods.unshift(period);
    period = previousPeriod(frequency, period);
  }
  return periods;
}

/** How many periods the indicator page draws: two years of months or quarters, five years of years. */
export const PERIODS_SHOWN: Record<IndicatorFrequency, number> = {
  monthly: 12,
  quarterly: 8,
  annual: 5,
  'academic-year': 5,
};

/**
 * The periods an indicator's chart and table show: one unbroken run (a gap in the data stays a gap, never a missing
 * column) from the earlier of the recent periods and the oldest figure, to the later of the last finished period
 * and the newest figure; at most three times the usual number, the newest kept.
 */
export function shownPeriods(
  frequency: IndicatorFrequency,
  recent: readonly NamedPeriod[],
  values: readonly { period_from: string | Date }[],
): NamedPeriod[] {
  const days = values
    .map((v) => (typeof v.period_from === 'string' ? v.period_from : v.period_from.toISOString()).slice(0, 10))
    .sort();
  const last = recent.at(-1);
  const newest = days.at(-1);
  let end = last ?? (newest ? periodContaining(frequency, newest) : undefined);
  if (!end) return [];
  if (newest && newest > end.from) end = periodContaining(frequency, newest);
  const start = [recent[0]?.from, days[0]].filter((d): d is string => d !== undefined).sort()[0]!;
  const list = [end];
  while (list.length < PERIODS_SHOWN[frequency] * 3 && list[0]!.from > start)
    list.unshift(previousPeriod(frequency, list[0]!));
  return list;
}
