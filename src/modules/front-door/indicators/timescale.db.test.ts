import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/database.ts';
import { WorkingCalendar, type Timescale } from '../../../platform/calendar/working-time.ts';
import { dueJoin, workingWindows, type HubTimescales } from './timescale.ts';

/**
 * The deadline counted in SQL is the Hub queue's deadline (WorkingCalendar.due), for every kind of timescale, across
 * weekends, Easter's bank holidays and the clocks going forward on 29 March 2026.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
});
afterAll(() => t?.close());

const HOURS = {
  timeZone: 'Europe/London',
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  start: '09:00',
  end: '17:00',
} as const;
const HOLIDAYS = ['2026-04-03', '2026-04-06'];
const TIMESCALES: Record<string, Timescale> = {
  'hours-4': { hours: 4 },
  'working-hours-4': { workingHours: 4 },
  'working-hours-20': { workingHours: 20 },
  'working-days-0': { workingDays: 0 },
  'working-days-1': { workingDays: 1 },
  'working-days-3': { workingDays: 3 },
};
const RECEIVED = [
  '2026-03-26T10:00:00Z', // Thursday before the clocks change
  '2026-03-27T16:30:00Z', // Friday, after closing in GMT (16:30 is before 17:00 GMT)
  '2026-03-28T11:00:00Z', // Saturday
  '2026-03-29T00:30:00Z', // Sunday, the night the clocks go forward
  '2026-04-01T15:30:00Z', // Wednesday 16:30 BST, half an hour before closing
  '2026-04-02T16:30:00Z', // Thursday 17:30 BST, after closing, before Good Friday
  '2026-04-06T08:00:00Z', // Easter Monday
];

describe('the Hub timescale in SQL', () => {
  it('gives the same deadline as the Hub queue’s working calendar', async () => {
    const settings: HubTimescales = {
      priorities: Object.entries(TIMESCALES).map(([code, ts]) => ({
        code,
        name: code,
        working_days: 'workingDays' in ts ? ts.workingDays : null,
        working_hours: 'workingHours' in ts ? ts.workingHours : null,
        hours: 'hours' in ts ? ts.hours : null,
      })),
      hours: { ...HOURS, days: [...HOURS.days] },
      holidays: HOLIDAYS,
      horizonDays: 60,
    };
    const requests = Object.keys(TIMESCALES).flatMap((priority) => RECEIVED.map((at) => ({ priority, at })));
    const values = sql.join(requests.map((r, i) => sql`(${i}, ${r.priority}, ${r.at}::timestamptz)`));
    const { rows } = await sql<{
      k: number;
      at: Date;
    }>`with ${workingWindows({ from: '2026-03-26', to: '2026-04-07' }, settings)}
      select r.k, due.at from (values ${values}) as r(k, priority, received_at) ${dueJoin(settings)} order by r.k`.execute(
      t.database.db,
    );
    const calendar = new WorkingCalendar({ ...HOURS, days: [...HOURS.days] }, HOLIDAYS);
    expect(rows).toHaveLength(requests.length);
    for (const row of rows) {
      const r = requests[row.k]!;
      const expected = calendar.due(new Date(r.at), TIMESCALES[r.priority]!);
      expect([r.priority, r.at, new Date(row.at).toISOString()]).toEqual([r.priority, r.at, expected.toISOString()]);
    }
  });
});
