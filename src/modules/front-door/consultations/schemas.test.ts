import { describe, expect, it } from 'vitest';
import { filterDate, londonInstant } from './schemas.ts';

describe('consultation dates', () => {
  it('reads a time in England across the clock change', () => {
    expect(londonInstant('2024-01-15', '09:00').toISOString()).toBe('2024-01-15T09:00:00.000Z');
    expect(londonInstant('2024-06-03', '14:30').toISOString()).toBe('2024-06-03T13:30:00.000Z');
  });

  it('reads filter dates day first or ISO, and says when a date is not real', () => {
    expect(filterDate('1/6/2024')).toBe('2024-06-01');
    expect(filterDate(' 2024-06-01 ')).toBe('2024-06-01');
    expect(filterDate('')).toBe('');
    for (const bad of ['31/2/2024', '2024-13-01', 'yesterday', '2024-6-1']) expect(filterDate(bad), bad).toBeNull();
  });
});
