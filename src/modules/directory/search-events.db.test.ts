import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { londonDay } from '../../platform/calendar/london.ts';
import type { Period } from '../../platform/indicators/computed.ts';
import { directoryIndicators } from './search-events.ts';

/** Searches with no results (issue 14): what the public search records, and the indicator that counts it. */

let t: TestApp;
const KEY = 'directory.searches-no-results';
const indicator = directoryIndicators.find((i) => i.key === KEY)!;
const events = () => t.database.db.selectFrom('directory_search_events').selectAll().orderBy('id').execute();

/** The page does not wait for its record: wait here until `n` are stored. */
async function stored(n: number) {
  for (let i = 0; i < 100 && (await events()).length < n; i++) await new Promise((r) => setTimeout(r, 20));
  return events();
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the public search’s record', () => {
  it('keeps the filters chosen and whether anything was found, never the words or postcode typed', async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url });
    expect((await get('/services')).statusCode).toBe(200);
    expect((await get('/services?category=youth&page=2')).statusCode).toBe(200);
    expect((await get('/services?q=Jayden+Smith+zqxv')).statusCode).toBe(200);
    expect((await get('/services?category=youth&area=harlow')).statusCode).toBe(200);
    // The bare page (no search asked for) and a second page (not a new search) are not recorded.
    const rows = await stored(2);
    expect(rows).toHaveLength(2);
    const [words, filters] = rows;
    expect(words).toMatchObject({ results: 0, with_words: true, with_postcode: false, categories: [], districts: [] });
    expect(filters).toMatchObject({ categories: ['youth'], districts: ['harlow'], quadrant: null, with_words: false });
    // The number the page found.
    const found = await t.services.directory.search({ categories: ['youth'], districts: ['harlow'] }, null);
    expect(filters!.results).toBe(found.total);
    await t.services.directory.noteSearch({ postcode: 'CM1 1QH', levels: [2] }, 5);
    const all = await events();
    expect(all[2]).toMatchObject({ results: 5, with_postcode: true, with_words: false, levels: [2] });
    expect(JSON.stringify(all)).not.toMatch(/Jayden|zqxv|cm1/i);
  });
});

describe(KEY, () => {
  it('counts the share of searches that found nothing, by category and district', async () => {
    await t.database.db.deleteFrom('directory_search_events').execute();
    const { directory } = t.services;
    await directory.noteSearch({ words: 'zqxv' }, 0);
    await directory.noteSearch({ categories: ['youth'], districts: ['harlow'] }, 3);
    await directory.noteSearch({ categories: ['youth'] }, 0);
    await directory.noteSearch({ categories: ['youth', 'parenting'], districts: ['harlow', 'basildon'] }, 0);
    const today = londonDay();
    const period: Period = { from: today, to: londonDay(new Date(Date.now() + 86_400_000)) };
    const total = await indicator.compute(t.database.db, period);
    expect(total.total).toEqual({ value: 75, numerator: 3, denominator: 4 });
    const category = await indicator.compute(t.database.db, period, 'category');
    expect(category.groups).toEqual([
      { key: 'none', label: 'No category chosen', figure: { value: 100, numerator: 1, denominator: 1 } },
      { key: 'several', label: 'More than one category', figure: { value: 100, numerator: 1, denominator: 1 } },
      { key: 'youth', label: expect.any(String), figure: { value: 50, numerator: 1, denominator: 2 } },
    ]);
    const district = await indicator.compute(t.database.db, period, 'district');
    expect(district.groups!.map((g) => [g.key, g.label, g.figure.value])).toEqual([
      ['harlow', 'Harlow', 0],
      ['none', 'No district chosen', 100],
      ['several', 'More than one district', 100],
    ]);
  });

  it('puts a search at 23:30 on 31 March (BST) in March, and gives no data for a period without searches', async () => {
    await t.database.db.deleteFrom('directory_search_events').execute();
    await t.services.directory.noteSearch({ words: 'zqxv' }, 0);
    await t.services.directory.noteSearch({ words: 'family' }, 4);
    const [first, second] = await events();
    const move = (id: string, iso: string) =>
      t.database.db
        .updateTable('directory_search_events')
        .set({ searched_at: new Date(iso) })
        .where('id', '=', id)
        .execute();
    await move(first!.id, '2026-03-31T22:30:00Z');
    await move(second!.id, '2026-03-31T23:30:00Z');
    const march = await indicator.compute(t.database.db, { from: '2026-03-01', to: '2026-04-01' });
    expect(march.total).toEqual({ value: 100, numerator: 1, denominator: 1 });
    const april = await indicator.compute(t.database.db, { from: '2026-04-01', to: '2026-05-01' });
    expect(april.total).toEqual({ value: 0, numerator: 0, denominator: 1 });
    const empty = await indicator.compute(t.database.db, { from: '2020-01-01', to: '2020-02-01' }, 'category');
    expect(empty).toEqual({ total: { value: null, numerator: 0, denominator: 0 }, groups: [] });
    expect(indicator.query(t.database.db, { from: '2026-03-01', to: '2026-04-01' })).toContain(
      'directory_search_events',
    );
    await expect(
      indicator.compute(t.database.db, { from: '2026-03-01', to: '2026-04-01' }, 'quadrant'),
    ).rejects.toThrow(RangeError);
  });
});
