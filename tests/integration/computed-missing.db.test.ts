import { describe, expect, it } from 'vitest';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import type { ComputedIndicator } from '../../src/platform/indicators/computed.ts';
import { demoUser, expectRecordsAsCounted, listedFor } from '../helpers/drill-down.ts';
import { ctx, nextRef, send, useMissingApp } from '../helpers/missing-scrutiny.ts';

/**
 * Missing children's computed indicators (issue 13's figures in issue 14's framework), over episodes made as the
 * police make them (the notifications API), chats recorded and a scrutiny recorded through the modules' services.
 * June 2026 is in British Summer Time: an episode at 00:30 on 1 June is in June, one at 00:30 on 1 July is not.
 */

useMissingApp();

const JUNE = { from: '2026-06-01', to: '2026-07-01' };
const EMPTY = { from: '2025-01-01', to: '2025-02-01' };
const indicator = (key: string): ComputedIndicator => {
  const found = ctx.t.services.computedIndicators.find((i) => i.key === key);
  if (!found) throw new Error(`no ${key}`);
  return found;
};
const compute = (key: string, period = JUNE, by?: string) => indicator(key).compute(ctx.t.database.db, period, by);

interface Child {
  first: string;
  dob?: string;
  district: string;
  from?: 'home' | 'care-placement';
}

/** The police report a child missing at `at` (London time), and their return at `back`. Returns the episode id. */
async function missing(child: Child, at: string, back?: string): Promise<string> {
  const reference = nextRef();
  const base = {
    incident_date: at.slice(0, 10),
    concern_category: 'missing',
    summary: 'Did not come home.',
    district: child.district,
    officer: { name: 'PC Amy Clarke' },
    children: [
      {
        first_name: child.first,
        last_name: 'Counted',
        ...(child.dob ? { date_of_birth: child.dob } : {}),
        gender: 'F',
      },
    ],
  };
  const episode = {
    episode_reference: reference,
    missing_from: child.from ?? 'home',
    reported_at: at,
    reported_by: 'Carer, by phone',
    risk_grading: 'medium',
  };
  expect(
    (await send({ ...base, police_reference: nextRef(), missing: { ...episode, event: 'report' } })).json(),
  ).toMatchObject({ created: 1 });
  if (back)
    await send({
      ...base,
      police_reference: nextRef(),
      missing: { ...episode, event: 'return', returned_at: back, returned_where: 'Home' },
    });
  const row = await ctx.t.database.db
    .selectFrom('missing_episodes')
    .select('id')
    .where('episode_reference', '=', reference)
    .executeTakeFirstOrThrow();
  return row.id;
}

const amy: Child = { first: 'Amy', dob: '2014-01-01', district: 'chelmsford' };
let episodeIds: Record<string, string> = {};
let ready: Promise<void> | undefined;
const setUp = () => (ready ??= build());

async function build() {
  const ben: Child = { first: 'Ben', dob: '2018-05-05', district: 'harlow', from: 'care-placement' };
  episodeIds = {
    // Amy (12): four episodes in June, the third and fourth make her repeat missing (3 in 90 days).
    a1: await missing(amy, '2026-06-01T00:30', '2026-06-01T08:00'),
    a2: await missing(amy, '2026-06-20T10:00', '2026-06-20T18:00'),
    a3: await missing(amy, '2026-06-25T10:00'),
    ben: await missing(ben, '2026-06-10T10:00', '2026-06-10T12:00'),
    cara: await missing({ first: 'Cara', district: 'chelmsford' }, '2026-06-15T10:00'),
    eve: await missing({ first: 'Eve', dob: '2017-03-03', district: 'harlow' }, '2026-06-12T10:00'),
    // July in England, though still 30 June in UTC.
    dan: await missing({ first: 'Dan', dob: '2019-01-01', district: 'harlow' }, '2026-07-01T00:30'),
  };
  const services = ctx.t.services;
  const coordinator = await userByEmail(services, 'missing.coordinator@essex.example');
  const actor = { userId: coordinator.id, label: coordinator.email };
  await services.missingScrutiny.record(actor, coordinator, episodeIds.ben!, {
    findings: 'Left the placement after a row; home within two hours.',
    actions: [{ what: 'Talk to the placement about the evening routine', who: 'Social worker', byWhen: '2026-06-30' }],
    referralNeeded: false,
  });
  const chats = await ctx.t.database.db
    .selectFrom('missing_chats')
    .select(['id', 'episode_id', 'kind', 'version'])
    .where('episode_id', 'in', [episodeIds.a1!, episodeIds.a2!])
    .execute();
  const chat = (episode: string, kind: 'child' | 'parent') =>
    chats.find((c) => c.episode_id === episodeIds[episode] && c.kind === kind)!;
  const answer = {
    offeredHow: 'phone' as const,
    offeredTo: null,
    offerAgainOn: null,
    heldOn: null,
    heldHow: null,
    said: '',
    pushFactors: [],
    pullFactors: [],
    factorsOther: null,
    risks: '',
    actions: '',
    sharedWith: [],
    sharedWithOther: '',
  };
  // Amy's first chat: offered the next morning (within 72 hours), held; her second: offered five days on, declined.
  const saved = [
    await services.missingChats.save(actor, chat('a1', 'child').id, {
      ...answer,
      version: chat('a1', 'child').version,
      offeredOn: '2026-06-02',
      offeredTime: '10:00',
      choice: 'accepted',
      heldOn: '2026-06-03',
      heldHow: 'face-to-face',
    }),
    await services.missingChats.save(actor, chat('a2', 'child').id, {
      ...answer,
      version: chat('a2', 'child').version,
      offeredOn: '2026-06-25',
      offeredTime: '10:00',
      choice: 'declined',
    }),
    await services.missingChats.save(actor, chat('a1', 'parent').id, {
      ...answer,
      version: chat('a1', 'parent').version,
      offeredOn: '2026-06-02',
      offeredTime: '11:00',
      offeredTo: 'Amy’s mother',
      choice: null,
    }),
  ];
  expect(saved.map((s) => s.problem)).toEqual([null, null, null]);
}

describe('missing children’s computed indicators', () => {
  it('counts June’s episodes by district, quadrant, age band and in care, in England’s days', async () => {
    await setUp();
    expect((await compute('missing.episodes')).total).toEqual({ value: 6 });
    const byDistrict = (await compute('missing.episodes', JUNE, 'district')).groups!;
    expect(byDistrict).toEqual([
      { key: 'chelmsford', label: 'Chelmsford', figure: { value: 4 } },
      { key: 'harlow', label: 'Harlow', figure: { value: 2 } },
    ]);
    expect((await compute('missing.episodes', JUNE, 'quadrant')).groups!.map((g) => [g.key, g.figure.value])).toEqual([
      ['mid', 4],
      ['west', 2],
    ]);
    expect((await compute('missing.episodes', JUNE, 'age-band')).groups).toEqual([
      { key: '10-15', label: '10 to 15', figure: { value: 3 } },
      { key: '5-9', label: '5 to 9', figure: { value: 2 } },
      { key: 'unknown', label: 'Not known', figure: { value: 1 } },
    ]);
    expect((await compute('missing.episodes', JUNE, 'in-care')).groups).toEqual([
      { key: 'in-care', label: 'Missing from a care placement', figure: { value: 1 } },
      { key: 'not-in-care', label: 'Missing from home, school or elsewhere', figure: { value: 5 } },
    ]);
    // The first hour of 1 July in England (still 30 June in UTC) is July's.
    expect((await compute('missing.episodes', { from: '2026-07-01', to: '2026-08-01' })).total).toEqual({ value: 1 });
    expect((await compute('missing.episodes', { from: '2026-05-01', to: '2026-06-01' })).total).toEqual({ value: 0 });
  });

  it('counts each child once, a repeat missing child by the tenant’s rule, and groups that add up', async () => {
    await setUp();
    expect((await compute('missing.children')).total).toEqual({ value: 4 });
    for (const by of ['district', 'quadrant', 'age-band', 'in-care']) {
      const { total, groups } = await compute('missing.children', JUNE, by);
      expect(
        groups!.reduce((n, g) => n + g.figure.value!, 0),
        by,
      ).toBe(total.value);
    }
    expect(await compute('missing.repeat-children', JUNE, 'district')).toEqual({
      total: { value: 1 },
      groups: [{ key: 'chelmsford', label: 'Chelmsford', figure: { value: 1 } }],
    });
    // Before her third episode Amy was not yet repeat missing.
    expect((await compute('missing.repeat-children', { from: '2026-06-01', to: '2026-06-21' })).total.value).toBe(0);
  });

  it('gives the share of under-10s’ episodes scrutinised', async () => {
    await setUp();
    expect(await compute('missing.under-10-scrutinised', JUNE, 'in-care')).toEqual({
      total: { value: 50, numerator: 1, denominator: 2 },
      groups: [
        {
          key: 'in-care',
          label: 'Missing from a care placement',
          figure: { value: 100, numerator: 1, denominator: 1 },
        },
        {
          key: 'not-in-care',
          label: 'Missing from home, school or elsewhere',
          figure: { value: 0, numerator: 0, denominator: 1 },
        },
      ],
    });
  });

  it('counts the Missing Chats as the chats’ own figures do', async () => {
    await setUp();
    const inTime = await compute('missing.chats-offered-in-time');
    expect(inTime.total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect((await compute('missing.chats-accepted')).total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect((await compute('missing.chats-held')).total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect((await compute('missing.parental-chats')).total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    const figures = await ctx.t.services.missingChats.figures(
      new Date('2026-05-31T23:00:00Z'),
      new Date('2026-06-30T23:00:00Z'),
    );
    expect(figures.chats).toMatchObject({ due: 2, offeredWithinTimescale: 1, accepted: 1, held: 1 });
    expect(figures.parentalChats).toMatchObject({ due: 2, offered: 1 });
    expect((await compute('missing.chats-offered-in-time', JUNE, 'age-band')).groups).toEqual([
      { key: '10-15', label: '10 to 15', figure: { value: 50, numerator: 1, denominator: 2 } },
    ]);
  });

  it('gives zero counts and no data for ratios in an empty period, refuses a breakdown not offered, shows its SQL', async () => {
    await setUp();
    for (const i of ctx.t.services.computedIndicators.filter((x) => /^(missing|mace|exploitation)\./.test(x.key))) {
      const { total } = await i.compute(ctx.t.database.db, EMPTY);
      expect(total.value, i.key).toBe(i.unit === 'count' ? 0 : null);
      await expect(i.compute(ctx.t.database.db, EMPTY, 'shoe-size')).rejects.toThrow(/no breakdown 'shoe-size'/);
      expect(i.query(ctx.t.database.db, JUNE)).toMatch(/^select count\(\*\)/);
    }
  });
});

describe('the records behind each figure (the drill-down, issue 14)', () => {
  const KEYS = [
    'missing.episodes',
    'missing.children',
    'missing.repeat-children',
    'missing.under-10-scrutinised',
    'missing.chats-offered-in-time',
    'missing.chats-accepted',
    'missing.chats-held',
    'missing.parental-chats',
  ];

  it('lists as many episodes and chats as each figure stands for, whole and in each group', async () => {
    await setUp();
    for (const key of KEYS)
      expect(
        await expectRecordsAsCounted(ctx.t.services, ctx.t.database.db, key, JUNE, ['district', 'in-care', 'age-band']),
        key,
      ).toBeGreaterThan(0);
    // A child once, as their latest episode in June; the repeat missing child as the episode that made her so.
    const children = await indicator('missing.children').records!(ctx.t.database.db, JUNE);
    expect(children.map((r) => r.id)).toEqual(
      expect.arrayContaining([episodeIds.a3, episodeIds.ben, episodeIds.cara, episodeIds.eve]),
    );
    expect((await indicator('missing.repeat-children').records!(ctx.t.database.db, JUNE)).map((r) => r.id)).toEqual([
      episodeIds.a3,
    ]);
  });

  it('decides a list’s episodes in one go as each episode’s own page decides it', async () => {
    await setUp();
    const { services } = ctx.t;
    const viewers = await Promise.all(
      ['hub.manager', 'missing.coordinator', 'teacher', 'involvement.worker', 'fs.worker', 'tafso'].map((u) =>
        demoUser(services, `${u}@essex.example`),
      ),
    );
    const episodes = await ctx.t.database.db
      .selectFrom('missing_episodes')
      .select(['id', 'family_id', 'worker_id', 'returned_at', 'age_at_missing'])
      .execute();
    expect(episodes.length).toBeGreaterThan(3);
    for (const viewer of viewers) {
      const many = await services.missing.involvementsInMany(episodes, viewer!);
      for (const episode of episodes)
        expect(new Set(many.get(episode.id)), `${viewer!.email} ${episode.id}`).toEqual(
          new Set(await services.missing.involvementsIn(episode, viewer!)),
        );
    }
  });

  it('shows each record to those its own page lets see it, and counts the rest', async () => {
    await setUp();
    const { services } = ctx.t;
    const [hub, coordinator, teacher] = await Promise.all(
      ['hub.manager', 'missing.coordinator', 'teacher'].map((u) => demoUser(services, `${u}@essex.example`)),
    );
    for (const key of KEYS) {
      const all = await listedFor(services, hub!, key, JUNE);
      expect([all.visible, all.hidden], key).toEqual([all.total, 0]);
      expect(JSON.stringify(all.rows)).not.toMatch(/Amy|Ben|Counted|mother/);
      const none = await listedFor(services, teacher!, key, JUNE);
      expect([none.visible, none.hidden, none.rows], key).toEqual([0, all.total, []]);
    }
    // The Missing Co-ordinator responds to the under-10s' episodes (Ben's and Eve's), not to the chats.
    expect(await listedFor(services, coordinator!, 'missing.episodes', JUNE)).toMatchObject({ visible: 2, hidden: 4 });
    expect(await listedFor(services, coordinator!, 'missing.chats-held', JUNE)).toMatchObject({
      visible: 0,
      hidden: 1,
    });
    const held = await listedFor(services, hub!, 'missing.chats-held', JUNE);
    const a1 = await ctx.t.database.db
      .selectFrom('missing_episodes')
      .select('episode_reference')
      .where('id', '=', episodeIds.a1!)
      .executeTakeFirstOrThrow();
    expect(held.rows).toEqual([
      {
        reference: a1.episode_reference,
        about: 'Missing Chat: Held',
        href: expect.stringMatching(/^\/missing-chats\/[0-9a-f-]{36}$/),
        date: '2026-06-01',
      },
    ]);
  });
});
