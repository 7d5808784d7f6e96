import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { ServiceContent } from '../../src/modules/directory/content.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Providers change their organisation's entries; moderators approve or reject; reviews after 12 months. */

let t: TestApp;
let provider: TestClient;
let moderator: TestClient;
let ownServiceId: string;
let otherServiceId: string;
const actor = { userId: null, label: 'moderation test' };

const content = (overrides: Partial<ServiceContent>): ServiceContent => ({
  name: 'A service',
  description: 'What it does.',
  status: 'active',
  isFree: true,
  accessRoute: 'self-referral',
  professionalsOnly: false,
  deliveryModes: ['in-person'],
  levels: [2],
  categories: ['youth'],
  districts: [],
  countywide: true,
  languages: ['English'],
  contacts: [],
  locations: [],
  ...overrides,
});

/** A complete, valid form for a new service. */
const newServiceForm = (name: string): Record<string, string | string[]> => ({
  name,
  description: 'Weekly group for young carers aged 8 to 17.',
  status: 'active',
  categories: ['youth'],
  levels: ['1', '2'],
  minimumAge: '8',
  maximumAge: '17',
  coverage: 'districts',
  districts: ['harlow'],
  deliveryModes: ['in-person'],
  accessRoute: 'self-referral',
  isFree: 'yes',
  fees: '',
  url: 'https://ecvys.example/young-carers',
  email: '',
  languages: 'English, Polish',
  professionalsOnly: 'no',
  contactCount: '1',
  contact1Name: 'Sam',
  contact1Phone: '01279 555 000',
  locationCount: '1',
  location1Name: 'Harlow Youth Centre',
  location1Address: '1 The High',
  location1City: 'Harlow',
  location1Postcode: 'cm20 1aa',
  location1Times: 'Tue 16:00-18:00',
});

const organisationId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const versions = async (serviceId: string) =>
  t.database.db
    .selectFrom('directory_service_versions')
    .select(['number', 'state', 'decision_reason'])
    .where('service_id', '=', serviceId)
    .orderBy('number')
    .execute();
const lockVersion = async (serviceId: string) =>
  (
    await t.database.db
      .selectFrom('directory_services')
      .select('version')
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow()
  ).version;
const pendingVersionId = async (serviceId: string) =>
  (
    await t.database.db
      .selectFrom('directory_service_versions')
      .select('id')
      .where('service_id', '=', serviceId)
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow()
  ).id;
const inSearch = async (words: string) =>
  (await t.services.directory.search({ words }, null)).services.map((s) => s.name);

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  ownServiceId = (
    await t.services.directory.createService(
      actor,
      await organisationId('ecvys'),
      content({ name: 'Detached Youth Work', description: 'Youth workers meet young people where they are.' }),
      { approved: true },
    )
  ).serviceId;
  otherServiceId = (
    await t.services.directory.createService(
      actor,
      await organisationId('barnardos'),
      content({ name: 'Barnardos Parenting' }),
      { approved: true },
    )
  ).serviceId;
  provider = await signedIn('provider@essex.example');
  moderator = await signedIn('moderator@essex.example');
});
afterAll(() => t?.close());

describe('a provider adds a service and a moderator approves it', () => {
  it('keeps a new service out of the directory until it is approved, then makes it live', async () => {
    await provider.get('/provider/services/new');
    const sent = await provider.post('/provider/services/new', newServiceForm('Young Carers Club'));
    expect(sent.statusCode).toBe(303);
    const serviceId = sent.headers.location!.split('/').pop()!;
    const page = await provider.follow(sent);
    expect(page.body).toContain('has been sent to a moderator');
    expect(page.body).toContain('waiting for a moderator');
    expect(await inSearch('young carers club')).not.toContain('Young Carers Club');
    expect((await t.app.inject(`/services/${serviceId}`)).statusCode).toBe(404);

    const queue = await moderator.get('/moderation');
    expect(queue.body).toContain('Young Carers Club');
    expect(queue.body).toContain('New service');
    const versionId = await pendingVersionId(serviceId);
    const review = await moderator.get(`/moderation/versions/${versionId}`);
    expect(review.statusCode).toBe(200);
    expect(review.body).toContain('The new entry');
    expect(review.body).toContain('Harlow Youth Centre, 1 The High, Harlow, CM20 1AA. Open Tue 16:00-18:00');

    const decided = await moderator.post(`/moderation/versions/${versionId}`, {
      decision: 'approve',
      reason: '',
      version: String(await lockVersion(serviceId)),
    });
    expect(decided.statusCode).toBe(303);
    expect((await moderator.follow(decided)).body).toContain('Young Carers Club: the change is live.');
    expect(await inSearch('young carers club')).toContain('Young Carers Club');
    expect((await t.app.inject(`/services/${serviceId}`)).body).toContain('Harlow Youth Centre');
    expect((await versions(serviceId)).map((v) => v.state)).toEqual(['approved']);
    expect((await t.services.notify.latestTo('provider@essex.example'))?.subject).toBe(
      'Your change to Young Carers Club is live',
    );
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', serviceId)
      .execute();
    expect(events.map((e) => e.action)).toEqual(['directory.service.submitted', 'directory.version.approved']);
  });
});

describe('a provider changes a live service', () => {
  it('leaves the live entry alone while the change waits, shows the moderator what changed, and tells the provider why it was rejected', async () => {
    const edit = await provider.get(`/provider/services/${ownServiceId}/edit`);
    expect(edit.body).toContain('value="Detached Youth Work"');
    const form = {
      ...newServiceForm('Detached Youth Work'),
      description: 'Youth workers meet young people in parks and town centres.',
      version: String(await lockVersion(ownServiceId)),
    };
    const sent = await provider.post(`/provider/services/${ownServiceId}/edit`, form);
    expect(sent.statusCode).toBe(303);
    expect((await provider.follow(sent)).body).toContain('The entry people see now stays until they approve it');
    expect((await t.services.directory.publicService(ownServiceId, null))?.content.description).toBe(
      'Youth workers meet young people where they are.',
    );

    const versionId = await pendingVersionId(ownServiceId);
    const review = await moderator.get(`/moderation/versions/${versionId}`);
    expect(review.body).toContain('Live now');
    expect(review.body).toContain('<del class="hearth-removed">where they are</del>');
    expect(review.body).toContain('<ins class="hearth-added">in parks and town centres</ins>');
    expect(review.body.match(/data-qa="changed"/g)?.length).toBeGreaterThanOrEqual(5);

    const noReason = await moderator.post(`/moderation/versions/${versionId}`, {
      decision: 'reject',
      reason: '  ',
      version: String(await lockVersion(ownServiceId)),
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual(['Enter the reason, so the provider knows what to change']);
    const rejected = await moderator.post(`/moderation/versions/${versionId}`, {
      decision: 'reject',
      reason: 'Detached youth work is not only in Harlow: <b>keep</b> it countywide.',
      version: String(await lockVersion(ownServiceId)),
    });
    expect(rejected.statusCode).toBe(303);
    const page = await provider.get(`/provider/services/${ownServiceId}`);
    expect(page.body).toContain('A moderator did not approve the change');
    expect(page.body).toContain('Detached youth work is not only in Harlow: &lt;b&gt;keep&lt;/b&gt; it countywide.');
    expect((await t.services.notify.latestTo('provider@essex.example'))?.body).toContain(
      'keep it countywide'.replace('keep', '<b>keep</b>'),
    );
    expect((await t.services.directory.publicService(ownServiceId, null))?.content.description).toBe(
      'Youth workers meet young people where they are.',
    );
    expect((await versions(ownServiceId)).map((v) => v.state)).toEqual(['approved', 'rejected']);

    // The next edit starts from the rejected change, so nothing the provider typed is lost.
    expect((await provider.get(`/provider/services/${ownServiceId}/edit`)).body).toContain('parks and town centres');
    const history = await provider.get(`/provider/services/${ownServiceId}`);
    expect(history.body).toContain('Version 2');
    expect(history.body).toContain('Not approved');
  });

  it('refuses a change made from a form someone else has since changed, and saves nothing', async () => {
    const version = String(await lockVersion(ownServiceId));
    const before = (await versions(ownServiceId)).length;
    const first = await provider.post(`/provider/services/${ownServiceId}/edit`, {
      ...newServiceForm('Detached Youth Work'),
      coverage: 'countywide',
      version,
    });
    expect(first.statusCode).toBe(303);
    const second = await provider.post(`/provider/services/${ownServiceId}/edit`, {
      ...newServiceForm('Detached Youth Work (second tab)'),
      version,
    });
    expect(second.statusCode).toBe(400);
    expect(errorSummary(second.body)[0]).toMatch(/^Someone else changed this service/);
    expect(second.body).toContain('value="Detached Youth Work"');
    expect((await versions(ownServiceId)).length).toBe(before + 1);
  });

  it('lets only one of two moderators decide a change', async () => {
    const versionId = await pendingVersionId(ownServiceId);
    const version = String(await lockVersion(ownServiceId));
    const other = await signedIn('moderator@essex.example');
    await other.get(`/moderation/versions/${versionId}`);
    expect(
      (await moderator.post(`/moderation/versions/${versionId}`, { decision: 'approve', reason: '', version }))
        .statusCode,
    ).toBe(303);
    const late = await other.post(`/moderation/versions/${versionId}`, { decision: 'reject', reason: 'No.', version });
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body)[0]).toMatch(/^Another moderator decided on this change/);
    expect((await versions(ownServiceId)).at(-1)?.state).toBe('approved');
    expect((await versions(ownServiceId)).filter((v) => v.state === 'approved')).toHaveLength(1);
  });

  it('withdraws an earlier pending change when the provider sends another', async () => {
    await provider.post(`/provider/services/${ownServiceId}/edit`, {
      ...newServiceForm('Detached Youth Work'),
      coverage: 'countywide',
      languages: 'English',
      version: String(await lockVersion(ownServiceId)),
    });
    await provider.post(`/provider/services/${ownServiceId}/edit`, {
      ...newServiceForm('Detached Youth Work'),
      coverage: 'countywide',
      languages: 'English, Welsh',
      version: String(await lockVersion(ownServiceId)),
    });
    const states = (await versions(ownServiceId)).slice(-2).map((v) => v.state);
    expect(states).toEqual(['withdrawn', 'pending']);
  });
});

describe('what a provider may not do', () => {
  it('refuses another organisation’s service, and records the refusal', async () => {
    expect((await provider.get(`/provider/services/${otherServiceId}`)).statusCode).toBe(403);
    expect((await provider.get(`/provider/services/${otherServiceId}/edit`)).statusCode).toBe(403);
    const post = await provider.post(`/provider/services/${otherServiceId}/edit`, {
      ...newServiceForm('Hijacked'),
      version: '1',
    });
    expect(post.statusCode).toBe(403);
    expect((await versions(otherServiceId)).map((v) => v.state)).toEqual(['approved']);
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .where('subject_id', '=', otherServiceId)
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('keeps providers out of moderation, and other roles out of both', async () => {
    expect((await provider.get('/moderation')).statusCode).toBe(403);
    expect((await moderator.get('/provider/services')).statusCode).toBe(403);
    const hub = await signedIn('hub.practitioner@essex.example');
    expect((await hub.get('/provider/services')).statusCode).toBe(403);
    expect((await hub.get(`/moderation/versions/${newId()}`)).statusCode).toBe(403);
    const anonymous = new TestClient(t.app);
    const redirected = await anonymous.get('/provider/services/new');
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe('/sign-in');
  });

  it('gives 404 for unknown or malformed ids', async () => {
    expect((await provider.get('/provider/services/not-a-uuid')).statusCode).toBe(404);
    expect((await provider.get(`/provider/services/${newId()}/edit`)).statusCode).toBe(404);
    expect((await moderator.get('/moderation/versions/42')).statusCode).toBe(404);
    expect((await moderator.get(`/moderation/versions/${newId()}`)).statusCode).toBe(404);
  });
});

describe('bad input on the service form', () => {
  it('shows every problem, in form order, keeps what was typed, and saves nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('directory_services')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await provider.get('/provider/services/new');
    const empty = await provider.post('/provider/services/new', {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the name of the service',
      'Describe what the service offers',
      'Select whether the service is running',
      'Select what the service helps with',
      'Select the levels of need the service works at',
      'Select the area the service covers',
      'Select how the service is delivered',
      'Select how families get this service',
      'Select whether the service is free',
      'Select who can see this entry',
    ]);
    const bad = await provider.post('/provider/services/new', {
      ...newServiceForm('<script>alert(1)</script>'),
      minimumAge: '12',
      maximumAge: '9',
      url: 'javascript:alert(1)',
      categories: ['youth', 'astrology'],
      isFree: 'no',
      fees: '',
      location1Postcode: 'NOT A CODE',
      location1Times: 'whenever',
      contact1Phone: '',
      contact1Email: 'sam@',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Select what the service helps with',
      'The oldest age must be the same as or more than the youngest age',
      'Say what the service costs',
      'Enter a website address starting with https://',
      'Enter contact 1’s email address in the correct format, like name@example.org',
      'Enter a full postcode for place 1, like CM1 1QH',
      'Enter opening times like Mon-Fri 09:00-17:00; Sat 10:00-12:00 (“whenever” is not in that form)',
    ]);
    expect(bad.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(await count()).toBe(before);
  });

  it('adds another place without sending the form, keeping what was typed', async () => {
    const more = await provider.post('/provider/services/new', {
      ...newServiceForm('Two places'),
      action: 'add-location',
    });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('name="location2Name"');
    expect(more.body).toContain('value="Harlow Youth Centre"');
    expect(errorSummary(more.body)).toEqual([]);
  });
});

describe('entries not checked for 12 months', () => {
  it('flags them to the provider and moderators, emails the provider once, and clears when the provider confirms', async () => {
    await sql`update directory_services set last_checked_at = now() - interval '13 months' where id = ${ownServiceId}`.execute(
      t.database.db,
    );
    await sql`update directory_listings set last_checked_at = now() - interval '13 months' where service_id = ${ownServiceId}`.execute(
      t.database.db,
    );
    expect((await provider.get('/provider/services')).body).toContain('Check due');
    expect((await moderator.get('/moderation')).body).toMatch(/data-qa="review-due"[\s\S]*Detached Youth Work/);

    expect(await t.services.directory.moderation.remindOverdueReviews()).toBe(1);
    expect((await t.services.notify.latestTo('provider@essex.example'))?.subject).toBe(
      'Check your Directory of Services entry: Detached Youth Work',
    );
    expect(await t.services.directory.moderation.remindOverdueReviews()).toBe(0);

    const page = await provider.get(`/provider/services/${ownServiceId}`);
    expect(page.body).toContain('Nobody has checked this entry for 12 months');
    const confirmed = await provider.post(`/provider/services/${ownServiceId}/checked`, {
      version: String(await lockVersion(ownServiceId)),
    });
    expect(confirmed.statusCode).toBe(303);
    expect((await provider.follow(confirmed)).body).toContain('The entry is marked as checked today');
    expect((await provider.get('/provider/services')).body).not.toContain('Check due');
    expect((await moderator.get('/moderation')).body).not.toMatch(/data-qa="review-due"[\s\S]*Detached Youth Work/);
  });
});
