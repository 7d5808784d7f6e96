import { describe, expect, it } from 'vitest';
import { untilText } from './until.ts';

describe('untilText: when emergency access ends, as people read a clock in London', () => {
  it('gives the time alone today, and the date too on another day', () => {
    const now = new Date('2026-03-03T09:00:00Z');
    expect(untilText(new Date('2026-03-03T15:30:00Z'), now)).toBe('3:30pm');
    expect(untilText(new Date('2026-03-03T12:36:00Z'), now)).toBe('12:36pm');
    expect(untilText(new Date('2026-03-04T00:15:00Z'), now)).toBe('12:15am on 4 March 2026');
  });

  it('follows British Summer Time', () => {
    const now = new Date('2026-07-01T08:00:00Z');
    expect(untilText(new Date('2026-07-01T11:05:00Z'), now)).toBe('12:05pm');
    expect(untilText(new Date('2026-07-01T23:30:00Z'), now)).toBe('12:30am on 2 July 2026');
  });
});
