import { describe, expect, it } from 'vitest';
import { formatOpeningTimes, parseOpeningTimes } from './opening-times.ts';

const parsed = (text: string) => {
  const result = parseOpeningTimes(text);
  if (!result.ok) throw new Error(result.message);
  return result.schedules.map(({ byday, opensAt, closesAt }) => ({ byday, opensAt, closesAt }));
};

describe('opening times typed on one line', () => {
  it('reads ranges, lists, codes, short and full day names and both time separators', () => {
    expect(parsed('Mon-Fri 09:00-17:00; Sat 10:00-12:00')).toEqual([
      { byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opensAt: '09:00', closesAt: '17:00' },
      { byday: ['SA'], opensAt: '10:00', closesAt: '12:00' },
    ]);
    expect(parsed('MO,TU,WE 9.30 to 15:00')).toEqual([
      { byday: ['MO', 'TU', 'WE'], opensAt: '09:30', closesAt: '15:00' },
    ]);
    expect(parsed('Tuesday and Thursday 18:30–20:00')).toEqual([
      { byday: ['TU', 'TH'], opensAt: '18:30', closesAt: '20:00' },
    ]);
    expect(parsed('Monday to Sunday 08:00-20:00')[0]?.byday).toHaveLength(7);
    expect(parsed('')).toEqual([]);
  });

  it('refuses what it cannot read, saying which part', () => {
    const bad = (text: string) => {
      const result = parseOpeningTimes(text);
      return result.ok ? 'ok' : result.message;
    };
    expect(bad('whenever')).toMatch(/“whenever” is not in that form/);
    expect(bad('Fri-Mon 09:00-17:00')).toMatch(/not in that form/);
    expect(bad('Mon 25:00-26:00')).toMatch(/not in that form/);
    expect(bad('Mon 17:00-09:00')).toBe('The closing time must be after the opening time in “Mon 17:00-09:00”');
    expect(bad('Funday 09:00-10:00')).toMatch(/not in that form/);
  });

  it('writes what it reads, and keeps the ids of unchanged schedules', () => {
    const first = parseOpeningTimes('MO,TU,WE,TH,FR 09:00-17:00; SA,SU 10:00-12:00; MO,WE 18:00-19:00');
    if (!first.ok) throw new Error(first.message);
    const text = formatOpeningTimes(first.schedules);
    expect(text).toBe('Mon-Fri 09:00-17:00; Sat, Sun 10:00-12:00; Mon, Wed 18:00-19:00');
    const again = parseOpeningTimes(text, first.schedules);
    expect(again.ok && again.schedules).toEqual(first.schedules);
  });
});
