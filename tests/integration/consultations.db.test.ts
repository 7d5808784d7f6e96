import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Consultations: recording one, reading it (audited), linking it to a request by reference, the list, and who may. */

let t: TestApp;
let screener: TestClient;
let schoolsOrg: string;
let requestId: string;
let requestReference: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const form = (over: Record<string, string> = {}) => ({
  'consultedOn-day': '3',
  'consultedOn-month': '6',
  'consultedOn-year': '2024',
  consultedTime: '14:30',
  channel: 'phone',
  askerName: 'Grace Okafor',
  askerRole: 'Designated safeguarding lead',
  askerOrganisationId: schoolsOrg,
  askerOrganisationName: '',
  askerEmail: 'teacher@essex.example',
  askerPhone: '',
  childFirstName: 'Jayden',
  childLastName: 'Smith',
  'childDateOfBirth-day': '5',
  'childDateOfBirth-month': '4',
  'childDateOfBirth-year': '2016',
  about: 'Attendance has dropped this term.',
  question: 'Is this a level 2 Request for Support or something for school to handle?',
  advice: 'Talk to mum about a Team Around the Family; request support if she agrees.',
  level: '2',
  ...over,
});

const consultation = (id: string) =>
  t.database.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp();
  schoolsOrg = (
    await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-schools')
      .executeTakeFirstOrThrow()
  ).id;
  const { token } = await t.services.apiClients.create(
    { userId: null, label: 'test' },
    { name: 'Essex Police', organisationCode: 'essex-police' },
  );
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      notifications: [
        {
          police_reference: 'C/1',
          incident_date: '2024-06-01',
          concern_category: 'youth-crime',
          summary: 'Missing overnight.',
          district: 'harlow',
          officer: { name: 'PC Ben Ward' },
          children: [{ first_name: 'Jayden', last_name: 'Smith' }],
        },
      ],
    }),
  });
  ({ request_id: requestId, reference: requestReference } = sent.json().results[0]);
  screener = await signedIn('hub.practitioner@essex.example');
});
afterAll(() => t?.close());

describe('recording a consultation', () => {
  it('saves it with who asked (their account found by email), about whom, the advice and level, and audits it', async () => {
    await screener.get('/hub/consultations/new');
    const saved = await screener.post('/hub/consultations', form());
    expect(saved.statusCode).toBe(303);
    const id = String(saved.headers.location).split('/').pop()!;
    const row = await consultation(id);
    const teacher = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'teacher@essex.example')
      .executeTakeFirstOrThrow();
    const hub = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'hub.practitioner@essex.example')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'phone',
      asker_name: 'Grace Okafor',
      asker_user_id: teacher.id,
      asker_organisation_id: schoolsOrg,
      child_date_of_birth: '2016-04-05',
      level_discussed: 2,
      recorded_by: hub.id,
      request_id: null,
    });
    // 14:30 in London on 3 June 2024 is 13:30 UTC (British Summer Time).
    expect(row.consulted_at.toISOString()).toBe('2024-06-03T13:30:00.000Z');
    const page = await screener.follow(saved);
    expect(page.body).toContain('The consultation is recorded.');
    expect(page.body).toContain('Talk to mum about a Team Around the Family');
    expect((await t.services.audit.forSubject('consultation', id)).map((e) => e.action)).toEqual([
      'consultation.viewed',
      'consultation.recorded',
    ]);
  });

  it('reads the time as people write it: 9.30am', async () => {
    await screener.get('/hub/consultations/new');
    const saved = await screener.post('/hub/consultations', form({ consultedTime: '9.30am' }));
    expect(saved.statusCode).toBe(303);
    const row = await consultation(String(saved.headers.location).split('/').pop()!);
    expect(row.consulted_at.toISOString()).toBe('2024-06-03T08:30:00.000Z');
  });

  it('says what is wrong, keeps what was typed, and saves nothing', async () => {
    const before = (await t.database.db.selectFrom('consultations').select('id').execute()).length;
    await screener.get('/hub/consultations/new');
    const bad = await screener.post(
      '/hub/consultations',
      form({
        'consultedOn-year': '2999',
        consultedTime: '25:00',
        channel: '',
        askerName: ' ',
        askerOrganisationId: '',
        askerEmail: 'not-an-email',
        childLastName: '',
        'childDateOfBirth-month': '13',
        question: '',
        advice: 'x'.repeat(5001),
        level: '7',
        about: '<b>bold</b>',
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'The date of the consultation must be today or in the past',
      'Enter the time as hours and minutes, like 9:30am or 2:30pm',
      'Select how they contacted the Hub',
      'Enter the name of the practitioner who asked',
      'Select their organisation, or enter its name if it is not in the list',
      'Enter an email address in the correct format, like name@example.com',
      'Enter the child’s first and last name, or neither',
      'The child’s date of birth must be a real date, like 27 3 2015',
      'Enter what the practitioner asked',
      'The advice must be 5,000 characters or fewer',
      'Select the level of need discussed, or ‘Not discussed’',
    ]);
    expect(bad.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect((await t.database.db.selectFrom('consultations').select('id').execute()).length).toBe(before);
  });

  it('accepts an organisation not in the list by name, no child and no level', async () => {
    await screener.get('/hub/consultations/new');
    const saved = await screener.post(
      '/hub/consultations',
      form({
        askerOrganisationId: '',
        askerOrganisationName: 'Harlow Foodbank',
        askerEmail: '',
        childFirstName: '',
        childLastName: '',
        'childDateOfBirth-day': '',
        'childDateOfBirth-month': '',
        'childDateOfBirth-year': '',
        level: '',
      }),
    );
    expect(saved.statusCode).toBe(303);
    const row = await consultation(String(saved.headers.location).split('/').pop()!);
    expect(row).toMatchObject({
      asker_organisation_id: null,
      asker_organisation_name: 'Harlow Foodbank',
      asker_user_id: null,
      child_first_name: null,
      level_discussed: null,
    });
  });
});

describe('linking a consultation to a request', () => {
  it('links by the reference as people read it out, and says plainly when there is no such request', async () => {
    await screener.get('/hub/consultations/new');
    const id = String((await screener.post('/hub/consultations', form())).headers.location)
      .split('/')
      .pop()!;
    const view = async () => screener.get(`/hub/consultations/${id}`);
    await view();
    const version = async () => String((await consultation(id)).version);

    const malformed = await screener.post(`/hub/consultations/${id}/link`, {
      version: await version(),
      reference: 'ABC',
    });
    expect(malformed.statusCode).toBe(400);
    expect(errorSummary(malformed.body)).toEqual([
      'Enter a request reference of 8 letters and numbers, like K7QX M2PA',
    ]);
    const unknown = await screener.post(`/hub/consultations/${id}/link`, {
      version: await version(),
      reference: 'zzzz-zzzz',
    });
    expect(errorSummary(unknown.body)).toEqual([
      'There is no request with the reference ZZZZ ZZZZ: check it and try again',
    ]);
    expect(unknown.body).toContain('value="zzzz-zzzz"');
    expect((await consultation(id)).request_id).toBeNull();

    const stale = await screener.post(`/hub/consultations/${id}/link`, { version: '99', reference: requestReference });
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this consultation/);

    const linked = await screener.post(`/hub/consultations/${id}/link`, {
      version: await version(),
      reference: requestReference.toLowerCase().replace(' ', ''),
    });
    expect(linked.statusCode).toBe(303);
    expect((await screener.follow(linked)).body).toContain(`Linked to request ${requestReference}.`);
    expect((await consultation(id)).request_id).toBe(requestId);
    expect((await t.services.audit.forSubject('consultation', id)).map((e) => e.action)).toContain(
      'consultation.linked',
    );

    const list = await screener.get('/hub/consultations?linked=yes');
    expect(list.body).toContain(`/hub/consultations/${id}`);
    expect((await screener.get('/hub/consultations?linked=no')).body).not.toContain(`/hub/consultations/${id}"`);
    const figures = await t.services.consultations.figures(new Date('2024-06-01'), new Date('2024-07-01'));
    expect(figures.becameRequests).toBe(1);
    expect(figures.consultations).toBeGreaterThanOrEqual(3);
  });
});

describe('the list', () => {
  it('filters by date and organisation, and refuses nonsense filters', async () => {
    expect((await screener.get('/hub/consultations?from=1/6/2024&to=3/6/2024')).body).toContain('Grace Okafor');
    expect((await screener.get('/hub/consultations?from=4/6/2024')).body).toContain(
      'No consultations match these filters.',
    );
    expect((await screener.get(`/hub/consultations?organisation=${schoolsOrg}`)).body).toContain('Grace Okafor');
    const bad = await screener.get('/hub/consultations?from=31/2/2024&to=2024-01-01&organisation=x&linked=maybe');
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'From must be a real date, like 1/6/2024',
      'Select an organisation from the list',
      'Select whether it led to a request',
    ]);
    const backwards = await screener.get('/hub/consultations?from=2/6/2024&to=1/6/2024');
    expect(errorSummary(backwards.body)).toEqual(['To must be the same as or after From']);
  });
});

describe('who may use the consultation pages', () => {
  it('sends a partner practitioner away with 403', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const id = (await t.database.db.selectFrom('consultations').select('id').executeTakeFirstOrThrow()).id;
    for (const url of ['/hub/consultations', '/hub/consultations/new', `/hub/consultations/${id}`])
      expect((await teacher.get(url)).statusCode, url).toBe(403);
    expect((await teacher.post('/hub/consultations', form())).statusCode).toBe(403);
    expect(
      (await teacher.post(`/hub/consultations/${id}/link`, { version: '1', reference: requestReference })).statusCode,
    ).toBe(403);
    expect((await screener.get('/hub/consultations/nope')).statusCode).toBe(404);
  });
});
