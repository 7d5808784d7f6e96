import { newId } from '../../platform/db/ids.ts';

/**
 * Opening times as a person types them on one line, e.g. "Mon-Fri 09:00-17:00; Sat 10:00-12:00",
 * and back. Days may be written as two-letter HSDS codes (MO), short (Mon) or full (Monday) names,
 * in ranges (Mon-Fri, Monday to Friday) or lists (Mon, Wed). Used by the provider form and CSV files.
 */

export interface OpeningTimes {
  id: string;
  byday: Day[];
  opensAt: string;
  closesAt: string;
  description?: string | undefined;
}

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];
const SHORT: Record<Day, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
const FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export const OPENING_TIMES_EXAMPLE = 'Mon-Fri 09:00-17:00; Sat 10:00-12:00';

function day(word: string): Day | undefined {
  const w = word.trim().toLowerCase().replace(/\.$/, '');
  if (w.length < 2) return undefined;
  const index = FULL.findIndex(
    (name) => name.startsWith(w) && (w.length >= 3 || DAYS[FULL.indexOf(name)]?.toLowerCase() === w),
  );
  return index === -1 ? undefined : DAYS[index];
}

function days(text: string): Day[] | undefined {
  const found: Day[] = [];
  for (const part of text.split(/\s*(?:,|&|\band\b)\s*/i).filter(Boolean)) {
    const range = part.split(/\s*(?:-|–|\bto\b)\s*/i);
    if (range.length === 1) {
      const d = day(range[0]!);
      if (!d) return undefined;
      found.push(d);
    } else if (range.length === 2) {
      const from = day(range[0]!);
      const to = day(range[1]!);
      if (!from || !to || DAYS.indexOf(to) < DAYS.indexOf(from)) return undefined;
      found.push(...DAYS.slice(DAYS.indexOf(from), DAYS.indexOf(to) + 1));
    } else return undefined;
  }
  return found.length ? DAYS.filter((d) => found.includes(d)) : undefined;
}

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const time = (text: string) => {
  const m = TIME.exec(text.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
};

export type ParsedOpeningTimes = { ok: true; schedules: OpeningTimes[] } | { ok: false; message: string };

/**
 * Reads opening times. `keep` supplies existing schedules so an unchanged line keeps its ids
 * (and so a re-import reports "unchanged").
 */
export function parseOpeningTimes(text: string, keep: readonly OpeningTimes[] = []): ParsedOpeningTimes {
  const schedules: OpeningTimes[] = [];
  for (const entry of text.split(/\s*[;\n]\s*/).filter((e) => e.trim())) {
    const m = /^(.*?)\s+(\d{1,2}[:.]\d{2})\s*(?:-|–|to)\s*(\d{1,2}[:.]\d{2})$/i.exec(entry.trim());
    const byday = m ? days(m[1]!) : undefined;
    const opensAt = m ? time(m[2]!) : undefined;
    const closesAt = m ? time(m[3]!) : undefined;
    if (!byday || !opensAt || !closesAt) {
      return {
        ok: false,
        message: `Enter opening times like ${OPENING_TIMES_EXAMPLE} (“${entry.trim().slice(0, 40)}” is not in that form)`,
      };
    }
    if (closesAt <= opensAt)
      return {
        ok: false,
        message: `The closing time must be after the opening time in “${entry.trim().slice(0, 40)}”`,
      };
    const same = keep.find((k) => k.opensAt === opensAt && k.closesAt === closesAt && k.byday.join() === byday.join());
    schedules.push({
      id: same?.id ?? newId(),
      byday,
      opensAt,
      closesAt,
      ...(same?.description ? { description: same.description } : {}),
    });
  }
  return { ok: true, schedules };
}

/** Writes schedules on one line in the form parseOpeningTimes reads. */
export function formatOpeningTimes(schedules: readonly Pick<OpeningTimes, 'byday' | 'opensAt' | 'closesAt'>[]): string {
  return schedules.map((s) => `${daysLabel(s.byday)} ${s.opensAt}-${s.closesAt}`).join('; ');
}

function daysLabel(byday: readonly string[]): string {
  const indexes = DAYS.map((d, i) => (byday.includes(d) ? i : -1)).filter((i) => i >= 0);
  const runs: number[][] = [];
  for (const i of indexes) {
    const run = runs.at(-1);
    if (run && i === run.at(-1)! + 1) run.push(i);
    else runs.push([i]);
  }
  return runs
    .flatMap((run) =>
      run.length >= 3 ? [`${SHORT[DAYS[run[0]!]!]}-${SHORT[DAYS[run.at(-1)!]!]}`] : run.map((i) => SHORT[DAYS[i]!]),
    )
    .join(', ');
}
