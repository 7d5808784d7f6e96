import { describe, expect, it } from 'vitest';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, taxonomyId } from '../taxonomy.ts';
import { org, extraTaxonomy, term, get, names, useOrukQueriesFixture } from './queries.test-support.ts';

useOrukQueriesFixture();
describe('GET /api/oruk/services filters', () => {
  it('finds by search, in names and category names', async () => {
    expect(await names('search=counselling')).toEqual(['Teen Talk Counselling']);
    expect((await names('search=teens')).sort()).toEqual(['Parenting Teens Course', 'Teen Talk Counselling']);
    expect((await names('search=Youth%20services')).sort()).toEqual([
      'Parenting Teens Course',
      'Teen Talk Counselling',
    ]);
    expect(await names('search=zebra')).toEqual([]);
    expect(await names('search=%25')).toEqual([]);
  });

  it('filters by taxonomy term (a category or a Windscreen level) and by taxonomy', async () => {
    expect((await names(`taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'youth')}`)).sort()).toEqual([
      'Parenting Teens Course',
      'Teen Talk Counselling',
    ]);
    expect(await names(`taxonomy_term_id=${term(WINDSCREEN_TAXONOMY, 'level-3')}`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`taxonomy_id=${taxonomyId('essex', WINDSCREEN_TAXONOMY)}`)).toHaveLength(4);
    expect(await names(`taxonomy_id=${extraTaxonomy}`)).toEqual([]);
  });

  it('filters by organization', async () => {
    expect(await names('')).toHaveLength(4);
    expect((await get(`/api/oruk/services?organization_id=${org.paging}`)).body.total_items).toBe(7);
    expect((await get(`/api/oruk/services?organization_id=${org.police}`)).body.total_items).toBe(0);
  });

  it('filters by modified_after, on or after the moment given, with or without an offset', async () => {
    expect(await names('modified_after=2024-01-01T00:00:00Z')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T01:00:00%2B01:00')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T01:00:00+01:00')).toHaveLength(4);
    expect(await names('modified_after=2024-01-01T00:00:00.001Z')).not.toContain('Online Parent Forum');
    expect(await names('modified_after=2999-01-01')).toEqual([]);
  });

  it('filters by ages and by opening day and times (one opening must meet them all)', async () => {
    expect(await names('minimum_age=11')).toEqual(['Parenting Teens Course', 'Teen Talk Counselling']);
    expect(await names('maximum_age=1')).toEqual(['Baby Massage Group']);
    expect(await names('day=TU')).toEqual(['Teen Talk Counselling']);
    expect(await names('day=saturday')).toEqual(['Parenting Teens Course']);
    expect(await names('start_time=10:00')).toEqual(['Baby Massage Group', 'Teen Talk Counselling']);
    expect(await names('end_time=12:00:00')).toEqual(['Baby Massage Group', 'Parenting Teens Course']);
    expect(await names('day=MO&start_time=10:00&end_time=11:30')).toEqual(['Baby Massage Group']);
    expect(await names('day=MO&start_time=16:00')).toEqual([]);
  });

  it('combines filters with AND', async () => {
    const youth = `taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'youth')}`;
    expect(await names(`${youth}&search=counselling`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`${youth}&minimum_age=12`)).toEqual(['Teen Talk Counselling']);
    expect(await names(`${youth}&day=SA&search=parenting`)).toEqual(['Parenting Teens Course']);
    expect(await names(`taxonomy_term_id=${term(CATEGORY_TAXONOMY, 'early-years')}&search=counselling`)).toEqual([]);
    expect((await get(`/api/oruk/services?organization_id=${org.paging}&search=counselling`)).body.total_items).toBe(0);
  });
});
