import { describe, expect, it } from 'vitest';
import {
  MATCH_THRESHOLD,
  SHOW_THRESHOLD,
  blockingPlan,
  formatPostcode,
  nameKey,
  nearbyDates,
  rankCandidates,
  scorePair,
  storedKeys,
  type PersonDetails,
} from './matching.ts';
import { parseNicknames } from './nicknames.ts';
import { editDistance, jaroWinkler } from './similarity.ts';

const child: PersonDetails = {
  firstName: 'William',
  lastName: 'Kowalczyk',
  dateOfBirth: '2016-04-09',
  gender: 'male',
  address: '12 Church Road',
  postcode: 'CM1 1QH',
};
const moved = { postcode: 'CO4 3QE', address: '3 High Street' };
const score = (change: Partial<PersonDetails>, record: PersonDetails = child) =>
  scorePair({ ...child, ...change }, record);

describe('scorePair: the same child, entered differently, scores at or above the threshold', () => {
  const cases: [string, Partial<PersonDetails>, string][] = [
    ['exactly the same', {}, 'same date of birth'],
    ['a typo in the first name', { firstName: 'Wiliam' }, 'first name spelt differently'],
    ['a typo in the surname', { lastName: 'Kowalcyzk' }, 'surname spelt differently'],
    ['a nickname', { firstName: 'Bill' }, 'first name is a short form or other spelling'],
    [
      'first name and surname swapped',
      { firstName: 'Kowalczyk', lastName: 'William' },
      'first name and surname swapped',
    ],
    [
      'a double-barrelled surname gained',
      { lastName: 'Kowalczyk-Okafor' },
      'surname shares part of a double-barrelled surname',
    ],
    ['day and month swapped', { dateOfBirth: '2016-09-04' }, 'date of birth with day and month swapped'],
    ['one digit of the date wrong', { dateOfBirth: '2016-04-08' }, 'date of birth one digit different'],
    ['the year out by one', { dateOfBirth: '2015-04-09' }, 'born on the same day a year apart'],
    ['moved house', moved, 'different postcode'],
    ['moved within the district', { postcode: 'CM1 4XY', address: '9 Mill Lane' }, 'same postcode district (CM1)'],
    [
      'capitals, no space in the postcode, abbreviations',
      { firstName: 'WILLIAM', postcode: 'cm11qh', address: '12 CHURCH RD' },
      'same address',
    ],
    [
      'a nickname after moving house, a year out',
      { firstName: 'Bill', dateOfBirth: '2015-04-09', ...moved },
      'first name is a short form or other spelling',
    ],
    [
      'a surname typo and a date digit after moving',
      { lastName: 'Kowalcyzk', dateOfBirth: '2016-04-08', ...moved },
      'date of birth one digit different',
    ],
    [
      'swapped names after moving',
      { firstName: 'Kowalczyk', lastName: 'William', ...moved },
      'first name and surname swapped',
    ],
    ['gender not recorded', { gender: null }, 'same first name'],
  ];
  it.each(cases)('%s', (_label, change, reason) => {
    const result = score(change);
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.reasons).toContain(reason);
  });

  it('matches a surname that sounds alike', () => {
    const result = score({ lastName: 'Schmidt' }, { ...child, lastName: 'Smith' });
    expect(result.reasons).toContain('surname sounds alike');
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('ignores accents, apostrophes, hyphens and capitals', () => {
    const record = {
      firstName: 'Zoë',
      lastName: "O'Brien-Wiśniewski",
      dateOfBirth: '2019-11-02',
      postcode: 'SS14 1DW',
    };
    const result = scorePair(
      { firstName: 'ZOE', lastName: 'obrien wisniewski', dateOfBirth: '2019-11-02', postcode: 'ss141dw' },
      record,
    );
    expect(result.reasons).toEqual(['same date of birth', 'same first name', 'same surname', 'same postcode']);
  });

  it('matches a first name given as the middle name', () => {
    expect(scorePair({ ...child, firstName: 'Jacob' }, { ...child, middleNames: 'Jacob Peter' }).reasons).toContain(
      'first name matches a middle name',
    );
  });

  it('matches a baby recorded as unborn, by the expected date', () => {
    const unborn = {
      firstName: 'Baby',
      lastName: 'Kowalczyk',
      dateOfBirth: null,
      expectedDate: '2016-04-20',
      postcode: 'CM1 1QH',
      address: '12 Church Road',
    };
    const result = scorePair(child, unborn);
    expect(result.reasons).toContain('born near the expected date');
    expect(result.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('scores a closer record higher', () => {
    expect(score({}).score).toBeGreaterThan(score({ firstName: 'Bill' }).score);
    expect(score({ firstName: 'Bill' }).score).toBeGreaterThan(score({ firstName: 'Bill', ...moved }).score);
  });
});

describe('scorePair: other people who look alike score below the threshold', () => {
  it.each<[string, Partial<PersonDetails>]>([
    ['a twin brother (same birthday, surname and address)', { firstName: 'Oscar' }],
    ['a twin sister', { firstName: 'Olivia', gender: 'female' }],
    ['a sibling at the same address', { firstName: 'Oscar', dateOfBirth: '2013-01-20' }],
    ['a sibling born in the same month', { firstName: 'Noah', dateOfBirth: '2016-04-19' }],
    ['the same surname born days apart elsewhere', { firstName: 'Jakub', dateOfBirth: '2016-04-02', ...moved }],
    ['a namesake born years apart elsewhere', { dateOfBirth: '2009-10-30', ...moved }],
    ['the same birthday, another family', { firstName: 'Amelia', lastName: 'Okafor', gender: 'female', ...moved }],
  ])('%s', (_label, change) => {
    const result = score(change);
    expect(result.score).toBeLessThan(MATCH_THRESHOLD);
    expect(result.score).toBeGreaterThanOrEqual(0);
  });

  it('explains the difference', () => {
    expect(score({ firstName: 'Oscar' }).reasons).toContain('different first name');
    expect(score({ firstName: 'Olivia', gender: 'female' }).reasons).toContain('different gender');
  });
});

describe('rankCandidates', () => {
  it('keeps the plausible ones, best first, at most five, each person once', () => {
    const rows = [
      { ...child, id: 'twin', firstName: 'Oscar' },
      { ...child, id: 'nickname', firstName: 'Bill' },
      { ...child, id: 'same' },
      { ...child, id: 'same' },
      { id: 'stranger', firstName: 'Amelia', lastName: 'Okafor', dateOfBirth: '1980-01-01', postcode: 'SS1 1AA' },
      ...Array.from({ length: 6 }, (_, i) => ({
        ...child,
        id: `typo-${i}`,
        firstName: 'Wiliam',
        dateOfBirth: `2016-04-0${i + 1}`,
      })),
    ];
    const candidates = rankCandidates(child, rows);
    expect(candidates).toHaveLength(5);
    expect(candidates.map((c) => c.id).slice(0, 2)).toEqual(['same', 'nickname']);
    expect(candidates.every((c, i) => i === 0 || c.score <= candidates[i - 1]!.score)).toBe(true);
    expect(candidates.every((c) => c.score >= SHOW_THRESHOLD)).toBe(true);
    expect(candidates[0]).toMatchObject({ likely: true, person: { id: 'same', firstName: 'William' } });
    expect(candidates.map((c) => c.id)).not.toContain('stranger');
  });

  it('returns an empty list when nobody is plausible', () => {
    expect(
      rankCandidates(child, [{ id: 'x', firstName: 'Amelia', lastName: 'Okafor', dateOfBirth: '1980-01-01' }]),
    ).toEqual([]);
  });
});

describe('keys and candidate search plan', () => {
  it('stores normalised and phonetic keys, with a nickname under its formal name', () => {
    expect(storedKeys({ firstName: 'Bill', lastName: "O'Brien-Smith", postcode: 'cm1 1qh' })).toEqual({
      first_key: 'bill',
      last_key: 'obriensmith',
      first_phon: storedKeys({ firstName: 'William', lastName: 'x' }).first_phon,
      last_phon: 'APRNSM0',
      postcode_key: 'CM11QH',
      postcode_outward: 'CM1',
    });
    expect(nameKey('  Anne-Marie  ')).toBe('annemarie');
    expect(nameKey('Łukasz Wójcik')).toBe('lukaszwojcik');
  });

  it('formats postcodes and refuses what is not one', () => {
    expect(formatPostcode('cm11qh')).toBe('CM1 1QH');
    expect(formatPostcode('SW1A 2AA')).toBe('SW1A 2AA');
    expect(formatPostcode('CM1')).toBeNull();
    expect(formatPostcode('not a postcode')).toBeNull();
  });

  it('finds dates one slip away, without the date itself or its day/month swap', () => {
    const near = nearbyDates('2016-04-09');
    expect(near).toEqual(
      expect.arrayContaining(['2016-04-08', '2015-04-09', '2017-04-09', '2016-05-09', '2016-04-19', '2006-04-09']),
    );
    expect(near).not.toContain('2016-04-09');
    expect(near).not.toContain('2016-09-04');
    expect(near).not.toContain('2016-02-30');
    expect(nearbyDates('not a date')).toEqual([]);
  });

  it('plans blocks for both name boxes, each surname part and the formal first name', () => {
    const plan = blockingPlan({
      firstName: 'Bill',
      lastName: 'Smith-Khan',
      dateOfBirth: '2016-04-09',
      postcode: 'CM1 1QH',
    });
    expect(plan.dates).toEqual(['2016-04-09', '2016-09-04']);
    expect(plan.phonetics).toEqual(expect.arrayContaining(['PL', 'ALM', 'SM0', 'KN']));
    expect(plan.postcode).toBe('CM11QH');
    expect(plan.bornBetween).toBeNull();
    const unborn = blockingPlan({ firstName: 'Baby', lastName: 'Smith', expectedDate: '2025-06-01' });
    expect(unborn).toMatchObject({
      dates: [],
      nearDates: [],
      bornBetween: { from: '2025-04-02', to: '2025-07-31' },
      expected: { from: '2025-04-02', to: '2025-07-31' },
    });
  });
});

describe('nicknames', () => {
  const file = '# comment\nwilliam,bill,will,liam\nalexander,alex\nalexandra,alex,lexi\n';
  const nicknames = parseNicknames(file, nameKey);
  it('knows which names share a group, and a formal name for blocking', () => {
    expect(nicknames.groups('bill')).toEqual([0]);
    expect(nicknames.groups('alex')).toEqual([1, 2]);
    expect(nicknames.groups('nobody')).toEqual([]);
    expect(nicknames.canonical('liam')).toBe('william');
    expect(nicknames.canonical('zara')).toBe('zara');
    expect(nicknames.members(2)).toEqual(['alexandra', 'alex', 'lexi']);
  });

  it.each([
    ['Bill', 'William'],
    ['Bob', 'Robert'],
    ['Kate', 'Katherine'],
    ['Kate', 'Catherine'],
    ['Jack', 'John'],
    ['Alfie', 'Alfred'],
    ['Ellie', 'Eleanor'],
    ['Harry', 'Henry'],
    ['Mo', 'Mohammed'],
    ['Kasia', 'Katarzyna'],
  ])('the shipped file knows %s is %s', (short, formal) => {
    expect(scorePair({ ...child, firstName: short }, { ...child, firstName: formal }).reasons).toContain(
      'first name is a short form or other spelling',
    );
  });
});

describe('similarity', () => {
  it('measures typing slips', () => {
    expect(editDistance('william', 'wiliam')).toBe(1);
    expect(editDistance('smith', 'smtih')).toBe(1);
    expect(editDistance('smith', 'smyth')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('same', 'same')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});
