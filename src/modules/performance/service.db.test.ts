import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { ComputedIndicator, Period } from '../../platform/indicators/computed.ts';
import { ReferenceService } from '../reference/index.ts';
import { PerformanceService } from './service.ts';

/**
 * Computed indicators in the framework (issue 14): counted from the live records for finished periods, kept with the
 * version that counted them, counted again when the version moves on, broken down by quadrant and district, and a
 * recount from scratch that says whether it equals what is shown. The fake counts the districts' rows, a table every
 * test database holds, so the count can be changed under it.
 */
let t: TestDatabase;
let counted = 0;
let answer: number | null = 12;
/** Records added since the figure was kept. */
let added = 0;
/** The West quadrant's figure (a record moved between quadrants changes it, not the total). */
let west = 3;

function fake(version: number): ComputedIndicator {
  return {
    key: 'hub.requests-received',
    version,
    name: 'Requests for support received',
    unit: 'count',
    polarity: 'neither',
    howCounted: 'Every district, counted.',
    breakdowns: ['quadrant', 'district'],
    query: (db: Kysely<DB>) =>
      db
        .selectFrom('districts')
        .select((eb) => eb.fn.countAll().as('n'))
        .compile().sql,
    async compute(db: Kysely<DB>, _period: Period, breakdown?: string) {
      counted++;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from districts`.execute(db);
      const total = answer === null ? null : rows[0]!.n + added;
      if (!breakdown) return { total: { value: total } };
      return {
        total: { value: total },
        groups: [
          { key: breakdown === 'quadrant' ? 'west' : 'harlow', label: 'West or Harlow', figure: { value: west } },
        ],
      };
    },
  };
}
const service = (version: number, readDb?: Kysely<DB>) =>
  new PerformanceService(
    t.database.db,
    readDb ?? t.database.db,
    new AuditLog(t.database.db),
    new ReferenceService(t.database.db, new AuditLog(t.database.db), { tenant: 'essex' }),
    [fake(version)],
    {
      tenant: 'essex',
      today: () => '2025-06-15',
    },
  );

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe('computed indicators', () => {
  it('counts each finished period once, keeps it with its version, and counts again for a new version', async () => {
    const v1 = service(1);
    const indicator = (await v1.indicator('hub.requests-received'))!;
    const { periods, values } = await v1.series(indicator);
    expect(periods.map((p) => p.label)).toEqual([
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
    ]);
    expect(values.filter((v) => v.area_kind === 'all').map((v) => v.value)).toEqual(Array(12).fill(12));
    expect(values.filter((v) => v.area_kind === 'quadrant').map((v) => [v.area_code, v.value])[0]).toEqual(['west', 3]);
    const after = counted;
    await v1.series(indicator);
    expect(counted).toBe(after);
    await service(2).series(indicator);
    expect(counted).toBe(after + 36);
  });

  it('recounts from scratch and says whether the figure shown still stands', async () => {
    const v2 = service(2);
    const may = { from: '2025-05-01', to: '2025-06-01' };
    expect(await v2.recount('hub.requests-received', may)).toEqual({
      shown: { value: 12, numerator: undefined, denominator: undefined },
      counted: { value: 12 },
      equal: true,
    });
    added = 1;
    expect(await v2.recount('hub.requests-received', may)).toMatchObject({ counted: { value: 13 }, equal: false });
    added = 0;
    expect(await v2.recount('cme.children-missing-education', may)).toBeNull();
  });

  it('shows a period with nothing to count as no data, never zero', async () => {
    answer = null;
    const v3 = service(3);
    const indicator = (await v3.indicator('hub.requests-received'))!;
    const { values } = await v3.series(indicator);
    expect(values.filter((v) => v.area_kind === 'all').every((v) => v.value === null)).toBe(true);
    const { latest } = await v3.latest();
    expect(latest.get(indicator.id)?.[0]?.value).toBeNull();
    answer = 12;
  });
});

describe('the nightly recount of late records', () => {
  const kept = async (period: string, areaKind = 'all') =>
    (
      await t.database.db
        .selectFrom('performance_values')
        .innerJoin('performance_indicators', 'performance_indicators.id', 'performance_values.indicator_id')
        .select('value')
        .where('code', '=', 'hub.requests-received')
        .where('period', '=', period)
        .where('area_kind', '=', areaKind as 'all')
        .executeTakeFirstOrThrow()
    ).value;

  it('counts the recent periods again, keeps afresh those a late record changed, audits it, and a re-run changes nothing', async () => {
    const v = service(4);
    await v.series((await v.indicator('hub.requests-received'))!);
    expect((await v.recountRecent()).changes).toEqual([]);

    added = 2;
    const { changes } = await v.recountRecent();
    // Essex looks back 3 finished months (indicators.json "recount"); older months stand as counted.
    expect(changes).toEqual(
      ['2025-03', '2025-04', '2025-05'].map((period) => ({ code: 'hub.requests-received', period, old: 12, new: 14 })),
    );
    expect(await kept('2025-05')).toBe(14);
    expect(await kept('2025-02')).toBe(12);
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'performance.recounted')
      .execute();
    expect(audited).toHaveLength(3);
    expect((await v.recountRecent()).changes).toEqual([]);
    added = 0;
    await v.recountRecent();
  });

  it('notices a record that moved between quadrants though the total is the same', async () => {
    const v = service(4);
    west = 4;
    const { changes } = await v.recountRecent();
    expect(changes.map((c) => [c.period, c.old, c.new])).toEqual([
      ['2025-03', 12, 12],
      ['2025-04', 12, 12],
      ['2025-05', 12, 12],
    ]);
    expect(await kept('2025-05', 'quadrant')).toBe(4);
    west = 3;
    await v.recountRecent();
  });
});

describe('a read replica (READ_DATABASE_URL)', () => {
  it('counts the figures through the replica, and only reads it', async () => {
    const seen: string[] = [];
    const replica = t.database.db.withPlugin({
      transformQuery: (args) => {
        seen.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const v = service(5, replica);
    await v.series((await v.indicator('hub.requests-received'))!);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['RawNode']));
    await v.recountRecent();
    expect(seen.every((kind) => kind === 'RawNode' || kind === 'SelectQueryNode')).toBe(true);
  });
});
