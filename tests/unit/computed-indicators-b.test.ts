import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EARLY_HELP_INDICATORS, familySolutionsIndicators } from '../../src/modules/early-help/index.ts';
import { EXPLOITATION_INDICATORS } from '../../src/modules/exploitation/index.ts';
import { maceIndicators } from '../../src/modules/mace/index.ts';
import { missingChatIndicators, missingIndicators } from '../../src/modules/missing/index.ts';
import type { DB } from '../../src/platform/db/schema/index.ts';
import { UNITS } from '../../src/platform/indicators/computed.ts';

/** The computed indicators of early help, Family Solutions, missing children, exploitation and MACE (issue 14). */

const never = () => Promise.reject(new Error('not in a unit test'));
const indicators = [
  ...EARLY_HELP_INDICATORS,
  ...familySolutionsIndicators(never),
  ...missingIndicators(never),
  ...missingChatIndicators({ offerWithin: never, calendar: never }),
  ...EXPLOITATION_INDICATORS,
  ...maceIndicators(never),
];
/** The indicators about a child, broken down by the child's age band, gender, ethnicity and SEND. */
const PERSON_BROKEN_DOWN =
  /^(missing\.|family-solutions\.|early-help\.(closed-goals-achieved|plan-distance-travelled))/;
/** Compiles SQL without a database. */
const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('computed indicators: early help, Family Solutions, missing, exploitation and MACE', () => {
  it('are exactly the keys the performance framework’s seed names, each once', () => {
    const keys = indicators.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      [
        'early-help.closed-goals-achieved',
        'early-help.plan-distance-travelled',
        'early-help.taf-meetings-supported',
        'early-help.taf-workshops-events',
        'family-solutions.within-12-months',
        'family-solutions.sustained-6-months',
        'family-solutions.claims',
        'missing.episodes',
        'missing.children',
        'missing.repeat-children',
        'missing.chats-offered-in-time',
        'missing.chats-accepted',
        'missing.chats-held',
        'missing.parental-chats',
        'missing.under-10-scrutinised',
        'exploitation.concerns',
        'mace.mace1-open',
        'mace.mace1-new',
        'mace.mace1-exited',
        'mace.mace2-actions-open',
        'mace.mace2-actions-done',
      ].sort(),
    );
  });

  it.each(indicators.map((i) => [i.key, i] as const))('%s is well formed', (_key, indicator) => {
    expect(indicator.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/);
    // Version 2: the breakdowns by age band, gender, ethnicity and SEND (issue 14) changed the counting query.
    expect(indicator.version).toBe(PERSON_BROKEN_DOWN.test(indicator.key) ? 2 : 1);
    if (PERSON_BROKEN_DOWN.test(indicator.key))
      expect(indicator.breakdowns).toEqual(expect.arrayContaining(['age-band', 'gender', 'ethnicity', 'send']));
    expect(indicator.name.length).toBeGreaterThan(5);
    expect(UNITS).toContain(indicator.unit);
    expect(['higher-is-better', 'lower-is-better', 'neither']).toContain(indicator.polarity);
    expect(indicator.howCounted.length).toBeGreaterThan(100);
    expect(indicator.howCounted).not.toMatch(/\$\{|undefined|null/);
    for (const b of indicator.breakdowns) expect(b).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    const query = indicator.query(db, { from: '2026-04-01', to: '2027-04-01' });
    expect(query).toMatch(/^select /);
    expect(query).toMatch(/count\(\*\)/);
  });

  it('refuses a period that is not two real days in order', () => {
    const [first] = indicators;
    expect(() => first!.query(db, { from: '2026-04-01', to: '2026-04-01' })).toThrow(RangeError);
    expect(() => first!.query(db, { from: '2026-02-30', to: '2026-04-01' })).toThrow(RangeError);
    expect(() => first!.query(db, { from: '1 April', to: '2026-04-01' })).toThrow(RangeError);
  });
});
