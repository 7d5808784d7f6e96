import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { findUnstorableText } from '../../src/platform/http/input-guard.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * One input-cleaning step for every request (issue 11, item 8): a NUL or a lone UTF-16 surrogate in a body,
 * query or route parameter is a 400 with a GOV.UK page (a JSON problem under /api/), never a 500.
 */

const LONE_SURROGATE = '\ud800';
const TITLE = 'What you sent contains characters Hearth cannot accept';

let t: TestApp;
let screener: TestClient;
let policeToken: string;

beforeAll(async () => {
  t = await createTestApp();
  screener = new TestClient(t.app);
  await screener.get('/sign-in');
  await screener.post('/sign-in', { email: 'hub.practitioner@essex.example', password: DEMO_PASSWORD });
  ({ token: policeToken } = await t.services.apiClients.create(
    { userId: null, label: 'test' },
    { name: 'Essex Police', organisationCode: 'essex-police' },
  ));
});
afterAll(() => t.close());

const consultationCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('consultations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('findUnstorableText', () => {
  it('names the first string or key with a NUL or a lone surrogate, and passes good text', () => {
    expect(findUnstorableText({ a: 'fine', b: ['ok', { c: 'x\u0000y' }] })).toBe('b[1].c');
    expect(findUnstorableText({ name: `Zo${LONE_SURROGATE}` })).toBe('name');
    expect(findUnstorableText({ name: '\udc00 alone' })).toBe('name');
    expect(findUnstorableText({ [`k${LONE_SURROGATE}`]: 'v' })).toBe(`k${LONE_SURROGATE}`);
    expect(findUnstorableText({ emoji: 'family 👨‍👩‍👧 Łódź', n: 3, none: null })).toBeNull();
  });
});

describe('the public search', () => {
  it('refuses a NUL in /services?q= with a 400 GOV.UK page, and still searches ordinary text', async () => {
    const refused = await t.app.inject({ method: 'GET', url: '/services?q=%00' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.body).toContain(TITLE);
    expect(refused.body).toContain('govuk-heading-l');
    expect(refused.body).toContain('Nothing was saved');

    const fine = await t.app.inject({ method: 'GET', url: '/services?q=parenting' });
    expect(fine.statusCode).toBe(200);
  });

  it('refuses a NUL in a route parameter', async () => {
    const refused = await t.app.inject({ method: 'GET', url: '/services/%00' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(TITLE);
  });
});

describe('a practitioner form', () => {
  const form = (advice: string) => ({
    'consultedOn-day': '3',
    'consultedOn-month': '6',
    'consultedOn-year': '2024',
    consultedTime: '14:30',
    channel: 'phone',
    askerName: 'Grace Okafor',
    question: 'Level 2?',
    advice,
  });

  it('refuses a NUL in a form field with a 400 page and saves nothing', async () => {
    const before = await consultationCount();
    await screener.get('/hub/consultations/new');
    const refused = await screener.post('/hub/consultations', form('Talk to mum\u0000 first.'));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(TITLE);
    expect(await consultationCount()).toBe(before);
  });

  it('refuses a lone surrogate sent to the same form as JSON', async () => {
    const before = await consultationCount();
    await screener.get('/hub/consultations/new');
    const refused = await screener.request(
      'POST',
      '/hub/consultations',
      JSON.stringify({ _csrf: screener.csrfToken(), ...form(`Talk ${LONE_SURROGATE} to mum.`) }),
      { 'content-type': 'application/json' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(TITLE);
    expect(await consultationCount()).toBe(before);
  });
});

describe('the JSON APIs', () => {
  it('answers a NUL in the ORUK API query with a JSON problem', async () => {
    const refused = await t.app.inject({ method: 'GET', url: '/api/oruk/services?text=%00' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ status: 400, title: TITLE });
  });

  it('rejects only the police notification with a lone surrogate and stores the others in its batch', async () => {
    const notification = (reference: string, summary: string) => ({
      police_reference: reference,
      incident_date: '2024-06-01',
      concern_category: 'youth-crime',
      summary,
      district: 'harlow',
      officer: { name: 'PC Ben Ward' },
      children: [{ first_name: 'Jayden', last_name: 'Smith' }],
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/police-notifications',
      headers: { authorization: `Bearer ${policeToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        notifications: [
          notification('G/1', 'Missing overnight.'),
          notification('G/2', `Broken ${LONE_SURROGATE} text.`),
          notification('G/3', 'Nul\u0000 inside.'),
        ],
      }),
    });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({ created: 1, rejected: 2 });
    expect(body.results[1]).toMatchObject({ status: 'rejected', errors: [{ field: 'summary' }] });
    expect(body.results[2]).toMatchObject({ status: 'rejected', errors: [{ field: 'summary' }] });

    // A retry of the same batch stores nothing twice and still answers per item.
    const stored = await t.database.db
      .selectFrom('police_notifications')
      .select('police_reference')
      .where('police_reference', 'like', 'G/%')
      .execute();
    expect(stored.map((s) => s.police_reference)).toEqual(['G/1']);
  });
});
