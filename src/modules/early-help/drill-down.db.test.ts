/** The drill-down from early help's and Family Solutions' percentages to their numerator's episodes (issue 14). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Period } from '../../platform/indicators/computed.ts';
import { can } from '../../platform/permissions/policy.ts';
import { episodeRecordLister } from './drill-down.ts';
import { userByEmail } from './test-support.ts';
import {
  t,
  worker,
  manager,
  actorFor,
  episodeVersion,
  allocated,
  useFamilySolutionsFixture,
} from './family-solutions/family-solutions.test-support.ts';

useFamilySolutionsFixture();

const JUNE: Period = { from: '2026-06-01', to: '2026-07-01' };
const indicator = (key: string) => t.services.computedIndicators.find((i) => i.key === key)!;
const ids: Record<string, string> = {};

/** Closes an allocated family's episode for `reason`, then puts its opening and closing where the test needs them. */
async function closed(surname: string, reason: 'needs-met' | 'consent-withdrawn', openedAt: string, closedAt: string) {
  const { episodeId } = await allocated(surname);
  await t.services.earlyHelp.addNeed(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
    area: 'health',
    description: 'Mum’s anxiety stops her going out.',
  });
  const needs = await t.services.earlyHelp.needsOf([episodeId]);
  await t.services.earlyHelp.close(actorFor(worker), worker, episodeId, await episodeVersion(episodeId), {
    reason,
    outcomes: Object.fromEntries(needs.map((n) => [n.id, reason === 'needs-met' ? 'achieved' : 'partly'])),
  });
  await t.database.db
    .updateTable('episodes')
    .set({ opened_at: new Date(openedAt), closed_at: new Date(closedAt) })
    .where('id', '=', episodeId)
    .execute();
  return episodeId;
}

beforeAll(async () => {
  ids.achieved = await closed('Achieved', 'needs-met', '2025-09-01T10:00:00Z', '2026-06-15T12:00:00Z');
  ids.late = await closed('Late', 'needs-met', '2025-03-01T10:00:00Z', '2026-06-20T12:00:00Z');
  ids.withdrawn = await closed('Withdrawn', 'consent-withdrawn', '2026-01-01T10:00:00Z', '2026-06-10T12:00:00Z');
});

describe('the records behind early help’s percentages', () => {
  it('lists the numerator’s episodes: as many as the percentage counts as met, in each group', async () => {
    const { db } = t.database;
    for (const key of ['early-help.closed-goals-achieved', 'family-solutions.within-12-months']) {
      const counted = await indicator(key).compute(db, JUNE, 'district');
      expect((await indicator(key).records!(db, JUNE)).length).toBe(counted.total.numerator);
      for (const g of counted.groups ?? [])
        expect((await indicator(key).records!(db, JUNE, { breakdown: 'district', key: g.key })).length).toBe(
          g.figure.numerator,
        );
      expect(indicator(key).recordsAre).toContain('numerator');
    }
    const achieved = await indicator('early-help.closed-goals-achieved').records!(db, JUNE);
    expect(achieved.map((r) => r.id).sort()).toEqual([ids.achieved, ids.late].sort());
    const inTime = await indicator('family-solutions.within-12-months').records!(db, JUNE);
    expect(inTime.map((r) => r.id).sort()).toEqual([ids.achieved, ids.withdrawn].sort());
    expect(inTime[0]).toMatchObject({ type: 'early-help-episode', date: '2026-06-15' });
  });

  it('lets the family’s worker and team manager see the episodes, and nobody else', async () => {
    const records = await indicator('early-help.closed-goals-achieved').records!(t.database.db, JUNE);
    const lister = episodeRecordLister({ db: t.database.db, earlyHelp: t.services.earlyHelp });
    const teacher = await userByEmail(t.services, 'teacher@essex.example');
    for (const [viewer, sees] of [
      [worker, true],
      [manager, true],
      [teacher, false],
    ] as const) {
      const involvements = await lister.involvements(
        viewer,
        records.map((r) => r.subjectId),
      );
      for (const r of records)
        expect(
          can(viewer, 'record:view', {
            type: 'record',
            id: r.subjectId,
            involvements: involvements.get(r.subjectId) ?? [],
          }).allowed,
        ).toBe(sees);
    }
    const lines = await lister.describe(worker, [ids.achieved!]);
    expect(lines.get(ids.achieved!)).toMatchObject({ about: 'Family Solutions, level 3' });
    expect(lines.get(ids.achieved!)!.href).toMatch(/^\/families\//);
  });
});
