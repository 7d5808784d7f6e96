import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Police notifications: the token-authenticated API (auth, per-item results, idempotency), the CSV
 * upload (nothing saved with bad rows unless the user chooses), the lighter triage, the figures,
 * and who may reach the pages.
 */

let t: TestApp;
let token: string;
let screener: TestClient;
let manager: TestClient;
let policeOrg: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let serial = 0;
const notification = (over: Record<string, unknown> = {}) => ({
  police_reference: `42/${String(++serial).padStart(5, '0')}/24`,
  incident_date: '2024-06-03',
  concern_category: 'domestic-abuse',
  summary: 'Called to a verbal argument between the parents; the children were upstairs.',
  district: 'chelmsford',
  officer: { name: 'PC Amy Clarke', number: '4417', email: 'amy.clarke@essex.police.example' },
  children: [
    {
      first_name: 'Lily',
      last_name: 'Turner',
      date_of_birth: '2016-02-14',
      gender: 'F',
      address: '12 Mill Road, Chelmsford',
      postcode: 'cm1 1qh',
    },
  ],
  adults: [{ first_name: 'Sarah', last_name: 'Turner', relationship: 'mother' }],
  ...over,
});

const send = (body: unknown, auth: string | null = `Bearer ${token}`, contentType = 'application/json') =>
  t.app.inject({
    method: 'POST',
    url: '/api/police-notifications',
    headers: { ...(auth ? { authorization: auth } : {}), 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

const countWhere = async (ref: string) =>
  Number(
    (
      await t.database.db
        .selectFrom('police_notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('police_reference', '=', ref)
        .executeTakeFirstOrThrow()
    ).n,
  );
const requestsFor = async (ref: string) =>
  Number(
    (
      await t.database.db
        .selectFrom('requests_for_support')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('idempotency_key', '=', `police:${policeOrg}:${ref}`)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  policeOrg = (
    await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-police')
      .executeTakeFirstOrThrow()
  ).id;
  token = (
    await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Essex Police', organisationCode: 'essex-police' },
    )
  ).token;
  screener = await signedIn('hub.practitioner@essex.example');
  manager = await signedIn('hub.manager@essex.example');
});
afterAll(() => t?.close());

describe('the police notifications API', () => {
  it('refuses a missing, malformed, forged or revoked token with 401, before reading the body', async () => {
    const [keyId] = token.split('_').slice(1);
    const forged = `hearth_${keyId}_${'A'.repeat(43)}`;
    for (const auth of [
      null,
      'Bearer',
      'Basic dXNlcjpwYXNz',
      `Bearer ${forged}`,
      `Bearer hearth_zzzzzzzzzzzz_${'A'.repeat(43)}`,
      `Bearer ${token}x`,
    ]) {
      const response = await send({ notifications: [notification()] }, auth);
      expect(response.statusCode, String(auth)).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="hearth"');
      expect(response.json()).toMatchObject({ status: 401, title: 'Not authenticated' });
    }
    const other = await t.services.apiClients.create(
      { userId: null, label: 'test' },
      { name: 'Old key', organisationCode: 'essex-police' },
    );
    expect((await send({ notifications: [notification()] }, `Bearer ${other.token}`)).statusCode).toBe(202);
    await t.services.apiClients.revoke({ userId: null, label: 'test' }, other.id);
    expect((await send({ notifications: [notification()] }, `Bearer ${other.token}`)).statusCode).toBe(401);
  });

  it('keeps only a hash of the token', async () => {
    const rows = await t.database.db.selectFrom('api_clients').selectAll().execute();
    // The secret is base64url and may itself contain '_': take everything after the key id.
    const secret = /^hearth_[a-z0-9]{12}_(.+)$/.exec(token)![1]!;
    expect(secret).toHaveLength(43);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('creates each good notification, reports each bad one by field, and answers 202', async () => {
    const good = notification();
    const response = await send({
      notifications: [
        good,
        notification({
          incident_date: '2999-01-01',
          district: 'atlantis',
          children: [{ first_name: '', last_name: 'Turner', date_of_birth: '2016-02-30' }],
        }),
        notification({ concern_category: 'parking', officer: { name: 'PC X', rank: 'PC' }, childs: [] }),
        'not an object',
      ],
    });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({ created: 1, duplicates: 0, rejected: 3 });
    expect(body.results[0]).toMatchObject({
      index: 0,
      status: 'created',
      police_reference: good.police_reference,
      reference: expect.stringMatching(/^[A-Z2-9]{4} [A-Z2-9]{4}$/),
    });
    const fields = (i: number) => body.results[i].errors.map((e: { field: string }) => e.field);
    expect(fields(1)).toEqual(
      expect.arrayContaining(['incident_date', 'district', 'children[0].first_name', 'children[0].date_of_birth']),
    );
    expect(body.results[1].errors.find((e: { field: string }) => e.field === 'incident_date').message).toBe(
      'Incident date must be today or in the past',
    );
    expect(fields(2)).toEqual(['concern_category', 'officer.rank', 'childs']);
    expect(body.results[3]).toMatchObject({ status: 'rejected', police_reference: null });

    const request = await t.database.db
      .selectFrom('requests_for_support')
      .selectAll()
      .where('id', '=', body.results[0].request_id)
      .executeTakeFirstOrThrow();
    expect(request).toMatchObject({
      source: 'police',
      status: 'new',
      district_code: 'chelmsford',
      requester_organisation_id: policeOrg,
      requested_level: null,
      worry_areas: ['domestic-abuse'],
    });
    expect(request.requester_name).toBe('PC Amy Clarke (4417), Essex Police');
    const people = await t.database.db
      .selectFrom('request_people')
      .selectAll()
      .where('request_id', '=', request.id)
      .orderBy('position')
      .execute();
    expect(people.map((p) => [p.role, p.first_name, p.gender, p.postcode])).toEqual([
      ['child', 'Lily', 'female', 'CM1 1QH'],
      ['parent-carer', 'Sarah', null, null],
    ]);
    const audit = await t.services.audit.forSubject('request-for-support', request.id);
    expect(audit.map((e) => e.action)).toContain('police-notification.received');
  });

  it('is idempotent: the same batch sent twice, or at once, is stored once', async () => {
    const batch = { notifications: [notification(), notification(), notification()] };
    const first = (await send(batch)).json();
    expect(first.created).toBe(3);
    const again = (await send(batch)).json();
    expect(again).toMatchObject({ created: 0, duplicates: 3 });
    expect(again.results.map((r: { reference: string }) => r.reference)).toEqual(
      first.results.map((r: { reference: string }) => r.reference),
    );

    const racing = { notifications: [notification(), notification()] };
    const answers = await Promise.all([send(racing), send(racing), send(racing)]);
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202]);
    expect(answers.map((a) => a.json().created).reduce((a: number, b: number) => a + b, 0)).toBe(2);
    for (const n of [...batch.notifications, ...racing.notifications]) {
      expect(await countWhere(n.police_reference)).toBe(1);
      expect(await requestsFor(n.police_reference)).toBe(1);
    }
  });

  it('treats a reference repeated within one batch (any case) as a duplicate', async () => {
    const n = notification({ police_reference: 'ab/777/24' });
    const body = (await send({ notifications: [n, { ...n, police_reference: 'AB/777/24' }] })).json();
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'duplicate']);
    expect(body.results[0].request_id).toBe(body.results[1].request_id);
    expect(await countWhere('AB/777/24')).toBe(1);
  });

  it('answers a malformed body with a JSON 400, the wrong type with 415 and too much with 413', async () => {
    const broken = await send('{"notifications": [');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ status: 400 });
    for (const body of [{}, { notifications: 'x' }, { notifications: [] }, []]) {
      const response = await send(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().title).toBe('What you sent is not a batch of notifications');
    }
    expect((await send('notifications=1', `Bearer ${token}`, 'application/x-www-form-urlencoded')).statusCode).toBe(
      415,
    );
    const many = await send({ notifications: Array.from({ length: 201 }, () => notification()) });
    expect(many.statusCode).toBe(413);
    expect(many.json().detail).toContain('at most 200');
    const huge = await send({ notifications: [notification({ summary: 'x'.repeat(5 * 1024 * 1024) })] });
    expect(huge.statusCode).toBe(413);
  });

  it('keeps HTML as text', async () => {
    const n = notification({ summary: '<script>alert(1)</script> seen at the door' });
    const id = (await send({ notifications: [n] })).json().results[0].request_id;
    const page = await screener.get(`/hub/police/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; seen at the door');
    expect(page.body).not.toContain('<script>alert(1)');
  });
});

const HEADER =
  'police_reference,incident_date,concern_category,summary,district,officer_name,address,postcode,child_1_first_name,child_1_last_name,child_1_date_of_birth,child_1_gender,child_2_first_name,child_2_last_name';
const row = (ref: string, over: Partial<Record<'date' | 'category' | 'district' | 'dob' | 'first', string>> = {}) =>
  [
    ref,
    over.date ?? '03/06/2024',
    over.category ?? 'youth-crime',
    '"Found at the station at 2am, returned home"',
    over.district ?? 'Harlow',
    'PC Ben Ward',
    '"4 Elm Close, Harlow"',
    'CM20 1AA',
    over.first ?? 'Noah',
    'Price',
    over.dob ?? '01/09/2012',
    'M',
    '',
    '',
  ].join(',');

describe('the CSV upload', () => {
  it('reports every bad row and saves nothing until the user chooses; confirmed, it saves exactly the good rows', async () => {
    const csv = [
      HEADER,
      row('CSV/1'),
      row('CSV/2', { date: '31/02/2024', district: 'Narnia' }),
      row('CSV/3'),
      row('CSV/4', { category: 'speeding', first: '' }),
      row('CSV/1'),
    ].join('\n');
    await screener.get('/hub/police/upload');
    const checked = await screener.post('/hub/police/upload', { organisation: policeOrg, csv, action: 'check' });
    expect(checked.statusCode).toBe(400);
    expect(errorSummary(checked.body)).toEqual([
      'Row 3, column incident_date: Incident date must be a real date, like 2015-03-27 or 27/03/2015',
      expect.stringMatching(/^Row 3, column district: District must be one of: basildon, /),
      expect.stringMatching(/^Row 5, column concern_category: Concern category must be one of: domestic-abuse, /),
      'Row 5, column child_1_first_name: Enter the first name',
      'Row 6, column police_reference: The same police reference is in row 2: each notification must be in the file once',
    ]);
    expect(checked.body).toContain('Save the 2 good rows and leave out the bad ones?');
    expect(checked.body).toContain('Nothing has been saved yet.');
    for (const ref of ['CSV/1', 'CSV/3']) expect(await countWhere(ref)).toBe(0);

    // The text changed after the check: nothing is saved, the report is shown again.
    const changed = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv: `${csv}\n${row('CSV/9')}`,
      action: 'save-good',
      expectGood: '2',
    });
    expect(changed.statusCode).toBe(400);
    expect(errorSummary(changed.body)[0]).toBe(
      'The text changed after it was checked: check the report below again before saving',
    );
    expect(await countWhere('CSV/9')).toBe(0);

    const saved = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv,
      action: 'save-good',
      expectGood: '2',
    });
    expect(saved.statusCode).toBe(303);
    expect((await screener.follow(saved)).body).toContain(
      '2 police notifications added to the queue. 3 rows with problems were left out.',
    );
    for (const ref of ['CSV/1', 'CSV/3']) expect(await countWhere(ref)).toBe(1);
    for (const ref of ['CSV/2', 'CSV/4']) expect(await countWhere(ref)).toBe(0);
    const stored = await t.database.db
      .selectFrom('police_notifications')
      .select(['incident_date', 'concern_category', 'api_client_id'])
      .where('police_reference', '=', 'CSV/1')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ incident_date: '2024-06-03', concern_category: 'youth-crime', api_client_id: null });

    // Pasted again: the saved rows are already in Hearth and are not added twice.
    const again = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv: [HEADER, row('CSV/1'), row('CSV/3'), row('CSV/5')].join('\n'),
      action: 'check',
    });
    expect(again.statusCode).toBe(303);
    expect((await screener.follow(again)).body).toContain(
      '1 police notification added to the queue. 2 were already in Hearth and have not been added again.',
    );
    expect(await countWhere('CSV/1')).toBe(1);
  });

  it('refuses only the row with a lone surrogate or a NUL, keeps the others, and never answers 500 on a retry', async () => {
    const csv = [
      HEADER,
      row('SUR/1'),
      row('SUR/2', { first: 'No\uD800ah' }),
      row('SUR/3', { first: 'Ma\u0000x' }),
    ].join('\n');
    const post = async (action: string) => {
      await screener.get('/hub/police/upload');
      // As JSON, so the broken character arrives as it is (a browser's form would turn it into U+FFFD).
      return screener.request(
        'POST',
        '/hub/police/upload',
        JSON.stringify({ _csrf: screener.csrfToken(), organisation: policeOrg, csv, action, expectGood: '1' }),
        { 'content-type': 'application/json' },
      );
    };
    const checked = await post('check');
    expect(checked.statusCode).toBe(400);
    expect(errorSummary(checked.body)).toEqual([
      'Row 3, column child_1_first_name: contains a NUL or broken Unicode character: remove it and send again',
      'Row 4, column child_1_first_name: contains a NUL or broken Unicode character: remove it and send again',
    ]);
    expect((await post('save-good')).statusCode).toBe(303);
    // Sent again: the saved row is a duplicate and the bad ones are still reported, never a 500.
    const retried = await post('save-good');
    expect(retried.statusCode).toBe(400);
    expect(errorSummary(retried.body).filter((e) => e.includes('broken Unicode'))).toHaveLength(2);
    expect(await countWhere('SUR/1')).toBe(1);
    for (const ref of ['SUR/2', 'SUR/3']) expect(await countWhere(ref)).toBe(0);
  });

  it('refuses a file it cannot read, with the reason, and a missing force or text', async () => {
    await screener.get('/hub/police/upload');
    const empty = await screener.post('/hub/police/upload', { organisation: '', csv: ' ' });
    expect(errorSummary(empty.body)).toEqual([
      'Select the police force that sent the notifications',
      'Paste the notifications as CSV text',
    ]);
    const unknown = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv: 'police_ref,colour\n1,red',
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorSummary(unknown.body)).toEqual([
      'Row 1: Unknown columns: police_ref, colour. Check the header row against the list of columns',
      expect.stringMatching(/^Row 1: The header must include police_reference, incident_date/),
    ]);
    const quote = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv: `${HEADER}\nX/1,"unclosed`,
    });
    expect(errorSummary(quote.body)[0]).toMatch(/could not be read as CSV: a quoted cell is not closed/);
    const allBad = await screener.post('/hub/police/upload', {
      organisation: policeOrg,
      csv: [HEADER, row('BAD/1', { dob: '01/01/2099' })].join('\n'),
    });
    expect(allBad.statusCode).toBe(400);
    expect(allBad.body).not.toContain('data-qa="save-good"');
    expect(errorSummary(allBad.body)).toEqual([
      'Row 2, column child_1_date_of_birth: Date of birth must be today or in the past',
    ]);
  });
});

describe('triage', () => {
  async function fresh() {
    return (await send({ notifications: [notification()] })).json().results[0].request_id as string;
  }
  const version = async (id: string) =>
    String(
      (
        await t.database.db
          .selectFrom('police_notifications')
          .select('version')
          .where('request_id', '=', id)
          .executeTakeFirstOrThrow()
      ).version,
    );
  const stored = (id: string) =>
    t.database.db
      .selectFrom('police_notifications as n')
      .innerJoin('requests_for_support as r', 'r.id', 'n.request_id')
      .select(['n.triage_outcome', 'n.triage_reason', 'n.passed_to', 'r.status'])
      .where('n.request_id', '=', id)
      .executeTakeFirstOrThrow();
  const form = (over: Record<string, string>) => ({ outcome: '', reason: '', passedTo: '', teamId: '', ...over });

  it('lists notifications waiting for triage', async () => {
    const id = await fresh();
    const list = await screener.get('/hub/police');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/hub/police/${id}`);
    expect(list.body).toContain('Lily Turner');
  });

  it('needs a reason for no further action, and then closes the request', async () => {
    const id = await fresh();
    await screener.get(`/hub/police/${id}`);
    const noReason = await screener.post(
      `/hub/police/${id}/triage`,
      form({ version: await version(id), outcome: 'no-further-action' }),
    );
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual(['Enter why no further action is needed']);
    const nothing = await screener.post(`/hub/police/${id}/triage`, form({ version: await version(id) }));
    expect(errorSummary(nothing.body)).toEqual(['Select what happens to this notification']);
    expect((await stored(id)).triage_outcome).toBeNull();

    const done = await screener.post(
      `/hub/police/${id}/triage`,
      form({
        version: await version(id),
        outcome: 'no-further-action',
        reason: 'Single verbal argument, no injuries; family already supported by school.',
      }),
    );
    expect(done.statusCode).toBe(303);
    expect(await stored(id)).toEqual({
      triage_outcome: 'no-further-action',
      triage_reason: 'Single verbal argument, no injuries; family already supported by school.',
      passed_to: null,
      status: 'decided',
    });
    expect((await screener.get('/hub/police')).body).not.toContain(`/hub/police/${id}"`);
    expect((await screener.get(`/hub/police/${id}`)).body).toContain('data-qa="triaged"');
  });

  it('tells the second of two triagers at once, and overwrites nothing', async () => {
    const id = await fresh();
    await screener.get(`/hub/police/${id}`);
    await manager.get(`/hub/police/${id}`);
    const v = await version(id);
    const first = await screener.post(`/hub/police/${id}/triage`, form({ version: v, outcome: 'screen' }));
    const second = await manager.post(
      `/hub/police/${id}/triage`,
      form({ version: v, outcome: 'no-further-action', reason: 'Nothing to do' }),
    );
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/hub/requests/${id}`);
    expect(second.statusCode).toBe(400);
    expect(errorSummary(second.body)[0]).toMatch(/^Someone else triaged this notification/);
    expect(await stored(id)).toEqual({ triage_outcome: 'screen', triage_reason: null, passed_to: null, status: 'new' });
  });

  it('passes to the worker already involved, by name or team', async () => {
    const id = await fresh();
    const team = await t.database.db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('code', '=', 'family-solutions-harlow')
      .executeTakeFirstOrThrow();
    await screener.get(`/hub/police/${id}`);
    const missing = await screener.post(
      `/hub/police/${id}/triage`,
      form({ version: await version(id), outcome: 'passed-to-worker' }),
    );
    expect(errorSummary(missing.body)).toEqual(['Enter the worker’s name, or select their team']);
    const badTeam = await screener.post(
      `/hub/police/${id}/triage`,
      form({ version: await version(id), outcome: 'passed-to-worker', teamId: 'nonsense' }),
    );
    expect(errorSummary(badTeam.body)).toEqual(['Select a team from the list']);
    expect(
      (
        await screener.post(
          `/hub/police/${id}/triage`,
          form({ version: await version(id), outcome: 'passed-to-worker', passedTo: 'Jo Carter', teamId: team.id }),
        )
      ).statusCode,
    ).toBe(303);
    expect(await stored(id)).toMatchObject({
      triage_outcome: 'passed-to-worker',
      passed_to: `Jo Carter, ${team.name}`,
      status: 'decided',
    });
  });

  it('keeps the share of notifications screened queryable', async () => {
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const f = await t.services.police.figures(from, to);
    expect(f.screened).toBe(1);
    expect(f.no_further_action).toBe(1);
    expect(f.passed_to_worker).toBe(1);
    expect(f.received).toBe(f.awaiting + f.triaged);
    expect(f.screenedShare).toBeCloseTo(1 / 3);
    expect(f.progressed).toBe(0);
  });

  it('counts as progressed only what went to children’s social care or Family Solutions, and says so on the page', async () => {
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 86_400_000);
    const before = await t.services.police.figures(from, to);
    const ids: string[] = (await send({ notifications: [notification(), notification(), notification()] }))
      .json()
      .results.map((r: { request_id: string }) => r.request_id);
    const decidedBy = (await t.database.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    const pathways = ['family-solutions', 'social-care', 'taf'] as const;
    for (const [i, pathway] of pathways.entries())
      await t.database.db
        .insertInto('hub_decisions')
        .values({
          id: crypto.randomUUID(),
          request_id: ids[i]!,
          level: pathway === 'social-care' ? 4 : 3,
          descriptors: [],
          reasons: 'Test',
          pathway,
          social_care_route: pathway === 'social-care' ? 'statutory-assessment' : null,
          no_further_action_reason: null,
          family_consent: pathway === 'family-solutions' ? true : null,
          lead_professional: null,
          signposted_service_ids: [],
          overrides_requested_level: false,
          state: 'final',
          decided_by: decidedBy,
          reviewed_by: null,
          reviewed_at: null,
          review_note: null,
        })
        .execute();
    const after = await t.services.police.figures(from, to);
    expect(after.progressed - before.progressed).toBe(2);
    expect(after.progressedShare).toBeCloseTo(after.progressed / after.received);
    const hub = await t.services.hub.figures(from, to);
    expect(hub.police.progressed).toBe(after.progressed);
    const page = await screener.get('/hub/police');
    expect(page.body).toContain(`${after.progressed} progressed`);
    expect(page.body).toContain('sent the notification on to children’s social care or Family Solutions');
  });
});

describe('who may use the police pages', () => {
  it('sends a partner practitioner (even a police officer) away with 403, and the signed-out to sign in', async () => {
    const officer = await signedIn('police@essex.example');
    const id = (await send({ notifications: [notification()] })).json().results[0].request_id;
    for (const url of ['/hub/police', '/hub/police/upload', `/hub/police/${id}`])
      expect((await officer.get(url)).statusCode, url).toBe(403);
    expect((await officer.post('/hub/police/upload', { organisation: policeOrg, csv: HEADER })).statusCode).toBe(403);
    expect((await new TestClient(t.app).get('/hub/police')).statusCode).toBe(303);
    expect((await screener.get('/hub/police/not-an-id')).statusCode).toBe(404);
    expect((await screener.get('/hub/police/0190a6b8-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});
