import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * One-time submission keys (issue 11 item 10): every create form carries a key, and ten identical
 * parallel submits make one record; the repeats are sent where the first went, never a 500.
 */

let t: TestApp;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const keyOn = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)?.[1];

const count = async (table: 'consultations' | 'taf_support_log') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Draws the form, then sends it ten times at once with the key it was drawn with. */
async function tenAtOnce(client: TestClient, url: string, form: Record<string, string>, formUrl = url) {
  const page = await client.get(formUrl);
  const submissionKey = keyOn(page.body);
  expect(submissionKey, `${url} carries a submission key`).toMatch(/^[0-9a-f-]{36}$/);
  const sent = await Promise.all(
    Array.from({ length: 10 }, () => client.post(url, { ...form, submissionKey: submissionKey! })),
  );
  return { sent, submissionKey: submissionKey! };
}

const yesterday = () => {
  const d = new Date(Date.now() - 24 * 3600 * 1000);
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) };
};

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('one-time submission keys', () => {
  it('are declared on every create route', () => {
    const once = new Set(
      t
        .routes()
        .filter((r) => r.once)
        .map((r) => `${r.method} ${r.url}`),
    );
    for (const url of [
      '/hub/consultations',
      '/exploitation/concerns',
      '/exploitation/concerns/:id/request',
      '/missing/:id/chats',
      '/mace/mace2/:quadrant/places',
      '/mace/mace2/:quadrant/persons',
      '/mace/mace2/:quadrant/meetings',
      '/mace/mace2/:quadrant/actions',
      '/mace/mace2/:quadrant/profile',
      '/early-help/support-log/new',
      '/early-help/episodes/:id/meetings/new',
      '/early-help/episodes/:id/meetings/past',
      '/early-help/episodes/:id/taf/partners/new',
      '/early-help/family-solutions/episodes/:id/supervision',
      '/provider/services/new',
      '/early-help/plans/:id/goals/new',
      '/early-help/plans/:id/actions/new',
      '/early-help/plans/:id/reviews/new',
      '/families/:id/members/new',
      '/admin/users/new',
      '/admin/organisations/new',
      '/admin/organisations/:id/teams/new',
    ]) {
      expect(once, url).toContain(`POST ${url}`);
    }
    for (const route of once) expect(route).toMatch(/^POST /);
  });

  it('make one consultation of ten identical parallel submits, and send the repeats where the first went', async () => {
    const screener = await signedIn('hub.practitioner@essex.example');
    const before = await count('consultations');
    const d = yesterday();
    const { sent } = await tenAtOnce(
      screener,
      '/hub/consultations',
      {
        'consultedOn-day': d.day,
        'consultedOn-month': d.month,
        'consultedOn-year': d.year,
        consultedTime: '14:30',
        channel: 'phone',
        askerName: 'Grace Okafor',
        askerRole: 'Designated safeguarding lead',
        askerOrganisationId: '',
        askerOrganisationName: 'Hillside Primary',
        askerEmail: '',
        askerPhone: '',
        childFirstName: '',
        childLastName: '',
        about: 'Attendance has dropped this term.',
        question: 'Is this a level 2 Request for Support?',
        advice: 'Talk to mum about a Team Around the Family.',
        level: '2',
      },
      '/hub/consultations/new',
    );
    expect(sent.map((r) => r.statusCode).filter((s) => s >= 500)).toEqual([]);
    expect(await count('consultations')).toBe(before + 1);
    const places = new Set(sent.filter((r) => r.statusCode === 303).map((r) => r.headers.location));
    expect(places.size).toBe(1);
    for (const r of sent) expect([303, 409]).toContain(r.statusCode);
  });

  it('make one support log entry of ten identical parallel submits', async () => {
    const officer = await signedIn('tafso@essex.example');
    const before = await count('taf_support_log');
    const d = yesterday();
    const { sent } = await tenAtOnce(officer, '/early-help/support-log/new', {
      'date-day': d.day,
      'date-month': d.month,
      'date-year': d.year,
      kind: 'plan-reviewed',
      practitionerName: 'Ann Lee',
      organisationName: 'Little Stars Nursery',
      notes: 'Went through the plan’s actions.',
    });
    expect(sent.map((r) => r.statusCode).filter((s) => s >= 500)).toEqual([]);
    expect(await count('taf_support_log')).toBe(before + 1);
  });

  it('free the key when the first submit fails, so the corrected form can be sent with it', async () => {
    const officer = await signedIn('tafso@essex.example');
    const before = await count('taf_support_log');
    const page = await officer.get('/early-help/support-log/new');
    const submissionKey = keyOn(page.body)!;
    const d = yesterday();
    const bad = await officer.post('/early-help/support-log/new', { submissionKey, kind: 'advice' });
    expect(bad.statusCode).not.toBe(303);
    expect(errorSummary(bad.body).length).toBeGreaterThan(0);
    const good = await officer.post('/early-help/support-log/new', {
      submissionKey,
      'date-day': d.day,
      'date-month': d.month,
      'date-year': d.year,
      kind: 'advice',
      practitionerName: 'Ann Lee',
      organisationName: 'Little Stars Nursery',
    });
    expect(good.statusCode).toBe(303);
    const again = await officer.post('/early-help/support-log/new', {
      submissionKey,
      'date-day': d.day,
      'date-month': d.month,
      'date-year': d.year,
      kind: 'advice',
      practitionerName: 'Ann Lee',
      organisationName: 'Little Stars Nursery',
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(good.headers.location);
    expect(await count('taf_support_log')).toBe(before + 1);
  });
  it('belong to the user who drew the form, and a malformed key is only not deduplicated', async () => {
    const practitioner = await signedIn('hub.practitioner@essex.example');
    const manager = await signedIn('hub.manager@essex.example');
    const d = yesterday();
    const form = {
      'consultedOn-day': d.day,
      'consultedOn-month': d.month,
      'consultedOn-year': d.year,
      consultedTime: '09:15',
      channel: 'phone',
      askerName: 'Ann Lee',
      askerRole: 'Nursery manager',
      askerOrganisationId: '',
      askerOrganisationName: 'Little Stars Nursery',
      askerEmail: '',
      askerPhone: '',
      childFirstName: '',
      childLastName: '',
      about: 'Speech and language.',
      question: 'Where can the family get help?',
      advice: 'The speech and language drop-in.',
      level: '1',
    };
    const before = await count('consultations');
    const page = await practitioner.get('/hub/consultations/new');
    const submissionKey = keyOn(page.body)!;
    expect((await practitioner.post('/hub/consultations', { ...form, submissionKey })).statusCode).toBe(303);
    await manager.get('/hub/consultations/new');
    expect((await manager.post('/hub/consultations', { ...form, submissionKey })).statusCode).toBe(303);
    expect(await count('consultations')).toBe(before + 2);
    await practitioner.get('/hub/consultations/new');
    const bad = await practitioner.post('/hub/consultations', { ...form, submissionKey: 'not-a-key' });
    expect(bad.statusCode).toBe(303);
    expect(await count('consultations')).toBe(before + 3);
  });
});
