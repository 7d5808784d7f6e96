/**
 * A common name counts less (commonness.ts): the same names and slipped date are a match among a few
 * people called so and a coincidence among many.
 */
import { describe, expect, it } from 'vitest';
import { chanceNamesakes, commonNamePenalty, COMMON_NAME, type Commonness } from './commonness.ts';
import { rankCandidates } from './candidates.ts';
import { scorePair } from './score.ts';
import { MATCH_THRESHOLD, type MatchRecord, type PersonDetails } from './types.ts';

/** 1,500,000 people, about 230 born on any one day. */
const table = (namesakes: number): Commonness => ({ namesakes, bornThatDay: 230, people: 1_500_000 });

const query: PersonDetails = {
  firstName: 'Oliver',
  lastName: 'Smith',
  dateOfBirth: '2019-03-14',
  gender: 'male',
  address: '12 Church Road',
  postcode: 'CM1 1AA',
};
/** Another Oliver Smith living elsewhere, born one digit away. */
const elsewhere: PersonDetails = {
  firstName: 'Oliver',
  lastName: 'Smith',
  dateOfBirth: '2019-03-17',
  gender: 'male',
  address: '4 Mill Lane',
  postcode: 'SS1 2BB',
};

describe('chance namesakes and the bits a common name loses', () => {
  it('is tiny for a rare name or the same date of birth, and grows with the name and a looser date', () => {
    expect(chanceNamesakes(table(1), 'typo', '2019-03-17')).toBe(0);
    expect(commonNamePenalty(chanceNamesakes(table(2), 'typo', '2019-03-17'))).toBeLessThan(0.5);
    expect(chanceNamesakes(table(20), 'same', '2019-03-17')).toBeLessThan(COMMON_NAME.tolerated);
    const same = chanceNamesakes(table(300), 'same', '2019-03-17');
    const typo = chanceNamesakes(table(300), 'typo', '2019-03-17');
    // 41 real dates are one keying slip from 17 March 2019: 41 times the people.
    expect(typo / same).toBeCloseTo(41);
    expect(typo).toBeGreaterThan(1);
    expect(chanceNamesakes(table(300), 'unknown', null)).toBe(300);
    expect(chanceNamesakes(table(0), 'unknown', null)).toBe(0);
    expect(chanceNamesakes({ namesakes: 5, bornThatDay: 0, people: 0 }, 'typo', '2019-03-17')).toBe(0);
  });

  it('takes off nothing up to the tolerated number, one bit for each doubling after, and at most the cap', () => {
    expect(commonNamePenalty(COMMON_NAME.tolerated)).toBe(0);
    expect(commonNamePenalty(COMMON_NAME.tolerated * 4)).toBeCloseTo(2);
    expect(commonNamePenalty(1e9)).toBe(COMMON_NAME.most);
  });
});

describe('scorePair with how common the name is', () => {
  it('still matches a rare name with a slipped date living elsewhere', () => {
    const rare = scorePair(
      { ...query, firstName: 'Peregrine', lastName: 'Quenby' },
      { ...elsewhere, firstName: 'Peregrine', lastName: 'Quenby' },
      table(1),
    );
    expect(rare.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(rare.reasons.join('; ')).not.toMatch(/common name/);
  });

  it('does not match a very common name with a slipped date elsewhere, and says why', () => {
    const without = scorePair(query, elsewhere);
    const common = scorePair(query, elsewhere, table(300));
    expect(without.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(common.score).toBeLessThan(MATCH_THRESHOLD);
    expect(common.reasons).toContain('a common name (300 people here have one like it): counts less');
  });

  it('still matches a very common name with the same date of birth (a little less sure)', () => {
    const same = scorePair(query, { ...elsewhere, dateOfBirth: query.dateOfBirth }, table(300));
    expect(same.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(scorePair(query, { ...elsewhere, dateOfBirth: query.dateOfBirth }).weight - same.weight).toBeLessThan(3);
  });

  it('takes nothing off when the postcode, the address or a whole middle name agree as well', () => {
    const before = (record: PersonDetails, q: PersonDetails = query) => scorePair(q, record).weight;
    const after = (record: PersonDetails, q: PersonDetails = query) => scorePair(q, record, table(300)).weight;
    const samePostcode = { ...elsewhere, postcode: query.postcode };
    expect(after(samePostcode)).toBe(before(samePostcode));
    const sameAddress = { ...elsewhere, address: query.address, postcode: null };
    expect(after(sameAddress)).toBe(before(sameAddress));
    const middle = { ...query, middleNames: 'Bartholomew' };
    const sameMiddle = { ...elsewhere, middleNames: 'Bartholomew' };
    expect(after(sameMiddle, middle)).toBe(before(sameMiddle, middle));
  });

  it('takes less off when both live in the same postcode district: few namesakes live there too', () => {
    const district = { ...elsewhere, dateOfBirth: null, postcode: 'CM1 9ZZ' };
    const counts = { ...table(300), inDistrict: 3_000 };
    const farther = scorePair(query, { ...district, postcode: 'SS1 2BB' }, counts);
    const near = scorePair(query, district, counts);
    expect(near.weight).toBeGreaterThan(farther.weight + 4);
    expect(chanceNamesakes(counts, 'unknown', null, true)).toBeCloseTo(0.6);
  });

  it('does not change a pair whose names differ', () => {
    const other = { ...elsewhere, firstName: 'Grace' };
    expect(scorePair(query, other, table(300)).weight).toBe(scorePair(query, other).weight);
  });
});

describe('rankCandidates with counts', () => {
  it('ranks by the adjusted score: the rare-named candidate is likely, the common one not', () => {
    const rows: MatchRecord[] = [{ id: 'a', ...elsewhere }];
    expect(rankCandidates(query, rows)[0]?.likely).toBe(true);
    const ranked = rankCandidates(query, rows, new Map([['a', table(300)]]));
    expect(ranked.every((c) => !c.likely)).toBe(true);
  });
});
