/** Early help's and Family Solutions' computed indicators (issue 14), over families taken on through the Hub. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/ids.ts';
import { expectRecordsAsCounted, listedFor } from '../../../tests/helpers/drill-down.ts';
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

/** June 2026 is in British Summer Time: 23:30 UTC on 31 May is 00:30 on 1 June in England. */
const JUNE = { from: '2026-06-01', to: '2026-07-01' };
const JULY = { from: '2026-07-01', to: '2026-08-01' };
const EMPTY = { from: '2025-01-01', to: '2025-02-01' };
const compute = (key: string, period = JUNE, by?: string) => {
  const found = t.services.computedIndicators.find((i) => i.key === key);
  if (!found) throw new Error(`no ${key}`);
  return found.compute(t.database.db, period, by);
};

let ready: Promise<void> | undefined;
const setUp = () => (ready ??= build());

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

const ids: Record<string, string> = {};

async function build() {
  const { db } = t.database;
  // Achieved: opened in September, closed mid-June, within 12 months; a plan with two goals reviewed twice.
  ids.achieved = await closed('Achieved', 'needs-met', '2025-09-01T10:00:00Z', '2026-06-15T12:00:00Z');
  // Withdrawn: closed in the first hour of 1 June in England, 13 months after it opened.
  ids.withdrawn = await closed('Withdrawn', 'consent-withdrawn', '2025-05-01T10:00:00Z', '2026-05-31T23:30:00Z');
  // Later: closed in the first hour of 1 July in England (30 June in UTC).
  ids.later = await closed('Later', 'needs-met', '2026-01-05T10:00:00Z', '2026-06-30T23:30:00Z');

  const planId = newId();
  await db
    .insertInto('plans')
    .values({
      id: planId,
      episode_id: ids.achieved,
      start_date: '2025-10-01',
      next_review_date: '2026-07-01',
      created_by: worker.id,
      updated_by: worker.id,
    })
    .execute();
  const goals = [newId(), newId(), newId()];
  await db
    .insertInto('plan_goals')
    .values(
      [3, 5, 6].map((start, i) => ({
        id: goals[i]!,
        plan_id: planId,
        outcome_area: 'education',
        description: `Goal ${i + 1}`,
        start_score: start,
        created_by: worker.id,
      })),
    )
    .execute();
  const reviews = [newId(), newId()];
  await db
    .insertInto('plan_reviews')
    .values([
      {
        id: reviews[0]!,
        plan_id: planId,
        review_date: '2026-03-01',
        what_changed: 'Some school mornings go well.',
        next_review_date: '2026-05-01',
        recorded_by: worker.id,
      },
      {
        id: reviews[1]!,
        plan_id: planId,
        review_date: '2026-05-01',
        what_changed: 'Most school mornings go well.',
        next_review_date: '2026-07-01',
        recorded_by: worker.id,
      },
    ])
    .execute();
  // Goal 1: 3 → 4 → 7 (+4); goal 2: 5 → 5 → 6 (+1); goal 3 never scored at a review (left out).
  await db
    .insertInto('plan_review_scores')
    .values([
      { review_id: reviews[0]!, goal_id: goals[0]!, score: 4 },
      { review_id: reviews[0]!, goal_id: goals[1]!, score: 5 },
      { review_id: reviews[1]!, goal_id: goals[0]!, score: 7 },
      { review_id: reviews[1]!, goal_id: goals[1]!, score: 6 },
    ])
    .execute();
  await db
    .insertInto('assessments')
    .values({
      id: newId(),
      episode_id: ids.achieved,
      status: 'completed',
      completed_at: new Date(),
      completed_by: worker.id,
      created_by: worker.id,
      updated_by: worker.id,
    })
    .execute();
  const check = (episodeId: string, sustained: boolean, at: string) => ({
    id: newId(),
    episode_id: episodeId,
    due_on: at.slice(0, 10),
    sustained,
    notes: null,
    recorded_at: new Date(at),
    recorded_by: worker.id,
    created_by: null,
    updated_by: null,
  });
  await db
    .insertInto('fs_sustainment_checks')
    .values([check(ids.achieved, true, '2026-06-20T10:00:00Z'), check(ids.withdrawn, false, '2026-06-21T10:00:00Z')])
    .execute();

  const tafso = await userByEmail(t.services, 'tafso@essex.example');
  const support = (
    day: string,
    kind: 'advice' | 'meeting-convened' | 'meeting-attended',
    episodeId: string | null,
  ) => ({
    id: newId(),
    officer_id: tafso.id,
    support_date: day,
    kind,
    practitioner_name: 'Jo Teacher',
    organisation_name: 'Harlow Primary',
    episode_id: episodeId,
    created_by: tafso.id,
  });
  await db
    .insertInto('taf_support_log')
    .values([
      support('2026-06-10', 'meeting-convened', ids.achieved),
      support('2026-06-30', 'meeting-attended', null),
      support('2026-06-11', 'advice', null),
      support('2026-07-01', 'meeting-attended', null),
    ])
    .execute();
}

describe('early help’s computed indicators', () => {
  it('gives the share of episodes closed with goals achieved, in England’s days', async () => {
    await setUp();
    expect(await compute('early-help.closed-goals-achieved', JUNE, 'district')).toEqual({
      total: { value: 50, numerator: 1, denominator: 2 },
      groups: [{ key: 'harlow', label: 'Harlow', figure: { value: 50, numerator: 1, denominator: 2 } }],
    });
    expect((await compute('early-help.closed-goals-achieved', JUNE, 'pathway')).groups![0]).toMatchObject({
      key: 'family-solutions',
      label: 'Family Solutions',
    });
    expect((await compute('early-help.closed-goals-achieved', JULY)).total).toEqual({
      value: 100,
      numerator: 1,
      denominator: 1,
    });
  });

  it('gives the mean distance travelled from the start score to the last review', async () => {
    await setUp();
    expect((await compute('early-help.plan-distance-travelled')).total).toEqual({
      value: 2.5,
      numerator: 5,
      denominator: 2,
    });
    expect((await compute('early-help.plan-distance-travelled', JULY)).total).toEqual({
      value: null,
      numerator: 0,
      denominator: 0,
    });
  });

  it('counts the TAF meetings a TAF Support Officer supported, as the support log counts them', async () => {
    await setUp();
    const { total, groups } = await compute('early-help.taf-meetings-supported', JUNE, 'kind');
    expect(total).toEqual({ value: 2 });
    expect(groups).toEqual([
      { key: 'meeting-attended', label: 'TAF meeting attended', figure: { value: 1 } },
      { key: 'meeting-convened', label: 'TAF meeting convened', figure: { value: 1 } },
    ]);
    expect((await compute('early-help.taf-meetings-supported', JUNE, 'district')).groups).toEqual([
      { key: 'harlow', label: 'Harlow', figure: { value: 1 } },
      { key: 'unknown', label: 'Not known', figure: { value: 1 } },
    ]);
    const log = await t.services.taf.supportFigures('2026-06-01', '2026-06-30');
    expect(log.totals['meeting-convened'] + log.totals['meeting-attended']).toBe(2);
  });

  it('gives Family Solutions within 12 months, sustained at 6 months and the claims', async () => {
    await setUp();
    expect((await compute('family-solutions.within-12-months')).total).toEqual({
      value: 50,
      numerator: 1,
      denominator: 2,
    });
    expect((await compute('family-solutions.sustained-6-months', JUNE, 'quadrant')).groups).toEqual([
      { key: 'west', label: 'West', figure: { value: 50, numerator: 1, denominator: 2 } },
    ]);
    expect((await compute('family-solutions.claims')).total).toEqual({ value: 1 });
    // The family's own page says the same family meets the claim rules.
    expect((await t.services.familySolutions.episodePage(worker, ids.achieved!)).claim!.result).toBe('meets');
    expect((await t.services.familySolutions.episodePage(worker, ids.withdrawn!)).claim!.result).toBe('does-not-meet');
  });

  it('gives zero counts and no data for ratios in an empty period, and refuses a breakdown not offered', async () => {
    await setUp();
    for (const i of t.services.computedIndicators.filter((x) => /^(early-help|family-solutions)\./.test(x.key))) {
      expect((await i.compute(t.database.db, EMPTY)).total.value, i.key).toBe(
        i.unit === 'count' && i.key !== 'early-help.plan-distance-travelled' ? 0 : null,
      );
      await expect(i.compute(t.database.db, EMPTY, 'postcode')).rejects.toThrow(RangeError);
      expect(i.query(t.database.db, JUNE)).toMatch(/^select count\(\*\)/);
    }
  });
});

describe('the records behind each figure (the drill-down, issue 14)', () => {
  const BY: Record<string, string[]> = {
    'early-help.closed-goals-achieved': ['district', 'pathway', 'level'],
    'early-help.plan-distance-travelled': ['quadrant', 'pathway'],
    'early-help.taf-meetings-supported': ['district', 'kind'],
    'family-solutions.within-12-months': ['district'],
    'family-solutions.sustained-6-months': ['quadrant'],
    'family-solutions.claims': ['district', 'age-band'],
  };
  /** A TAF meeting held in Hearth on 12 June for the achieved family, scheduled by the TAF Support Officer. */
  async function heldMeeting() {
    const tafso = await userByEmail(t.services, 'tafso@essex.example');
    const episode = (await t.services.earlyHelp.episodeRow(ids.achieved!))!;
    const id = newId();
    await t.database.db
      .insertInto('taf_meetings')
      .values({
        id,
        episode_id: episode.id,
        family_id: episode.family_id,
        starts_at: new Date('2026-06-12T09:00:00Z'),
        online: false,
        place: 'Harlow Primary',
        status: 'held',
        cancelled_reason: null,
        notes: 'The family said what is working.',
        next_review_date: '2026-09-12',
        lead_changed_to: null,
        recorded_at: new Date('2026-06-12T11:00:00Z'),
        recorded_by: tafso.id,
        created_by: tafso.id,
        updated_by: tafso.id,
      })
      .execute();
    return id;
  }

  it('lists as many records as each figure stands for, whole and in each group (a percentage its numerator, a mean every goal)', async () => {
    await setUp();
    ids.meeting ??= await heldMeeting();
    expect((await compute('early-help.taf-meetings-supported')).total).toEqual({ value: 3 });
    for (const [key, by] of Object.entries(BY))
      expect(await expectRecordsAsCounted(t.services, t.database.db, key, JUNE, by), key).toBeGreaterThan(0);
    const indicator = t.services.computedIndicators.find((i) => i.key === 'family-solutions.claims')!;
    expect(await indicator.records!(t.database.db, JUNE)).toEqual([
      { type: 'early-help-episode', id: ids.achieved, subjectId: expect.any(String), date: '2026-06-20' },
    ]);
  });

  it('shows each record to those who may see its family, and the support log’s entries to the officer who logged them', async () => {
    await setUp();
    ids.meeting ??= await heldMeeting();
    const [teacher, tafso] = await Promise.all([
      userByEmail(t.services, 'teacher@essex.example'),
      userByEmail(t.services, 'tafso@essex.example'),
    ]);
    for (const key of Object.keys(BY)) {
      const seen = await listedFor(t.services, worker, key, JUNE);
      // The worker sees every record of the families they work with; the support logged about no family is not theirs.
      expect([seen.visible, seen.hidden], key).toEqual(
        key === 'early-help.taf-meetings-supported' ? [2, 1] : [seen.total, 0],
      );
      expect(JSON.stringify(seen.rows)).not.toMatch(/Achieved|Withdrawn|Mum|Goal \d\b/);
      const none = await listedFor(t.services, teacher, key, JUNE);
      expect([none.visible, none.hidden, none.rows]).toEqual([0, seen.total, []]);
    }
    const support = await listedFor(t.services, tafso, 'early-help.taf-meetings-supported', JUNE);
    expect([support.visible, support.hidden]).toEqual([2, 1]);
    expect(support.rows.map((r) => [r.about, r.href])).toEqual([
      ['TAF meeting attended, logged by hand', '/early-help/support-log'],
      ['TAF meeting convened, logged by hand', '/early-help/support-log'],
    ]);
    const meetings = await listedFor(t.services, worker, 'early-help.taf-meetings-supported', JUNE);
    expect(meetings.rows.map((r) => [r.about, r.href])).toEqual([
      ['Held in Hearth', `/early-help/meetings/${ids.meeting}`],
      ['TAF meeting convened, logged by hand', expect.stringMatching(/^\/families\//)],
    ]);
    const goals = await listedFor(t.services, manager, 'early-help.plan-distance-travelled', JUNE);
    expect(goals.rows).toHaveLength(2);
    expect(goals.rows[0]).toMatchObject({
      reference: expect.stringMatching(/^Goal [0-9A-F]{8}$/),
      about: 'Getting a good education: Family Solutions episode',
      href: `/early-help/episodes/${ids.achieved}/plan`,
    });
  });
});
