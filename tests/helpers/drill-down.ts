import { expect } from 'vitest';
import type { Services } from '../../src/app.ts';
import type { ComputedIndicator, Figure, Period } from '../../src/platform/indicators/computed.ts';
import type { CurrentUser } from '../../src/platform/http/types.ts';

/**
 * For the drill-down's tests (issue 14): the records behind a figure are the records it counts, whole and in each
 * group; and what a user is shown of them is what the policy decides, through the performance module's own list.
 */

const indicatorOf = (services: Services, key: string): ComputedIndicator => {
  const found = services.computedIndicators.find((i) => i.key === key);
  if (!found?.records) throw new Error(`${key} lists no records`);
  return found;
};

/** How many records a figure stands for: a count's value, a percentage's numerator, every row of a mean. */
const behind = (indicator: ComputedIndicator, figure: Figure) =>
  figure.denominator === undefined
    ? figure.value
    : indicator.unit === 'percentage'
      ? figure.numerator
      : figure.denominator;

/**
 * Asserts that `key` lists as many records for the period as its figure stands for, each record once, and as many in
 * each group of each breakdown in `by` as the group's figure; returns the whole list's length.
 */
export async function expectRecordsAsCounted(
  services: Services,
  db: Parameters<ComputedIndicator['compute']>[0],
  key: string,
  period: Period,
  by: readonly string[] = [],
): Promise<number> {
  const indicator = indicatorOf(services, key);
  const whole = await indicator.compute(db, period);
  const records = await indicator.records!(db, period);
  expect(records.length, `${key}: the whole period`).toBe(behind(indicator, whole.total));
  expect(new Set(records.map((r) => r.id)).size, `${key}: each record once`).toBe(records.length);
  for (const r of records) expect(r.type).toBe(indicator.recordType);
  for (const breakdown of by) {
    const { groups = [] } = await indicator.compute(db, period, breakdown);
    for (const g of groups)
      expect(
        (await indicator.records!(db, period, { breakdown, key: g.key })).length,
        `${key}: ${breakdown} ${g.key}`,
      ).toBe(behind(indicator, g.figure));
  }
  return records.length;
}

/** The drill-down's list of `key`'s records for the whole authority, as `viewer` is shown it (first page). */
export async function listedFor(services: Services, viewer: CurrentUser, key: string, period: Period) {
  const row = await services.performance.indicator(key);
  if (!row) throw new Error(`No indicator ${key} in the tenant's file`);
  return services.performanceRecords.list({
    actor: { userId: viewer.id, label: viewer.email, sessionId: null, ip: null, requestId: null },
    viewer,
    indicator: row,
    computed: indicatorOf(services, key),
    period: { ...period, label: `${period.from} to ${period.to}` },
    area: { kind: 'all', code: '', name: '' },
    page: 1,
  });
}

/** A demo user as the app loads the signed-in user. */
export async function demoUser(services: Services, email: string): Promise<CurrentUser> {
  const found = (await services.users.search(email, 1)).rows[0];
  const user = found && (await services.auth.loadCurrentUser(found.id));
  if (!user) throw new Error(`No active demo user ${email}`);
  return user;
}

/**
 * Asserts that `key`'s records are restricted for `viewer`, however involved: no drill-down offered, and a list (were
 * one asked for) showing none, only counting them.
 */
export async function expectCountedOnly(services: Services, viewer: CurrentUser, key: string, period: Period) {
  expect(services.performanceRecords.canFollow(viewer, indicatorOf(services, key)), key).toBe(false);
  const list = await listedFor(services, viewer, key, period);
  expect([list.visible, list.hidden, list.rows], key).toEqual([0, list.total, []]);
}
