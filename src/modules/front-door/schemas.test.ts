import { describe, expect, it } from 'vitest';
import { addMonths, ageOn, practitionerProblems, requestFlags, todayInLondon } from './rules.ts';
import {
  parseFormPage,
  aboutYouSchema,
  checkDateOfBirth,
  consentSchema,
  personSchema,
  worriesSchema,
} from './schemas.ts';

const TODAY = '2025-06-15';
const parts = (date: string) => ({ day: date.slice(8), month: date.slice(5, 7), year: date.slice(0, 4) });

describe('dates of birth', () => {
  it('accepts a past date and an expected date up to 10 months ahead', () => {
    expect(checkDateOfBirth(parts('2015-03-27'), { expected: false, required: true, today: TODAY })).toEqual({
      date: '2015-03-27',
      problem: null,
    });
    expect(
      checkDateOfBirth(parts(addMonths(TODAY, 10)), { expected: true, required: true, today: TODAY }).problem,
    ).toBeNull();
    expect(checkDateOfBirth(parts(TODAY), { expected: false, required: true, today: TODAY }).problem).toBeNull();
  });

  it('refuses the future, over 120 years, impossible dates, and expected dates in the past or too far ahead', () => {
    const problem = (date: string, expected = false) =>
      checkDateOfBirth(parts(date), { expected, required: true, today: TODAY }).problem;
    expect(problem('2025-06-16')).toMatch(/^Date of birth must be today or in the past/);
    expect(problem('1904-06-14')).toBe('Date of birth must be within the last 120 years: check the year');
    expect(problem('1905-06-14')).toBeNull();
    expect(problem('2023-02-29')).toBe('Date of birth must be a real date, like 27 3 2015');
    expect(problem(addMonths(TODAY, 10).replace(/-\d\d$/, '-16'), true)).toBe(
      'The expected date of birth must be within the next 10 months',
    );
    expect(problem('2025-06-14', true)).toMatch(/^The expected date of birth must be today or in the future/);
    expect(
      checkDateOfBirth({ day: '', month: '', year: '' }, { expected: false, required: true, today: TODAY }).problem,
    ).toBe('Enter their date of birth');
    expect(
      checkDateOfBirth({ day: '', month: '', year: '' }, { expected: false, required: false, today: TODAY }).problem,
    ).toBeNull();
    expect(
      checkDateOfBirth({ day: '1', month: '', year: '' }, { expected: false, required: true, today: TODAY }).problem,
    ).toBe('Date of birth must include a month and year');
    expect(
      checkDateOfBirth({ day: '1', month: '2', year: '15' }, { expected: false, required: true, today: TODAY }).problem,
    ).toBe('Date of birth must be a real date, like 27 3 2015');
  });

  it('counts ages in whole years, birthdays included', () => {
    expect(ageOn('2007-06-15', TODAY)).toBe(18);
    expect(ageOn('2007-06-16', TODAY)).toBe(17);
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });
});

describe('flags', () => {
  const person = (dateOfBirth: string, hasSend = false) => ({
    role: 'child' as const,
    dateOfBirth,
    isExpected: false,
    hasSend,
  });
  it('flags a child of 18 or over, or 25 or over with SEND, never an adult or an unborn baby', () => {
    expect(requestFlags([person('2007-06-16')], TODAY)).toEqual([]);
    expect(requestFlags([person('2007-06-15')], TODAY)).toEqual(['over-18']);
    expect(requestFlags([person('2003-01-01', true)], TODAY)).toEqual([]);
    expect(requestFlags([person('2000-06-15', true), person('2000-01-01')], TODAY)).toEqual([
      'over-18',
      'over-25-with-send',
    ]);
    expect(requestFlags([{ ...person('1980-01-01'), role: 'parent-carer' }], TODAY)).toEqual([]);
  });
});

describe('form schemas', () => {
  const person = {
    role: 'child',
    firstName: 'Amy',
    lastName: 'Smith',
    'dateOfBirth-day': '1',
    'dateOfBirth-month': '9',
    'dateOfBirth-year': '2016',
    postcode: ' cm1  1qh ',
    hasSend: 'no',
  };

  it('keeps free text exactly as typed, HTML included, and tidies postcodes', () => {
    const result = parseFormPage(personSchema, { ...person, firstName: '<script>x</script>' });
    expect(result.ok && result.data).toMatchObject({
      firstName: '<script>x</script>',
      postcode: 'CM1 1QH',
      dateOfBirth: '2016-09-01',
      isExpected: false,
    });
  });

  it('takes an optional NHS number and UPN, checks their check digits, and keeps them compact', () => {
    const ok = parseFormPage(personSchema, { ...person, nhsNumber: '943 476 5919', upn: 'b801200005001' });
    expect(ok.ok && ok.data).toMatchObject({ nhsNumber: '9434765919', upn: 'B801200005001' });
    const blank = parseFormPage(personSchema, { ...person, nhsNumber: ' ', upn: '' });
    expect(blank.ok && blank.data).toMatchObject({ nhsNumber: '', upn: '' });
    const bad = parseFormPage(personSchema, { ...person, nhsNumber: '943 476 5918', upn: 'A801200005001' });
    expect(bad.ok ? [] : bad.errors.list).toEqual([
      { text: 'Enter a real NHS number: check the digits, one may be wrong', href: '#nhsNumber' },
      { text: 'Enter a real Unique Pupil Number: check the characters, one may be wrong', href: '#upn' },
    ]);
    const short = parseFormPage(personSchema, { ...person, nhsNumber: '12345' });
    expect(short.ok ? [] : short.errors.list.map((e) => e.text)).toEqual([
      'Enter an NHS number that is 10 digits, like 943 476 5919',
    ]);
    // What was typed is kept to show again.
    expect(bad.ok ? null : bad.values).toMatchObject({ nhsNumber: '943 476 5918' });
  });

  it('names each problem, with a message a person can act on', () => {
    const messages = (schema: Parameters<typeof parseFormPage>[0], body: object) => {
      const result = parseFormPage(schema, body);
      return result.ok ? [] : result.errors.list.map((e) => e.text);
    };
    expect(messages(personSchema, { ...person, postcode: 'CM1', firstName: 'x'.repeat(101) })).toEqual([
      'First name must be 100 characters or fewer',
      'Enter a full UK postcode, like CM1 1QH',
    ]);
    // A 'child' of 36 is a mistyped year; a young person with SEND up to 25 is served (and flagged).
    const born = (yearsAgo: number) => String(Number(todayInLondon().slice(0, 4)) - yearsAgo);
    expect(messages(personSchema, { ...person, 'dateOfBirth-year': born(36) })).toEqual([
      'A child must be 25 or younger: check the year of birth',
    ]);
    expect(messages(personSchema, { ...person, 'dateOfBirth-year': born(25), hasSend: 'yes' })).toEqual([]);
    expect(
      messages(personSchema, { ...person, role: 'parent-carer', relationship: 'mother', 'dateOfBirth-year': born(36) }),
    ).toEqual([]);
    expect(messages(personSchema, { ...person, role: 'other', isExpected: 'yes' })).toEqual([
      'Enter their relationship to the child or children, like mother or grandparent',
      'Only a child can be not born yet: untick ‘Not born yet’',
    ]);
    expect(
      messages(aboutYouSchema(['harlow']), {
        name: 'Jo',
        relationship: 'parent',
        email: 'jo@example',
        address: 'x',
        postcode: 'CM20 1AB',
        district: 'harlow',
      }),
    ).toEqual(['Enter an email address in the correct format, like name@example.com']);
    expect(messages(consentSchema, { consentToRequest: 'no', consentToSharing: 'yes', noConsentReason: '' })).toEqual([
      'Explain why the family’s consent was not sought',
    ]);
    const worries = worriesSchema([{ code: 'housing', name: 'Secure housing' }], 'practitioner');
    expect(messages(worries, { areas: ['housing', 'dragons'] })).toEqual([
      'Select worries from the list',
      'Describe the worries about ‘Secure housing’',
    ]);
    const ok = parseFormPage(worries, { areas: 'housing', 'worry-housing': 'Eviction notice' });
    expect(ok.ok && ok.data).toEqual([{ area: 'housing', details: 'Eviction notice' }]);
  });

  it('lists what stops a draft being sent, and the consent rule', () => {
    expect(practitionerProblems({ people: [] }, '/d').map((p) => p.section)).toEqual([
      'support',
      'people',
      'worries',
      'strengths',
      'tried',
      'level',
      'consent',
    ]);
    const answers = {
      support: { kind: 'new' as const },
      people: [{ role: 'child' as const } as never],
      district: 'harlow',
      worries: [{ area: 'housing', details: 'x' }],
      strengths: 'x',
      tried: { text: 'x', earlyHelpPlan: false, taf: false },
      level: { level: 3, reasons: 'x' },
      consent: { request: false, sharing: false, reason: 'Risk' },
    };
    expect(practitionerProblems(answers, '/d')).toEqual([expect.objectContaining({ kind: 'rule', href: '/d/level' })]);
    expect(practitionerProblems({ ...answers, level: { level: 4, reasons: 'x' } }, '/d')).toEqual([]);
  });
});
