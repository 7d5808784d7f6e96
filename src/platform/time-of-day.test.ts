import { describe, expect, it } from 'vitest';
import { parseTimeOfDay } from './time-of-day.ts';

describe('parseTimeOfDay', () => {
  it.each([
    ['9.30am', '09:30'],
    ['9:30am', '09:30'],
    ['9.30 a.m.', '09:30'],
    ['9:30 AM', '09:30'],
    ['2pm', '14:00'],
    ['2.15pm', '14:15'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12.30am', '00:30'],
    ['midday', '12:00'],
    ['Midnight', '00:00'],
    ['14:30', '14:30'],
    ['14.30', '14:30'],
    ['9:05', '09:05'],
    ['0930', '09:30'],
    [' 23:59 ', '23:59'],
  ])('reads %j as %s', (typed, expected) => {
    expect(parseTimeOfDay(typed)).toBe(expected);
  });

  it.each(['', '25:00', '13pm', '0am', '9.3', '9:60', '930am', 'half nine', '9', '12:00:00', undefined, 930])(
    'refuses %j',
    (typed) => {
      expect(parseTimeOfDay(typed)).toBeNull();
    },
  );
});
