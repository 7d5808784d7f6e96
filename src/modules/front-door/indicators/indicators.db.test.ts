import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/helpers/test-app.ts';
import type { ComputedIndicator, ComputedResult, Period } from '../../../platform/indicators/computed.ts';
import { demoUser, expectRecordsAsCounted, listedFor } from '../../../../tests/helpers/drill-down.ts';
import { makers } from './indicators.test-support.ts';

/**
 * The front door's computed indicators (issue 14) over requests, decisions, police notifications and consultations
 * made through the module's own services, in March 2026 (the clocks went forward on Sunday 29 March).
 */

let t: TestApp;
const MARCH: Period = { from: '2026-03-01', to: '2026-04-01' };
const APRIL: Period = { from: '2026-04-01', to: '2026-05-01' };
const EMPTY: Period = { from: '2020-01-01', to: '2020-02-01' };
const ids = {} as Record<'r0' | 'r1' | 'r2' | 'r4' | 'r5' | 'r6' | 'r7' | 'r8' | 'p1' | 'p2' | 'p3', string>;

const indicator = (key: string): ComputedIndicator => {
  const found = t.services.computedIndicators.find((i) => i.key === key);
  if (!found) throw new Error(`No indicator ${key}`);
  return found;
};
const count = (key: string, period: Period, breakdown?: string) =>
  indicator(key).compute(t.database.db, period, breakdown);
const groups = (result: ComputedResult) =>
  Object.fromEntries((result.groups ?? []).map((g) => [g.key, g.figure.value]));
const labels = (result: ComputedResult) => Object.fromEntries((result.groups ?? []).map((g) => [g.key, g.label]));

beforeAll(async () => {
  t = await createTestApp();
  const make = await makers(t.services, t.database.db);
  // Lily's requests: one over 12 months before March (not a re-request), one in March, one about her again.
  ids.r0 = await make.request({
    district: 'harlow',
    surname: 'Ashdown',
    children: { Lily: '2020-01-10' },
    receivedAt: '2025-02-01T10:00:00Z',
  });
  ids.r1 = await make.request({
    district: 'harlow',
    surname: 'Ashdown',
    children: { Lily: '2020-01-10' },
    receivedAt: '2026-03-02T10:00:00Z',
  });
  const lily = await make.matchAsNew(ids.r1);
  await make.matchTo(ids.r0, lily);
  // Standard: 3 working days from Monday 2 March, due at 17:00 on Thursday 5 March. Decided in time.
  await make.decide(ids.r1, 2, 'advice-signposting', '2026-03-05T16:00:00Z');
  // Urgent: 1 working day from 16:30 on Friday 6 March, due 17:00 on Monday 9 March. Decided on Tuesday: late.
  ids.r2 = await make.request({
    district: 'basildon',
    surname: 'Brook',
    children: { Noah: '2023-05-01' },
    receivedAt: '2026-03-06T16:30:00Z',
    priority: 'urgent',
  });
  await make.decide(ids.r2, 2, 'taf', '2026-03-10T09:30:00Z');
  // 23:30 on 31 March in England (BST) is March; 00:30 on 1 April is April.
  ids.r4 = await make.request({
    district: 'colchester',
    surname: 'Carter',
    children: { Mia: '2010-06-01' },
    receivedAt: '2026-03-31T22:30:00Z',
  });
  ids.r5 = await make.request({
    district: 'harlow',
    surname: 'Dunn',
    children: { Ava: '2015-01-01' },
    receivedAt: '2026-03-31T23:30:00Z',
  });
  // Lily again in March (linked to her record), and under a second record that is then merged into hers.
  ids.r6 = await make.request({
    district: 'harlow',
    surname: 'Ashdown',
    children: { Lily: '2020-01-10' },
    receivedAt: '2026-03-20T11:00:00Z',
  });
  await make.matchTo(ids.r6, lily);
  ids.r7 = await make.request({
    district: 'harlow',
    surname: 'Ashdown',
    children: { Lilly: '2020-01-10' },
    receivedAt: '2026-03-25T11:00:00Z',
  });
  const duplicate = await make.matchAsNew(ids.r7);
  await t.services.people.mergePeople({ userId: make.manager.id, label: 'test' }, lily, duplicate, 'The same child');
  // Police: one to social care (immediate: 4 hours round the clock, decided in 3), one closed at triage, one to
  // Family Solutions decided at 17:30 BST on Wednesday 1 April, half an hour after its 3 working days ran out.
  ids.p1 = await make.police({
    district: 'basildon',
    reference: '42/1/26',
    child: ['Ella', 'Frost', '2009-03-10'],
    receivedAt: '2026-03-07T20:00:00Z',
    priority: 'immediate',
  });
  await make.decide(ids.p1, 4, 'social-care', '2026-03-07T23:00:00Z');
  ids.p2 = await make.police({
    district: 'harlow',
    reference: '42/2/26',
    child: ['Finn', 'Gale', '2014-02-02'],
    receivedAt: '2026-03-12T09:00:00Z',
    triage: 'no-further-action',
  });
  ids.p3 = await make.police({
    district: 'colchester',
    reference: '42/3/26',
    child: ['Gus', 'Hart', '2019-07-07'],
    receivedAt: '2026-03-27T12:00:00Z',
  });
  await make.decide(ids.p3, 3, 'family-solutions', '2026-04-01T16:30:00Z');
  // April, over Easter: Thursday 2 April, then Good Friday and Easter Monday: due 17:00 on Thursday 9 April.
  ids.r8 = await make.request({
    district: 'harlow',
    surname: 'Irwin',
    children: { Ivy: '2018-01-01' },
    receivedAt: '2026-04-02T09:00:00Z',
  });
  await make.decide(ids.r8, 2, 'advice-signposting', '2026-04-08T11:00:00Z');
  // Mia's record does not give her date of birth.
  await t.database.db
    .updateTable('request_people')
    .set({ date_of_birth: null })
    .where('request_id', '=', ids.r4)
    .execute();
}, 120_000);

afterAll(() => t?.close());

describe('hub.requests-received', () => {
  it('counts March’s requests by source, area and age band, and the groups add up to the total', async () => {
    const key = 'hub.requests-received';
    expect((await count(key, MARCH)).total).toEqual({ value: 8 });
    const source = await count(key, MARCH, 'source');
    expect(groups(source)).toEqual({ practitioner: 5, police: 3 });
    expect(labels(source)).toEqual({ practitioner: 'Practitioner', police: 'Police' });
    const district = await count(key, MARCH, 'district');
    expect(groups(district)).toEqual({ basildon: 2, colchester: 2, harlow: 4 });
    expect(labels(district).harlow).toBe('Harlow');
    expect(groups(await count(key, MARCH, 'quadrant'))).toEqual({ 'north-east': 2, south: 2, west: 4 });
    const ages = await count(key, MARCH, 'age-band');
    // Ella is 16 on 7 March (17 on the 10th); Mia's age is not known.
    expect(groups(ages)).toEqual({ '0-4': 1, '5-9': 4, '10-15': 1, '16-17': 1, unknown: 1 });
    expect(ages.groups!.at(-1)).toEqual({ key: 'unknown', label: 'Not known', figure: { value: 1 } });
    for (const b of ['source', 'district', 'quadrant', 'age-band']) {
      const r = await count(key, MARCH, b);
      expect(r.groups!.reduce((n, g) => n + g.figure.value!, 0)).toBe(r.total.value);
    }
  });

  it('puts 23:30 on 31 March (BST) in March and 00:30 on 1 April in April', async () => {
    expect((await count('hub.requests-received', APRIL)).total.value).toBe(2);
    expect((await count('hub.requests-received', { from: '2026-03-31', to: '2026-04-01' })).total.value).toBe(1);
  });
});

describe('hub.decisions-within-timescale', () => {
  it('counts decided requests against their priority’s timescale in the Hub’s working time', async () => {
    const key = 'hub.decisions-within-timescale';
    expect((await count(key, MARCH)).total).toEqual({ value: 50, numerator: 2, denominator: 4 });
    const quadrants = await count(key, MARCH, 'quadrant');
    expect(quadrants.groups).toEqual([
      { key: 'north-east', label: 'North East', figure: { value: 0, numerator: 0, denominator: 1 } },
      { key: 'south', label: 'South', figure: { value: 50, numerator: 1, denominator: 2 } },
      { key: 'west', label: 'West', figure: { value: 100, numerator: 1, denominator: 1 } },
    ]);
    expect(groups(await count(key, MARCH, 'priority'))).toEqual({ immediate: 100, standard: 50, urgent: 0 });
    // Easter: decided on day 3 of 3 working days, Good Friday and Easter Monday not counted.
    expect((await count(key, APRIL)).total).toEqual({ value: 100, numerator: 1, denominator: 1 });
  });

  it('agrees with the Hub queue’s own calendar for every decided request', async () => {
    const calendar = await t.services.calendar.calendar();
    const hub = await t.services.reference.hubSettings();
    for (const [id, within] of [
      [ids.r1, true],
      [ids.r2, false],
      [ids.p1, true],
      [ids.p3, false],
      [ids.r8, true],
    ] as const) {
      const r = (await t.services.frontDoor.request(id))!;
      const decided = await t.database.db
        .selectFrom('hub_decisions')
        .select('decided_at')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow();
      const due = calendar.due(r.received_at, hub.priorities.find((p) => p.code === r.priority)!.timescale);
      expect(decided.decided_at.getTime() <= due.getTime()).toBe(within);
    }
  });
});

describe('decisions by level and by pathway', () => {
  it('counts final decisions on March’s requests', async () => {
    const level = await count('hub.decisions-by-level', MARCH, 'level');
    expect(level.total.value).toBe(4);
    expect(level.groups).toEqual([
      { key: '2', label: 'Level 2 (Additional)', figure: { value: 2 } },
      { key: '3', label: 'Level 3 (Intensive)', figure: { value: 1 } },
      { key: '4', label: 'Level 4 (Specialist)', figure: { value: 1 } },
    ]);
    const pathway = await count('hub.decisions-by-pathway', MARCH, 'pathway');
    expect(groups(pathway)).toEqual({ 'advice-signposting': 1, 'family-solutions': 1, 'social-care': 1, taf: 1 });
    expect(labels(pathway)['social-care']).toBe('Children’s social care (level 4)');
    expect(groups(await count('hub.decisions-by-pathway', MARCH, 'district'))).toEqual({
      basildon: 2,
      colchester: 1,
      harlow: 1,
    });
  });
});

describe('hub.re-requests-12-months', () => {
  it('counts requests about a child with another request in the 12 months before, following merged records', async () => {
    const result = await count('hub.re-requests-12-months', MARCH, 'district');
    expect(result.total).toEqual({ value: 25, numerator: 2, denominator: 8 });
    // The Hub's own figures count the same re-requests.
    const own = await t.services.hub.figures(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T23:00:00Z'));
    expect(own.rerequestsWithin12Months).toBe(2);
    expect(result.groups!.find((g) => g.key === 'harlow')!.figure).toEqual({ value: 50, numerator: 2, denominator: 4 });
  });
});

describe('police.progressed-to-social-care-or-family-solutions', () => {
  it('is the Board’s measure: notifications whose final decision went to social care or Family Solutions', async () => {
    const key = 'police.progressed-to-social-care-or-family-solutions';
    const result = await count(key, MARCH, 'district');
    expect(result.total).toEqual({ value: 66.7, numerator: 2, denominator: 3 });
    // The same as the police notifications' own figures.
    const own = await t.services.police.figures(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T23:00:00Z'));
    expect([own.progressed, own.received]).toEqual([2, 3]);
    expect(groups(result)).toEqual({ basildon: 100, colchester: 100, harlow: 0 });
    expect(indicator(key).howCounted).toContain('did not progress to Children’s Social Care or Family Solutions');
  });
});

describe('consultations.became-requests', () => {
  it('counts consultations in the period linked to the request they led to', async () => {
    const { consultations, frontDoor } = t.services;
    const screener = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'hub.practitioner@essex.example')
      .executeTakeFirstOrThrow();
    const actor = { userId: screener.id, label: 'test' };
    const consultation = async (at: string, channel: 'phone' | 'email', requestId?: string) => {
      const id = await consultations.record(actor, screener.id, {
        consultedAt: new Date(at),
        channel,
        askerName: 'Grace Okafor',
        askerRole: 'Teacher',
        askerOrganisationId: null,
        askerOrganisationName: 'Harlow Primary',
        askerEmail: null,
        askerPhone: null,
        childFirstName: null,
        childLastName: null,
        childDateOfBirth: null,
        about: null,
        question: 'Is this a level 2 worry?',
        advice: 'Yes: talk to the family about a Team Around the Family.',
        levelDiscussed: 2,
      });
      if (!requestId) return;
      const { version } = await t.database.db
        .selectFrom('consultations')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await consultations.link(actor, id, version, (await frontDoor.request(requestId))!.reference);
    };
    await consultation('2026-03-03T10:00:00Z', 'phone', ids.r1);
    await consultation('2026-03-15T10:00:00Z', 'email');
    await consultation('2026-04-02T10:00:00Z', 'phone', ids.r8);
    const march = await count('consultations.became-requests', MARCH, 'channel');
    expect(march.total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(march.groups).toEqual([
      { key: 'email', label: 'Email', figure: { value: 0, numerator: 0, denominator: 1 } },
      { key: 'phone', label: 'Phone', figure: { value: 100, numerator: 1, denominator: 1 } },
    ]);
    // The same as the consultations' own figures.
    const own = await consultations.figures(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-31T23:00:00Z'));
    expect([own.becameRequests, own.consultations]).toEqual([march.total.numerator, march.total.denominator]);
  });
});

describe('every indicator', () => {
  it('gives 0 for a count and no data for a share in an empty period, and refuses a breakdown it does not offer', async () => {
    const ours = t.services.computedIndicators.filter((i) => /^(hub|police|consultations|directory)\./.test(i.key));
    expect(ours).toHaveLength(8);
    for (const i of ours) {
      const { total } = await i.compute(t.database.db, EMPTY);
      expect(total.value).toBe(i.unit === 'count' ? 0 : null);
      await expect(i.compute(t.database.db, EMPTY, 'shoe-size')).rejects.toThrow(/no breakdown 'shoe-size'/);
      expect(i.query(t.database.db, MARCH)).toMatch(/^\s*(with|select)\b[\s\S]* from /);
      expect(() => i.query(t.database.db, { from: '2026-03-32', to: '2026-04-01' })).toThrow(RangeError);
      expect(() => i.query(t.database.db, { from: '2026-04-01', to: '2026-04-01' })).toThrow(RangeError);
      // A recount from scratch gives the same figures.
      expect(await i.compute(t.database.db, MARCH)).toEqual(await i.compute(t.database.db, MARCH));
    }
  });
});

describe('the records behind each figure (the drill-down, issue 14)', () => {
  // After the consultations above: every front door figure has records in March.
  const BY: Record<string, string[]> = {
    'hub.requests-received': ['source', 'quadrant', 'district', 'age-band'],
    'hub.decisions-within-timescale': ['district', 'priority'],
    'hub.decisions-by-level': ['level', 'district'],
    'hub.decisions-by-pathway': ['pathway', 'quadrant'],
    'hub.re-requests-12-months': ['district', 'source'],
    'police.progressed-to-social-care-or-family-solutions': ['quadrant', 'district'],
    'consultations.became-requests': ['channel'],
  };

  it('lists as many records as each figure stands for, whole and in each group (a percentage its numerator)', async () => {
    for (const [key, by] of Object.entries(BY))
      expect(await expectRecordsAsCounted(t.services, t.database.db, key, MARCH, by), key).toBeGreaterThan(0);
    const police = await indicator('police.progressed-to-social-care-or-family-solutions').records!(
      t.database.db,
      MARCH,
    );
    // p1 went to social care; p3 was decided on 1 April but received in March; p2 closed at triage is not listed.
    expect(police.map((r) => r.id).sort()).toEqual([ids.p1, ids.p3].sort());
    expect(police[0]).toMatchObject({ type: 'request', subjectId: ids.p3, date: '2026-03-27' });
  });

  it('shows the Hub each record, a reference and a link, never a name; a partner none of them, only counted', async () => {
    const screener = await demoUser(t.services, 'hub.practitioner@essex.example');
    // A partner practitioner who made none of these requests (the teacher made them all).
    const police = await demoUser(t.services, 'police@essex.example');
    for (const key of Object.keys(BY)) {
      const seen = await listedFor(t.services, screener, key, MARCH);
      expect(seen.total, key).toBeGreaterThan(0);
      expect([seen.visible, seen.hidden, seen.rows.length]).toEqual([seen.total, 0, Math.min(seen.total, 25)]);
      expect(JSON.stringify(seen.rows)).not.toMatch(/Ashdown|Brook|Frost|Hart|Lily|Grace|Okafor/);
      const partner = await listedFor(t.services, police, key, MARCH);
      expect([partner.visible, partner.hidden, partner.rows]).toEqual([0, seen.total, []]);
    }
    // The teacher who made the practitioners' requests sees them (not the police's), linked to her own request's page.
    const teacher = await demoUser(t.services, 'teacher@essex.example');
    const own = await listedFor(t.services, teacher, 'hub.requests-received', MARCH);
    const counted = await t.services.computedIndicators.find((i) => i.key === 'hub.requests-received')!.records!(
      t.database.db,
      MARCH,
    );
    const made = await t.database.db
      .selectFrom('requests_for_support')
      .select('id')
      .where('requester_user_id', '=', teacher.id)
      .where(
        'id',
        'in',
        counted.map((r) => r.subjectId),
      )
      .execute();
    expect(own.visible).toBeGreaterThan(0);
    expect([own.visible, own.hidden]).toEqual([made.length, own.total - made.length]);
    for (const row of own.rows) expect(row.href).toMatch(/^\/requests\/sent\/[0-9a-f-]{36}$/);
    const consulted = await listedFor(t.services, screener, 'consultations.became-requests', MARCH);
    expect(consulted.rows).toEqual([expect.objectContaining({ about: 'Phone, became a request', date: '2026-03-03' })]);
    expect(consulted.rows[0]!.reference).toMatch(/^Consultation [0-9A-F]{8}$/);
    expect(consulted.rows[0]!.href).toMatch(/^\/hub\/consultations\/[0-9a-f-]{36}$/);
    const progressed = await listedFor(
      t.services,
      screener,
      'police.progressed-to-social-care-or-family-solutions',
      MARCH,
    );
    expect(progressed.rows.map((r) => r.href)).toEqual([`/hub/requests/${ids.p3}`, `/hub/requests/${ids.p1}`]);
  });
});
