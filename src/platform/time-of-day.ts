import { format, isValid, parse } from 'date-fns';

/**
 * A time of day as people type it, as 'HH:mm' (24-hour), or null. GOV.UK style writes times as "9:30am" or
 * "2pm", and people also type "14:30", "14.30", "0930", "9.30 a.m.", "midday" and "midnight": all are read.
 * "12am" is midnight and "12pm" midday; "13pm" or "25:00" are not times.
 */
export function parseTimeOfDay(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const v = raw
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/a\.?m\.?$/, 'am')
    .replace(/p\.?m\.?$/, 'pm');
  if (v === 'midday' || v === 'noon' || v === '12noon' || v === '12midday') return '12:00';
  if (v === 'midnight' || v === '12midnight') return '00:00';
  const twelveHour = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)$/.exec(v);
  const candidate = twelveHour
    ? { text: `${twelveHour[1]}:${twelveHour[2] ?? '00'}${twelveHour[3]}`, pattern: 'h:mmaaa' }
    : /^\d{1,2}[:.]\d{2}$/.test(v)
      ? { text: v.replace('.', ':'), pattern: 'H:mm' }
      : /^\d{4}$/.test(v)
        ? { text: `${v.slice(0, 2)}:${v.slice(2)}`, pattern: 'H:mm' }
        : null;
  if (!candidate) return null;
  const parsed = parse(candidate.text, candidate.pattern, new Date(2000, 0, 1));
  return isValid(parsed) ? format(parsed, 'HH:mm') : null;
}
