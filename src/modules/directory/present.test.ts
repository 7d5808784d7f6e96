import { describe, expect, it } from 'vitest';
import { ageText, deliveryText, distanceText, joinWords, pagination, scheduleText } from './present.ts';

describe('directory wording', () => {
  it('says ages, delivery and distance plainly', () => {
    expect([
      ageText(0, 5),
      ageText(2, 2),
      ageText(16, null),
      ageText(null, 18),
      ageText(null, null),
      ageText(1, 1),
    ]).toEqual(['0 to 5 years', '2 years old', '16 years and over', 'Up to 18 years', 'All ages', '1 year old']);
    expect(deliveryText(['phone', 'in-person', 'online'])).toBe('In person, online or by phone');
    expect(deliveryText(['online'])).toBe('Online');
    expect([
      distanceText(null),
      distanceText(800),
      distanceText(1609.344 * 1.4),
      distanceText(1609.344 * 12.6),
    ]).toEqual([null, 'less than a mile', 'about 1 mile', 'about 13 miles']);
    expect(joinWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });

  it('writes opening times with runs of days as ranges', () => {
    expect(scheduleText({ byday: ['FR', 'MO', 'TU', 'WE', 'TH'], opensAt: '09:00', closesAt: '17:30' })).toBe(
      'Monday to Friday, 9am to 5:30pm',
    );
    expect(scheduleText({ byday: ['TU', 'TH'], opensAt: '12:00', closesAt: '00:15' })).toBe(
      'Tuesday and Thursday, 12pm to 12:15am',
    );
    expect(scheduleText({ byday: ['MO', 'WE', 'TH', 'FR', 'SU'], opensAt: '18:00', closesAt: '21:00' })).toBe(
      'Monday, Wednesday to Friday and Sunday, 6pm to 9pm',
    );
    expect(
      scheduleText({ byday: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opensAt: '00:00', closesAt: '23:59' }),
    ).toBe('Every day, open 24 hours');
  });

  it('pages with the first, last and neighbouring pages, keeping the search', () => {
    expect(pagination({ page: 1, pages: 1 }, 'q=x')).toBeNull();
    const middle = pagination({ page: 5, pages: 9 }, 'q=x');
    expect(middle?.items.map((i) => ('number' in i ? i.number : '…'))).toEqual([1, '…', 4, 5, 6, '…', 9]);
    expect(middle?.previous).toEqual({ href: '/services?q=x&page=4' });
    expect(pagination({ page: 2, pages: 2 }, '')?.next).toBeUndefined();
    expect(pagination({ page: 2, pages: 2 }, '')?.items[0]).toEqual({
      number: 1,
      href: '/services?page=1',
      current: false,
    });
  });
});
