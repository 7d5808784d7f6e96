import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
let admin: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn('admin@essex.example');
});
afterAll(() => t.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  const response = await client.post('/sign-in', { email, password: DEMO_PASSWORD });
  expect(response.statusCode).toBe(303);
  return client;
}

const organisationId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const countUsers = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const countOutbox = async () => (await t.services.notify.outbox(1000)).length;

describe('administrators manage users', () => {
  it('creates a user, emails an invitation, and audits both the change and later views', async () => {
    await admin.get('/admin/users/new');
    const created = await admin.post('/admin/users/new', {
      displayName: 'Ada Lovelace',
      email: 'ada@essex.example',
      organisationId: await organisationId('essex-police'),
      roles: ['partner-practitioner'],
    });
    expect(created.statusCode).toBe(303);
    const page = await admin.follow(created);
    expect(page.body).toContain('Ada Lovelace has been added');
    expect(page.body).toContain('Invited');
    const email = await t.services.notify.latestTo('ada@essex.example');
    expect(email?.body).toMatch(/\/account\/set-password\?token=/);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action'])
      .where('subject_type', '=', 'user')
      .execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.created', 'user.viewed']));
  });

  it('shows every problem with an empty or malformed form, keeps what was typed, and saves nothing', async () => {
    const [users, outbox] = [await countUsers(), await countOutbox()];
    await admin.get('/admin/users/new');
    const empty = await admin.post('/admin/users/new', {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the person’s full name',
      'Enter their work email address',
      'Select their organisation',
      'Select at least one role',
    ]);
    const malformed = await admin.post('/admin/users/new', {
      displayName: '<script>alert("x")</script>',
      email: 'not an email',
      organisationId: 'not-a-uuid',
      roles: ['hub-practitioner', 'emperor'],
    });
    expect(malformed.statusCode).toBe(400);
    expect(errorSummary(malformed.body)).toEqual([
      'Enter an email address in the correct format, like name@example.org',
      'Select an organisation from the list',
      'Select roles from the list',
    ]);
    expect(malformed.body).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
    expect(malformed.body).not.toContain('<script>alert');
    expect(await countUsers()).toBe(users);
    expect(await countOutbox()).toBe(outbox);
  });

  it('refuses a duplicate email and a team from another organisation, writing nothing', async () => {
    const [users, outbox] = [await countUsers(), await countOutbox()];
    const police = await organisationId('essex-police');
    await admin.get('/admin/users/new');
    const duplicate = await admin.post('/admin/users/new', {
      displayName: 'Someone',
      email: 'ADMIN@essex.example',
      organisationId: police,
      roles: 'hub-practitioner',
    });
    expect(errorSummary(duplicate.body)).toEqual(['There is already a user with this email address']);
    const hub = await t.database.db
      .selectFrom('teams')
      .select('id')
      .where('code', '=', 'children-and-families-hub')
      .executeTakeFirstOrThrow();
    const wrongTeam = await admin.post('/admin/users/new', {
      displayName: 'Someone',
      email: 'someone@essex.example',
      organisationId: police,
      roles: 'hub-practitioner',
      teamIds: hub.id,
    });
    expect(errorSummary(wrongTeam.body)).toEqual(['Select only teams in the person’s organisation']);
    expect(await countUsers()).toBe(users);
    expect(await countOutbox()).toBe(outbox);
  });

  it('tells the second of two editors their change was not saved, and keeps the first', async () => {
    const user = await t.database.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'teacher@essex.example')
      .executeTakeFirstOrThrow();
    const other = await signedIn('admin@essex.example');
    await admin.get(`/admin/users/${user.id}/edit`);
    await other.get(`/admin/users/${user.id}/edit`);
    const form = { organisationId: user.organisation_id, roles: 'partner-practitioner', isActive: 'yes', version: '1' };
    expect(
      (await admin.post(`/admin/users/${user.id}/edit`, { ...form, displayName: 'Grace Okafor-Smith' })).statusCode,
    ).toBe(303);
    const stale = await other.post(`/admin/users/${user.id}/edit`, { ...form, displayName: 'Grace O' });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this user/);
    const saved = await t.database.db
      .selectFrom('users')
      .select(['display_name', 'version'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ display_name: 'Grace Okafor-Smith', version: 2 });
  });

  it('deactivating a user ends their sessions', async () => {
    const analyst = await signedIn('analyst@essex.example');
    expect((await analyst.get('/account')).statusCode).toBe(200);
    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'analyst@essex.example')
      .executeTakeFirstOrThrow();
    await admin.get(`/admin/users/${user.id}/edit`);
    await admin.post(`/admin/users/${user.id}/edit`, {
      displayName: user.display_name,
      organisationId: user.organisation_id,
      roles: 'partnership-analyst',
      isActive: 'no',
      version: String(user.version),
    });
    expect((await analyst.get('/account')).headers.location).toBe('/sign-in');
  });

  it('answers unknown and malformed ids with a 404 page', async () => {
    expect((await admin.get('/admin/users/not-a-uuid')).statusCode).toBe(404);
    expect((await admin.get('/admin/users/0190a0a0-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('organisations and teams', () => {
  it('adds an organisation and a team, and refuses a duplicate name', async () => {
    await admin.get('/admin/organisations/new');
    const created = await admin.post('/admin/organisations/new', {
      name: 'Harlow Youth Trust',
      code: 'harlow-youth-trust',
      typeCode: 'voluntary',
    });
    expect(created.statusCode).toBe(303);
    const page = await admin.follow(created);
    expect(page.body).toContain('Harlow Youth Trust has been added');
    const orgUrl = String(created.headers.location);
    await admin.get(`${orgUrl}/teams/new`);
    const team = await admin.post(`${orgUrl}/teams/new`, {
      name: 'Detached youth work',
      code: 'hyt-detached',
      districts: ['harlow', 'epping-forest'],
    });
    expect(team.statusCode).toBe(303);
    expect((await admin.follow(team)).body).toContain('Detached youth work');
    await admin.get('/admin/organisations/new');
    const duplicate = await admin.post('/admin/organisations/new', {
      name: 'harlow youth trust',
      code: 'another-code',
      typeCode: 'voluntary',
    });
    expect(errorSummary(duplicate.body)).toEqual(['There is already an organisation with this name']);
    const badType = await admin.post('/admin/organisations/new', { name: 'X', code: 'Bad Code!', typeCode: 'pirates' });
    expect(errorSummary(badType.body)).toEqual([
      'The code can only contain letters, numbers and single hyphens, like essex-police',
    ]);
  });
});

describe('permissions at the edge', () => {
  it('denies non-administrators, shows a 403 page and audits the denial', async () => {
    const practitioner = await signedIn('hub.practitioner@essex.example');
    const denied = await practitioner.get('/admin/users/new');
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toContain('You cannot see this page');
    expect((await practitioner.get('/admin/organisations')).statusCode).toBe(200);
    expect((await practitioner.get('/admin/organisations/new')).statusCode).toBe(403);
    const denials = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .execute();
    expect(denials.map((d) => (d.details as { action: string }).action)).toEqual(
      expect.arrayContaining(['user:manage', 'organisation:manage']),
    );
    expect((await new TestClient(t.app).get('/admin/users')).headers.location).toBe('/sign-in');
  });
});

describe('the audit trail page', () => {
  it('shows recent events to those allowed, filters by action, and records that it was viewed', async () => {
    const page = await admin.get('/admin/audit?action=user.');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code>user.created</code>');
    expect(page.body).not.toContain('<code>sign-in.password</code>');
    // Names, not ids: the user created, and who created them.
    expect(page.body).toMatch(/Alex Morgan \(admin@essex\.example\)/);
    expect(page.body).toContain('User account');
    // A sign-in names the account that signed in, not "anonymous".
    const signIns = await admin.get('/admin/audit?action=sign-in.password');
    expect(signIns.body).toMatch(
      /<td class="govuk-table__cell">Alex Morgan \(admin@essex\.example\)<\/td>\s*<td class="govuk-table__cell"><code>sign-in.password<\/code>/,
    );
    // A filter that cannot match says so, keeps what was typed, and shows nothing rather than everything.
    const odd = await admin.get('/admin/audit?action=%3Cscript%3E&before=-4');
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('Enter the start of an action, like sign-in or user.');
    expect(odd.body).toContain('value="&lt;script&gt;"');
    expect(odd.body).not.toContain('<code>user.created</code>');
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'audit.viewed')
      .execute();
    expect(viewed.length).toBeGreaterThanOrEqual(2);
    const partner = await signedIn('teacher@essex.example');
    expect((await partner.get('/admin/audit')).statusCode).toBe(403);
  });
});
