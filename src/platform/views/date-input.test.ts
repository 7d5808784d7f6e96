import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseForm } from './forms.ts';
import {
  checkDateInput,
  dateInput,
  dateInputValues,
  realIsoDate,
  withDateInputs,
  type DateRules,
} from './date-input.ts';

const TODAY = '2026-06-15';
const dob: DateRules = {
  label: 'their date of birth',
  when: 'past',
  earliest: { date: { years: -120 }, message: 'Their date of birth must be within the last 120 years: check the year' },
  example: '27 3 2015',
  today: TODAY,
};
const problem = (day: unknown, month: unknown, year: unknown, rules: DateRules = dob) =>
  checkDateInput({ day, month, year }, rules).problem;

describe('a GOV.UK date input', () => {
  it('reads a real date as YYYY-MM-DD, padding the day and month', () => {
    expect(checkDateInput({ day: '7', month: '3', year: '2015' }, dob)).toEqual({ date: '2015-03-07', problem: null });
    expect(checkDateInput({ day: '07', month: '03', year: '2015' }, dob).date).toBe('2015-03-07');
  });

  it('asks for the date when every box is empty, or accepts no answer when it is optional', () => {
    expect(problem('', '', '')).toBe('Enter their date of birth');
    expect(problem(undefined, undefined, undefined)).toBe('Enter their date of birth');
    expect(checkDateInput({ day: ' ', month: '', year: '' }, { ...dob, required: false })).toEqual({
      date: null,
      problem: null,
    });
  });

  it('names the missing parts', () => {
    expect(problem('1', '', '2015')).toBe('Their date of birth must include a month');
    expect(problem('', '3', '')).toBe('Their date of birth must include a day and year');
    expect(problem('', '', '2015')).toBe('Their date of birth must include a day and month');
  });

  it('refuses dates that are not real', () => {
    const real = 'Their date of birth must be a real date, like 27 3 2015';
    expect(problem('31', '2', '2016')).toBe(real);
    expect(problem('30', '2', '2016')).toBe(real);
    expect(problem('31', '4', '2016')).toBe(real);
    expect(problem('0', '1', '2016')).toBe(real);
    expect(problem('1', '13', '2016')).toBe(real);
    expect(problem('first', '1', '2016')).toBe(real);
    expect(problem('1.5', '1', '2016')).toBe(real);
    expect(problem('-1', '1', '2016')).toBe(real);
    expect(problem('1', '1', '2O16')).toBe(real);
    expect(problem('123', '1', '2016')).toBe(real);
  });

  it('knows 29 February only in a leap year', () => {
    expect(checkDateInput({ day: '29', month: '2', year: '2016' }, dob).date).toBe('2016-02-29');
    expect(checkDateInput({ day: '29', month: '2', year: '2000' }, dob).date).toBe('2000-02-29');
    expect(problem('29', '2', '2015')).toMatch(/real date/);
    expect(problem('29', '2', '1900')).toMatch(/real date/);
  });

  it('wants a year of four digits: 16 is not 2016', () => {
    expect(problem('1', '1', '16')).toMatch(/real date/);
    expect(problem('1', '1', '016')).toMatch(/real date/);
    expect(problem('1', '1', '20016')).toMatch(/real date/);
  });

  it('ignores spaces around each box, not inside it', () => {
    expect(checkDateInput({ day: ' 7 ', month: '\t3', year: '2015\n' }, dob).date).toBe('2015-03-07');
    expect(problem('1 2', '1', '2015')).toMatch(/real date/);
  });

  it('refuses anything that is not text (a repeated field arrives as an array)', () => {
    expect(problem(['1', '2'], '1', '2015')).toBe('Their date of birth must include a day');
    expect(problem({}, 3, null)).toBe('Enter their date of birth');
  });

  it('keeps to the past, counting today, in England', () => {
    expect(problem('15', '6', '2026')).toBeNull();
    expect(problem('16', '6', '2026')).toBe('Their date of birth must be today or in the past');
    expect(checkDateInput({ day: '16', month: '6', year: '2026' }, dob).date).toBe('2026-06-16');
  });

  it('keeps to the future when asked, with the form’s own message', () => {
    const expected: DateRules = {
      label: 'the expected date of birth',
      when: 'future',
      whenMessage: 'The expected date of birth must be today or in the future',
      latest: { date: { months: 10 }, message: 'The expected date of birth must be within the next 10 months' },
      today: TODAY,
    };
    expect(problem('15', '6', '2026', expected)).toBeNull();
    expect(problem('14', '6', '2026', expected)).toBe('The expected date of birth must be today or in the future');
    expect(problem('15', '4', '2027', expected)).toBeNull();
    expect(problem('16', '4', '2027', expected)).toBe('The expected date of birth must be within the next 10 months');
  });

  it('refuses years out of range, relative to today or fixed', () => {
    expect(problem('15', '6', '1906')).toBeNull();
    expect(problem('14', '6', '1906')).toBe('Their date of birth must be within the last 120 years: check the year');
    const review: DateRules = { label: 'the date of the review', earliest: { date: '2000-01-01' }, today: TODAY };
    expect(problem('31', '12', '1999', review)).toBe(
      'The date of the review must be the same as or after 1 January 2000',
    );
    expect(problem('1', '1', '9999', { ...review, latest: { date: { years: 5 } } })).toBe(
      'The date of the review must be the same as or before 15 June 2031',
    );
  });

  it('reads "today" in England by default', () => {
    // Without `today`, the rule uses todayInLondon(): a date far in the future is never today.
    expect(checkDateInput({ day: '1', month: '1', year: '2999' }, { label: 'the date', when: 'past' }).problem).toBe(
      'The date must be today or in the past',
    );
  });
});

describe('the date input in a form schema', () => {
  const schema = z.object({
    name: z.string(),
    'reviewDate-day': dateInput({ label: 'the date of the review', today: TODAY }),
    'nextDate-day': dateInput({ label: 'the date of the next review', required: false, today: TODAY }),
  });

  it('gathers the boxes under <name>-day, where the error summary links', () => {
    const body = { name: 'x', 'reviewDate-day': '5', 'reviewDate-month': '6', 'reviewDate-year': '2026' };
    const form = parseForm(schema, withDateInputs(body, ['reviewDate', 'nextDate']));
    expect(form.ok && form.data).toEqual({ name: 'x', 'reviewDate-day': '2026-06-05', 'nextDate-day': null });
  });

  it('shows the problem on the day box and keeps what was typed', () => {
    const body = { name: 'x', 'reviewDate-day': '31', 'reviewDate-month': '2', 'reviewDate-year': '2026' };
    const form = parseForm(schema, withDateInputs(body, ['reviewDate', 'nextDate']));
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(form.errors.list).toEqual([
      { text: 'The date of the review must be a real date, like 27 3 2026', href: '#reviewDate-day' },
    ]);
    expect(form.values['reviewDate-month']).toBe('2');
  });

  it('is a problem, not a crash, when the boxes are missing altogether', () => {
    const form = parseForm(schema, { name: 'x' });
    expect(!form.ok && form.errors.list.map((e) => e.text)).toEqual(['Enter the date of the review']);
  });
});

describe('dates as text and back', () => {
  it('fills the boxes from a stored date', () => {
    expect(dateInputValues('due', '2026-03-07')).toEqual({ 'due-day': '7', 'due-month': '3', 'due-year': '2026' });
    expect(dateInputValues('due', null)).toEqual({ 'due-day': '', 'due-month': '', 'due-year': '' });
  });

  it('checks a day typed as YYYY-MM-DD', () => {
    expect(realIsoDate('2016-02-29')).toBe('2016-02-29');
    for (const bad of ['2015-02-29', '2015-2-1', '15-02-01', '2015-13-01', '2015-02-01T00:00', ''])
      expect(realIsoDate(bad), bad).toBeNull();
  });
});
