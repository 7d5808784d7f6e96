import { describe, expect, it } from 'vitest';
import { personSchema } from '../schemas.ts';
import { scorePair } from '../matching.ts';
import { isValidNhsNumber, isValidUpn, nhsCheckDigit, upnCheckLetter } from './identifiers.ts';

describe('NHS number (modulus 11 check digit)', () => {
  it('accepts valid numbers, with or without spaces', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('401-023-2137')).toBe(true);
  });

  it('refuses a wrong check digit, two digits swapped, the wrong length, letters, and a remainder of 10', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('9434765991')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
    // 000000006x: the weighted sum is 12, 11 - 1 = 10, which is never issued.
    expect(nhsCheckDigit('000000006')).toBeNull();
    for (let d = 0; d <= 9; d += 1) expect(isValidNhsNumber(`000000006${d}`)).toBe(false);
  });
});

describe('Unique Pupil Number (check letter)', () => {
  it('accepts valid UPNs, permanent and temporary, in any case and spacing', () => {
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('b801 2000 05001')).toBe(true);
    const temporary = `${upnCheckLetter('80120000500A')}80120000500A`;
    expect(isValidUpn(temporary)).toBe(true);
  });

  it('refuses a wrong check letter, a letter in the middle, the wrong length, and I, O or S', () => {
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(isValidUpn('X80120000A001')).toBe(false);
    expect(isValidUpn('B80120000500')).toBe(false);
    expect(isValidUpn('I801200005001')).toBe(false);
  });
});

describe('personSchema: NHS number and UPN are optional, checked, kept compact', () => {
  const child = { firstName: 'Kai', lastName: 'Mensah' };
  it('keeps valid numbers without spaces, in capitals', () => {
    const result = personSchema.parse({ ...child, nhsNumber: '943 476 5919', upn: 'b801200005001' });
    expect(result).toMatchObject({ nhsNumber: '9434765919', upn: 'B801200005001' });
    expect(personSchema.parse({ ...child, nhsNumber: '', upn: ' ' })).toMatchObject({ nhsNumber: null, upn: null });
  });

  it('explains a bad NHS number or UPN in GOV.UK words', () => {
    const message = (input: object) => personSchema.safeParse({ ...child, ...input }).error?.issues[0]?.message;
    expect(message({ nhsNumber: '9434765918' })).toBe('Enter a real NHS number: check the digits, one may be wrong');
    expect(message({ nhsNumber: '12345' })).toBe('Enter an NHS number that is 10 digits, like 943 476 5919');
    expect(message({ upn: 'A801200005001' })).toBe(
      'Enter a real Unique Pupil Number: check the characters, one may be wrong',
    );
    expect(message({ upn: '801200005001' })).toBe(
      'Enter a Unique Pupil Number that is 13 characters, like A123456789012',
    );
  });
});

describe('scorePair: an identifier on both records decides first', () => {
  const record = {
    firstName: 'Kai',
    lastName: 'Mensah',
    dateOfBirth: '2016-04-09',
    postcode: 'CM1 1QH',
    nhsNumber: '9434765919',
  };
  it('the same NHS number matches despite other differences', () => {
    const pair = scorePair(
      { firstName: 'Kay', lastName: 'Mensa', dateOfBirth: '2016-09-04', nhsNumber: '9434765919' },
      record,
    );
    expect(pair.score).toBeGreaterThanOrEqual(0.99);
    expect(pair.reasons).toContain('same NHS number');
  });
  it('a different NHS number is another person, whatever else agrees (a twin)', () => {
    const pair = scorePair({ ...record, nhsNumber: '4010232137' }, record);
    expect(pair.score).toBeLessThan(0.01);
    expect(pair.reasons).toContain('different NHS number');
  });
});
