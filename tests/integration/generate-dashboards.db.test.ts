import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_TABLES, FULL_SIZE, generateDashboards, type Generated } from '../../scripts/generate-dashboards.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The dashboards benchmark's generator (scripts/generate-dashboards.ts) at a tiny scale: every table gets rows in
 * proportion, the rows keep the tables' rules (the inserts would fail otherwise), and every date is within the five
 * years before `today`.
 */
const TODAY = '2026-03-02';
const SCALE = 0.0002;
let t: TestDatabase;
let generated: Generated;

beforeAll(async () => {
  t = await createTestDatabase();
  generated = await generateDashboards(t.database.db, { scale: SCALE, today: TODAY });
}, 120_000);
afterAll(() => t?.close());

describe('generateDashboards', () => {
  it('writes every table, in proportion to the scale', () => {
    const rows = generated.rows;
    for (const table of DASHBOARD_TABLES) expect(rows[table], table).toBeGreaterThan(0);
    expect(rows.requests_for_support).toBe(Math.round(FULL_SIZE.requests * SCALE));
    expect(rows.families).toBe(Math.round(FULL_SIZE.families * SCALE));
    expect(rows.episodes).toBe(Math.round(FULL_SIZE.episodes * SCALE));
    // A child on every request, a parent on about 60%; a final decision on nearly every request, a few returned.
    expect(rows.request_people).toBeGreaterThan(rows.requests_for_support * 1.4);
    expect(rows.request_people).toBeLessThan(rows.requests_for_support * 1.8);
    expect(rows.hub_decisions).toBeGreaterThan(rows.requests_for_support * 0.9);
    expect(rows.missing_episodes).toBeGreaterThan(Math.round(FULL_SIZE.missing * SCALE) * 0.9);
    expect(generated.from).toBe('2021-03-02');
  });

  it('dates every record within the five years before today', async () => {
    const { rows } = await sql<{ what: string; first: string; last: string }>`
      select 'received' as what, min(received_at)::text as first, max(received_at)::text as last from requests_for_support
      union all select 'decided', min(decided_at)::text, max(decided_at)::text from hub_decisions
      union all select 'opened', min(opened_at)::text, max(opened_at)::text from episodes
      union all select 'closed', min(closed_at)::text, max(closed_at)::text from episodes
      union all select 'reported', min(reported_at)::text, max(reported_at)::text from missing_episodes
      union all select 'reviewed', min(review_date)::text, max(review_date)::text from plan_reviews`.execute(
      t.database.db,
    );
    for (const row of rows) {
      expect(row.first.slice(0, 10) >= '2021-03-01', `${row.what} ${row.first}`).toBe(true);
      expect(row.last.slice(0, 10) <= TODAY, `${row.what} ${row.last}`).toBe(true);
    }
    const { rows: received } = await sql<{ last: string }>`
      select max(received_at at time zone 'Europe/London')::date::text as last from requests_for_support`.execute(
      t.database.db,
    );
    expect(received[0]!.last < TODAY).toBe(true);
  });

  it('counts on the indicators: open episodes at most one a family, the last days not decided yet', async () => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from (select family_id from episodes where status = 'open' group by family_id having count(*) > 1) x`.execute(
      t.database.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    const undecided = await sql<{ n: string }>`
      select count(*) as n from requests_for_support r where not exists (select 1 from hub_decisions h where h.request_id = r.id and h.state = 'final')
        and r.received_at < cast(${TODAY} as date) - interval '4 days'`.execute(t.database.db);
    expect(Number(undecided.rows[0]!.n)).toBe(0);
  });
});
