/**
 * The rules added for several slips at once and for a missing date of birth (issue 12), each with the
 * look-alikes it must not match.
 */
import { describe, expect, it } from 'vitest';
import { blockingPlan } from './candidates.ts';
import { formalSounds, storedKeys } from './normalise.ts';
import { scorePair } from './score.ts';
import { MATCH_THRESHOLD, type PersonDetails } from './types.ts';

const filedUnder = (firstName: string) => storedKeys({ firstName, lastName: 'x' }).first_phon;

describe('candidate search: the formal names a first name may be filed under', () => {
  it('finds every formal form of a name that is in several groups (Christopher, Krzysztof)', () => {
    expect(filedUnder('Krzysztof')).not.toBe(filedUnder('Christopher'));
    expect(formalSounds('christopher')).toEqual(
      expect.arrayContaining([filedUnder('Christopher'), filedUnder('Krzysztof')]),
    );
  });

  it('finds the formal name of a misspelt short form (Laim: Liam, filed under William)', () => {
    expect(formalSounds('laim')).toContain(filedUnder('Liam'));
    expect(blockingPlan({ firstName: 'Laim', lastName: 'Rogers' }).phonetics).toContain(filedUnder('Liam'));
  });

  it('adds nothing for a name the nickname file does not know or sound like', () => {
    expect(formalSounds('qwxz')).toEqual([]);
    expect(formalSounds('')).toEqual([]);
  });

  it('plans a range for each first sound of the first name, for a typo in it when the surname sounds alike', () => {
    const plan = blockingPlan({ firstName: 'Nomran', lastName: 'Wheeler' });
    // Nomran (NMRN) does not sound like Norman (NRMN), but starts with the same sound.
    expect(plan.phonetics).not.toContain(filedUnder('Norman'));
    expect(filedUnder('Norman')[0]).toBe('N');
    expect(plan.initials).toEqual(['N']);
  });

  it('plans the first sounds of either name, for a misspelt surname on a record with no date, only when the query has a date', () => {
    // Burgfss (PRKFS) does not sound like Burgess (PRJS), but starts with the same sound.
    const plan = blockingPlan({ firstName: 'Jacob', lastName: 'Burgfss', dateOfBirth: '2010-10-24' });
    expect(plan.nameInitials).toEqual(expect.arrayContaining(['J', 'P']));
    expect(storedKeys({ firstName: 'Jacob', lastName: 'Burgess' }).last_phon[0]).toBe('P');
    expect(blockingPlan({ firstName: 'Jacob', lastName: 'Burgfss' }).nameInitials).toEqual([]);
  });
});

const megan: PersonDetails = {
  firstName: 'Megan',
  middleNames: 'Evelyn',
  lastName: 'Krawczyk',
  dateOfBirth: '2018-12-30',
  gender: 'female',
};

describe('scoring: a whole middle name agreeing, with no date of birth to compare', () => {
  const noDate = { ...megan, dateOfBirth: null, address: '53 London Road', postcode: 'SS17 1BA' };

  it('matches a misspelt first name when the whole middle name agrees', () => {
    const result = scorePair({ ...noDate, firstName: 'Megbn' }, megan);
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(result.reasons).toEqual(expect.arrayContaining(['first name spelt differently', 'same middle name']));
  });

  it('matches a misspelt middle name too, but not one with another first letter', () => {
    expect(scorePair({ ...noDate, firstName: 'Megbn', middleNames: 'Evelin' }, megan).reasons).toContain(
      'same middle name',
    );
    expect(scorePair({ ...noDate, middleNames: 'Avelyn' }, megan).reasons).toContain('different middle name');
  });

  it('counts a middle initial as weak evidence: not enough with a misspelt first name', () => {
    const result = scorePair({ ...noDate, firstName: 'Megbn', middleNames: 'E' }, megan);
    expect(result.reasons).toContain('same middle initial');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it.each<[string, Partial<PersonDetails>]>([
    ['a sister with another first name and the same middle name', { firstName: 'Morgan' }],
    ['a namesake with another middle name', { middleNames: 'Rose' }],
    ['a namesake with a misspelt first name and another middle name', { firstName: 'Megbn', middleNames: 'Rose' }],
    ['the same names born years apart (a parent, a child)', { dateOfBirth: '1990-03-02' }],
  ])('does not match %s', (_label, change) => {
    expect(scorePair({ ...noDate, ...change }, megan).score).toBeLessThan(MATCH_THRESHOLD);
  });
});

describe('scoring: a short form with a slip must start with the same letter', () => {
  const twin: PersonDetails = {
    firstName: 'Olivia',
    lastName: 'Jones',
    dateOfBirth: '2020-04-07',
    gender: 'female',
    address: '53 Chelmer Road',
    postcode: 'SS1 9BA',
  };

  it('does not take Ellie for Ollie (Olivia) misspelt: twin sisters at one address', () => {
    const result = scorePair({ ...twin, firstName: 'Ellie' }, twin);
    expect(result.reasons).toContain('different first name');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it('does not take Albie (Albert) for Alfie (Freddie) misspelt: a known name of its own is not a slip', () => {
    const albie = { ...twin, firstName: 'Albie', dateOfBirth: '2015-11-10', gender: 'male' as const };
    const freddie = { ...albie, firstName: 'Freddie', dateOfBirth: '2010-11-10', address: '1 Grange Road' };
    const result = scorePair(freddie, albie);
    expect(result.reasons).not.toContain('first name is a short form or other spelling');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it.each([
    ['Bil', 'William', 'a slip with the same first letter'],
    ['Kaite', 'Katherine', 'a slip with the same first letter'],
    ['Olie', 'Olivia', 'a slip with the same first letter'],
    ['Safm', 'Samuel', 'a slip in a three-letter short form that keeps its first two letters'],
    ['Viw', 'Victoria', 'a slip in a three-letter short form that keeps its first two letters'],
    ['Arj', 'Arthur', 'a slip in a three-letter short form that keeps its first two letters'],
  ])('still matches %s for %s: %s', (written, formal) => {
    const result = scorePair({ ...twin, firstName: written }, { ...twin, firstName: formal });
    expect(result.reasons).toContain('first name is a short form or other spelling');
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('does not take Dean for Dan (Daniel) misspelt: twin brothers at one address', () => {
    const result = scorePair(
      { ...twin, firstName: 'Dean', gender: 'male' },
      { ...twin, firstName: 'Daniel', gender: 'male' },
    );
    expect(result.reasons).toContain('different first name');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });
});

describe('scoring: a first name close in spelling but more than a slip apart is another name', () => {
  const hannah: PersonDetails = {
    firstName: 'Hannah',
    lastName: "O'Sullivan",
    dateOfBirth: '1975-09-22',
    gender: 'female',
    address: '51 High Street',
    postcode: 'CO13 7EA',
  };

  it.each<[string, Partial<PersonDetails>]>([
    ['a sister Anna born a year apart at one address', { firstName: 'Anna', dateOfBirth: '1974-09-22' }],
    ['a sister Anna born one digit apart at one address', { firstName: 'Anna', dateOfBirth: '1976-09-22' }],
  ])('does not match %s', (_label, change) => {
    const result = scorePair({ ...hannah, ...change }, hannah);
    expect(result.reasons).toContain('first name close, but another name');
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
  });

  it('still matches a typo of the same name (one slip), with the date a year out', () => {
    const result = scorePair({ ...hannah, firstName: 'Hanah', dateOfBirth: '1974-09-22' }, hannah);
    expect(result.reasons).toContain('first name spelt differently');
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });
});
