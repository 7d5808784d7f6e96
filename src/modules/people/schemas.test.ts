import { afterEach, describe, expect, it, vi } from 'vitest';
import { personSchema } from './schemas.ts';

const child = { firstName: 'Ava', lastName: 'Okafor' };

describe('personSchema: "today" is the day in England', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts a child born today at 00:30 in London in summer (23:30 the day before in UTC)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-14T23:30:00Z')); // 00:30 BST on 15 July
    const result = personSchema.safeParse({ ...child, dateOfBirth: '2026-07-15' });
    expect(result.success).toBe(true);
  });

  it('refuses a date of birth tomorrow in London', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-14T23:30:00Z'));
    const result = personSchema.safeParse({ ...child, dateOfBirth: '2026-07-16' });
    expect(result.error?.issues[0]?.message).toBe('The date of birth must be today or in the past');
  });

  it('counts the expected date window from the London day', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-14T23:30:00Z'));
    // 31 days before 15 July (London) is 14 June: still accepted; 13 June is not.
    expect(personSchema.safeParse({ ...child, expectedDate: '2026-06-14' }).success).toBe(true);
    expect(personSchema.safeParse({ ...child, expectedDate: '2026-06-13' }).success).toBe(false);
  });
});
