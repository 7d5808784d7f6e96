import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hashPassword } from '../../src/platform/auth/secrets.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { encompassOnTime } from '../../src/modules/encompass/indicators.ts';
import { demoUser, expectRecordsAsCounted, listedFor } from '../helpers/drill-down.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Operation Encompass (issue 15): a police notification of domestic abuse becomes a notification to each school-age
 * child's school, sent to its designated safeguarding lead before the next school day; the school records that it
 * received it (once) and the support it gave; the Hub finds unknown schools; and every bad input the issue names.
 */

let t: TestApp;
let hub: TestClient;
let dsl: TestClient;
let otherDsl: TestClient;
let admin: TestClient;
const SEED = { userId: null, label: 'test' };
const DSL = 'school.dsl@essex.example';
const OTHER_DSL = 'moulsham.dsl@essex.example';

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

let reference = 0;
/** A police notification as a force sends it, through the police service (the API and CSV both come here). */
async function policeNotification(
  children: { first_name: string; last_name: string; date_of_birth?: string }[],
  over: Record<string, unknown> = {},
) {
  const force = (await t.services.reference.organisations()).find((o) => o.code === 'essex-police')!;
  const schema = await t.services.police.schema();
  const item = schema.parse({
    police_reference: `42/E${++reference}/26`,
    incident_date: '2026-12-01',
    concern_category: 'domestic-abuse',
    summary: 'Officers called to an argument between the parents. NARRATIVE-NEVER-SENT',
    district: 'chelmsford',
    officer: { name: 'PC Amy Clarke' },
    children,
    adults: [{ first_name: 'Adult', last_name: 'Neversent', relationship: 'father' }],
    ...over,
  });
  const [saved] = await t.services.police.receive(
    SEED,
    { organisationId: force.id, organisationName: force.name, apiClientId: null },
    [item],
  );
  return saved!.requestId;
}

const notificationsOf = (requestId: string) =>
  t.database.db
    .selectFrom('encompass_notifications as n')
    .innerJoin('encompass_incidents as i', 'i.id', 'n.incident_id')
    .selectAll('n')
    .where('i.request_id', '=', requestId)
    .orderBy('n.position')
    .execute();
const row = (id: string) =>
  t.database.db.selectFrom('encompass_notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const outboxTo = (email: string) =>
  t.database.db.selectFrom('notify_outbox').selectAll().where('recipient', '=', email).execute();
const auditOf = (id: string, action: string) =>
  t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_id', '=', id)
    .where('action', '=', action)
    .execute();

async function chooseSchool(id: string, urn: string) {
  // The Hub searches the schools list (here by the URN), then saves one of the schools found.
  expect((await hub.get(`/encompass/${id}?q=${urn}`)).statusCode).toBe(200);
  const version = String((await row(id)).version);
  return hub.post(`/encompass/${id}/school`, { version, q: urn, school: urn });
}
const versionOn = async (client: TestClient, url: string) =>
  /name="version" value="(\d+)"/.exec((await client.get(url)).body)![1]!;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://hearth.example' });
  // Another school's designated safeguarding lead (Moulsham Park Academy's, in the demo schools list).
  const org = (await t.services.reference.organisations()).find((o) => o.code === 'essex-schools')!;
  const id = newId();
  await t.database.db
    .insertInto('users')
    .values({
      id,
      email: OTHER_DSL,
      display_name: 'Rachel Osei',
      organisation_id: org.id,
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: null,
      totp_last_counter: null,
      two_factor_enrolled_at: null,
      locked_until: null,
      last_signed_in_at: null,
      created_by: null,
      updated_by: null,
    })
    .execute();
  await t.database.db.insertInto('user_roles').values({ user_id: id, role: 'school-safeguarding-lead' }).execute();
  hub = await signedIn('hub.practitioner@essex.example');
  dsl = await signedIn(DSL);
  otherDsl = await signedIn(OTHER_DSL);
  admin = await signedIn('admin@essex.example');
});
afterAll(() => t?.close());

describe('a police notification of domestic abuse', () => {
  let requestId: string;
  let id: string;

  it('makes one notification for each child of school age, due before the next school day', async () => {
    requestId = await policeNotification([
      { first_name: 'Ava', last_name: 'Encompass', date_of_birth: '2017-03-04' },
      { first_name: 'Baby', last_name: 'Encompass', date_of_birth: '2025-01-01' },
      { first_name: 'Noage', last_name: 'Encompass' },
    ]);
    const rows = await notificationsOf(requestId);
    expect(rows).toHaveLength(1);
    id = rows[0]!.id;
    // Police attended on Tuesday 1 December 2026: the school is told before 08:30 on Wednesday (GMT).
    expect(rows[0]).toMatchObject({ first_name: 'Ava', year_group: 5, school_urn: null, sent_at: null });
    expect(new Date(rows[0]!.deadline).toISOString()).toBe('2026-12-02T08:30:00.000Z');
    const police = await hub.get(`/hub/police/${requestId}`);
    expect(police.body).toContain('Each child of school age has a notification to their school.');
    expect(police.body).toContain('One child has no date of birth');
    expect(police.body).toContain('Ava Encompass: school needed');
  });

  it('is not sent while the school is unknown, and waits on the Hub’s list', async () => {
    const before = (await t.database.db.selectFrom('notify_outbox').select('id').execute()).length;
    await t.services.encompass.sendDue();
    expect((await row(id)).sent_at).toBeNull();
    expect((await t.database.db.selectFrom('notify_outbox').select('id').execute()).length).toBe(before);
    const list = await hub.get('/encompass/hub');
    expect(list.statusCode).toBe(200);
    expect(list.body).toMatch(/data-qa="school-needed"[\s\S]*Ava Encompass/);
  });

  it('goes, once the Hub chooses the school, to its lead and deputy with only what the school needs; a re-run sends nothing more', async () => {
    expect((await chooseSchool(id, '990001')).statusCode).toBe(303);
    const sentAt = new Date('2026-12-01T21:00:00Z');
    expect(await t.services.encompass.sendDue(sentAt)).toEqual({ sent: 1, refused: 0 });
    expect(await t.services.encompass.sendDue(sentAt)).toEqual({ sent: 0, refused: 0 });
    const [email] = await outboxTo(DSL);
    expect((await outboxTo('meadowside.deputy@essex.example')).length).toBe(1);
    expect(email!.template).toBe('encompass-notification');
    expect(email!.body).toContain('Ava Encompass, born 4 March 2017');
    expect(email!.body).toContain('1 December 2026');
    expect(email!.body).toContain(`https://hearth.example/encompass/${id}`);
    expect(email!.body).not.toContain('NARRATIVE-NEVER-SENT');
    expect(email!.body).not.toContain('Neversent');
    expect(await row(id)).toMatchObject({
      sent_template: 'encompass-notification',
      sent_on_time: true,
      sent_to: [DSL, 'meadowside.deputy@essex.example'],
    });
  });

  it('finds the school itself the next time police tell of the same child', async () => {
    const again = await policeNotification(
      [{ first_name: 'AVA', last_name: 'encompass', date_of_birth: '2017-03-04' }],
      {
        incident_date: '2026-12-04',
      },
    );
    const [n] = await notificationsOf(again);
    expect(n).toMatchObject({ school_urn: '990001' });
    // A Friday: the next school day is Monday 7 December.
    expect(new Date(n!.deadline).toISOString()).toBe('2026-12-07T08:30:00.000Z');
  });

  it('is shown to the school’s lead, who records "received" once; a second is refused clearly and changes nothing', async () => {
    const list = await dsl.get('/encompass');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Ava Encompass');
    const page = await dsl.get(`/encompass/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('NARRATIVE-NEVER-SENT');
    expect((await auditOf(id, 'record.viewed')).length).toBeGreaterThan(0);
    const version = await versionOn(dsl, `/encompass/${id}`);
    expect((await dsl.post(`/encompass/${id}/received`, { version })).statusCode).toBe(303);
    const first = await row(id);
    expect(first.received_at).not.toBeNull();
    const second = await dsl.post(`/encompass/${id}/received`, { version: String(first.version) });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain('Martin Keane already recorded that the school received this notification');
    expect((await row(id)).received_at).toEqual(first.received_at);
    expect(await auditOf(id, 'encompass.received')).toHaveLength(1);
  });

  it('records the support the school gave, from the tenant’s list and in its words', async () => {
    const version = await versionOn(dsl, `/encompass/${id}/support`);
    const empty = await dsl.post(`/encompass/${id}/support`, { version, details: '' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Select the support the school gave, or describe it']);
    const saved = await dsl.post(`/encompass/${id}/support`, {
      version,
      kinds: ['key-adult', 'quiet-space'],
      details: 'Met Ava at the gate.',
    });
    expect(saved.statusCode).toBe(303);
    expect(await row(id)).toMatchObject({
      support_kinds: ['key-adult', 'quiet-space'],
      support_details: 'Met Ava at the gate.',
    });
    const stale = await dsl.post(`/encompass/${id}/support`, { version, kinds: 'pastoral', details: 'Later' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Later');
    expect((await dsl.get(`/encompass/${id}`)).body).toContain('A named key adult checked in with the child');
  });

  it('is refused to another school’s lead by its address, and the refusal is audited', async () => {
    const denied = await otherDsl.get(`/encompass/${id}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain('Ava');
    expect((await otherDsl.post(`/encompass/${id}/received`, { version: '1' })).statusCode).toBe(403);
    const refusals = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('subject_id', '=', id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    expect((await otherDsl.get('/encompass')).body).not.toContain('Ava Encompass');
  });
});

describe('the figure', () => {
  it('counts the share sent before the next school day, by district', async () => {
    const figure = await encompassOnTime.compute(t.database.db, { from: '2026-12-01', to: '2027-01-01' }, 'district');
    // Due in December: Ava's first notification (sent in time) and her second (not sent yet: not in time).
    expect(figure.total).toEqual({ value: 50, numerator: 1, denominator: 2 });
    expect(figure.groups?.map((g) => g.key)).toEqual(['chelmsford']);
  });
});

describe('the records behind the figure (the drill-down, issue 14)', () => {
  const DECEMBER = { from: '2026-12-01', to: '2027-01-01' };
  const KEY = 'encompass.sent-before-next-school-day';

  it('lists the notifications sent in time, as many as the figure’s numerator, in each district too', async () => {
    expect(await expectRecordsAsCounted(t.services, t.database.db, KEY, DECEMBER, ['quadrant', 'district'])).toBe(1);
  });

  it('shows a notification to the Hub and to its own school’s lead, never to another school’s', async () => {
    const [screener, lead, other, teacher] = await Promise.all(
      ['hub.practitioner@essex.example', DSL, OTHER_DSL, 'teacher@essex.example'].map((e) => demoUser(t.services, e)),
    );
    for (const viewer of [screener!, lead!]) {
      const seen = await listedFor(t.services, viewer, KEY, DECEMBER);
      expect(seen).toMatchObject({ visible: 1, hidden: 0 });
      expect(seen.rows).toEqual([
        {
          reference: expect.stringMatching(/^Notification [0-9A-F]{8}$/),
          about: 'Support recorded',
          href: expect.stringMatching(/^\/encompass\/[0-9a-f-]{36}$/),
          date: expect.stringMatching(/^2026-12-/),
        },
      ]);
      expect(JSON.stringify(seen.rows)).not.toMatch(/Ava|Encompass Notification/);
    }
    for (const viewer of [other!, teacher!])
      expect(await listedFor(t.services, viewer, KEY, DECEMBER)).toMatchObject({ visible: 0, hidden: 1, rows: [] });
  });
});

describe('bad input', () => {
  it('a notification of domestic abuse with no child of school age makes none, and its page says so', async () => {
    const requestId = await policeNotification([
      { first_name: 'Toddler', last_name: 'Only', date_of_birth: '2024-05-05' },
    ]);
    expect(await notificationsOf(requestId)).toHaveLength(0);
    const page = await hub.get(`/hub/police/${requestId}`);
    expect(page.body).toContain('No Operation Encompass notification: no child in this notification is of school age');
    expect((await hub.get('/encompass/hub?list=no-child-of-school-age')).body).toMatch(
      /data-qa="without-school-age"[\s\S]*42\/E/,
    );
    // Another category makes no incident at all.
    const other = await policeNotification(
      [{ first_name: 'Other', last_name: 'Category', date_of_birth: '2015-05-05' }],
      {
        concern_category: 'youth-crime',
      },
    );
    expect(await notificationsOf(other)).toHaveLength(0);
    expect((await hub.get(`/hub/police/${other}`)).body).not.toContain('Operation Encompass');
  });

  it('a school with no lead’s email is refused, nothing is sent, and the Hub is shown why', async () => {
    const requestId = await policeNotification([
      { first_name: 'Maldon', last_name: 'Child', date_of_birth: '2016-06-06' },
    ]);
    const [n] = await notificationsOf(requestId);
    expect((await chooseSchool(n!.id, '990010')).statusCode).toBe(303);
    expect((await t.services.encompass.sendDue()).refused).toBeGreaterThanOrEqual(1);
    expect(await row(n!.id)).toMatchObject({ sent_at: null, send_problem: 'no-dsl-email' });
    expect((await hub.get(`/encompass/${n!.id}`)).body).toContain(
      'Hearth has no email for this school’s designated safeguarding lead',
    );
    expect((await hub.get('/encompass/hub?list=not-sent')).body).toMatch(
      /data-qa="not-sent"[\s\S]*Maldon Child[\s\S]*No lead’s email/,
    );
  });

  it('the Hub must choose a school from the list', async () => {
    const requestId = await policeNotification([
      { first_name: 'Pick', last_name: 'School', date_of_birth: '2014-01-01' },
    ]);
    const [n] = await notificationsOf(requestId);
    const bad = await chooseSchool(n!.id, '123456');
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual(['Select a school from the list']);
    expect((await row(n!.id)).school_urn).toBeNull();
  });

  it('ten identical "received" posts at once: one wins, the others are refused', async () => {
    const requestId = await policeNotification([
      { first_name: 'Ten', last_name: 'Posts', date_of_birth: '2013-02-02' },
    ]);
    const [n] = await notificationsOf(requestId);
    await chooseSchool(n!.id, '990001');
    await t.services.encompass.sendDue();
    const version = await versionOn(dsl, `/encompass/${n!.id}`);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => dsl.post(`/encompass/${n!.id}/received`, { version })),
    );
    expect(answers.filter((a) => a.statusCode === 303)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode !== 303).every((a) => a.statusCode === 400 || a.statusCode === 409)).toBe(
      true,
    );
    expect(await auditOf(n!.id, 'encompass.received')).toHaveLength(1);
  });
});

describe('the schools list', () => {
  const header = 'urn,name,district,phase,age_from,age_to,dsl_name,dsl_email,deputy_name,deputy_email';
  const good =
    '990001,Meadowside Primary School (demo),chelmsford,primary,4,11,Martin Keane,school.dsl@essex.example,Helen Ward,meadowside.deputy@essex.example';

  it('is the system administrator’s; others are refused', async () => {
    expect((await admin.get('/admin/schools')).statusCode).toBe(200);
    expect((await hub.get('/admin/schools')).statusCode).toBe(403);
    expect((await dsl.post('/admin/schools', { csv: `${header}\n${good}` })).statusCode).toBe(403);
  });

  it('refuses the whole file, with a row-by-row report, for a missing column, a bad URN, a bad email or a repeated URN', async () => {
    const before = await t.services.encompass.schools.list();
    const missing = await admin.post('/admin/schools', { csv: 'urn,name\n990001,X' });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toContain('Row 1, column district: The column district is missing');
    const csv = [
      header,
      good,
      '12345,Short Urn School,chelmsford,primary,4,11,A,a@school.example,,',
      '990011,Bad Email School,chelmsford,primary,4,11,B,not-an-email,,',
      '990001,Repeated School,chelmsford,primary,4,11,C,c@school.example,,',
    ].join('\n');
    const refused = await admin.post('/admin/schools', { csv });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'Row 3, column urn: URN must be the school’s 6-digit unique reference number',
      'Row 4, column dsl_email: Designated safeguarding lead’s email must be an email address, like name@school.example',
      'Row 5, column urn: URN 990001 is also on row 2: each school once',
    ]);
    expect(refused.body).toContain('Short Urn School');
    expect(await t.services.encompass.schools.list()).toEqual(before);
  });

  it('imports a good file: schools added and updated, those left out made inactive', async () => {
    const csv = [header, good, '990012,New Demo School,harlow,secondary,11,16,Dee New,dee@school.example,,'].join('\n');
    const done = await admin.post('/admin/schools', { csv });
    expect(done.statusCode).toBe(303);
    const schools = await t.services.encompass.schools.list();
    expect(schools.find((s) => s.urn === '990012')).toMatchObject({ is_active: true, dsl_email: 'dee@school.example' });
    expect(schools.find((s) => s.urn === '990002')).toMatchObject({ is_active: false });
    expect((await admin.get('/admin/schools')).body).toContain('New Demo School');
  });
});
