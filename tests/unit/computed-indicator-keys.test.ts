import { describe, expect, it } from 'vitest';
import { directoryIndicators } from '../../src/modules/directory/index.ts';
import { frontDoorIndicators } from '../../src/modules/front-door/index.ts';
import type { CalendarService } from '../../src/platform/calendar/service.ts';
import { STANDARD_BREAKDOWNS, UNITS } from '../../src/platform/indicators/computed.ts';
import { checkPeriod } from '../../src/platform/indicators/counting.ts';
import type { ReferenceService } from '../../src/modules/reference/index.ts';

/** The computed indicators' keys are what the tenant's indicator definitions name (issue 14): stable and unique. */

// Building the list reads nothing: the Hub's timescales are read when an indicator counts.
const indicators = [
  ...frontDoorIndicators({ reference: {} as ReferenceService, calendar: {} as CalendarService }),
  ...directoryIndicators,
];

describe('computed indicators', () => {
  it('have unique keys of the form area.name, a version, a unit and words on how they are counted', () => {
    const keys = indicators.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const i of indicators) {
      expect(i.key).toMatch(/^[a-z-]+\.[a-z0-9-]+$/);
      expect(i.version).toBeGreaterThanOrEqual(1);
      expect(UNITS).toContain(i.unit);
      expect(i.howCounted.length).toBeGreaterThan(200);
      for (const b of i.breakdowns) expect(b).toMatch(/^[a-z-]+$/);
    }
    expect(keys).toEqual([
      'hub.requests-received',
      'hub.decisions-within-timescale',
      'hub.decisions-by-level',
      'hub.decisions-by-pathway',
      'hub.re-requests-12-months',
      'police.progressed-to-social-care-or-family-solutions',
      'consultations.became-requests',
      'directory.searches-no-results',
    ]);
    const offered = Object.fromEntries(indicators.map((i) => [i.key, i.breakdowns]));
    expect(offered['hub.requests-received']).toEqual([
      'source',
      'quadrant',
      'district',
      'age-band',
      'gender',
      'ethnicity',
      'send',
    ]);
    for (const b of STANDARD_BREAKDOWNS) expect(offered['hub.decisions-by-level']).toContain(b);
    expect(STANDARD_BREAKDOWNS).toContain('age-band');
  });

  it('refuses a malformed or empty period', () => {
    expect(() => checkPeriod({ from: '2026-03-01', to: '2026-04-01' })).not.toThrow();
    expect(() => checkPeriod({ from: '2026-02-30', to: '2026-03-01' })).toThrow(RangeError);
    expect(() => checkPeriod({ from: '1/3/2026', to: '2026-04-01' })).toThrow(RangeError);
    expect(() => checkPeriod({ from: '2026-04-01', to: '2026-03-01' })).toThrow(RangeError);
  });
});
