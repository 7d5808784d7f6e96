import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MACE 2 (issue 13): places and persons of concern by quadrant, meetings with the Community Safety Partnerships,
 * disruption actions with dated updates (optimistic locking), the problem profile, the local picture from Hearth's
 * own records (its counts and suppression: mace2-picture.db.test.ts), and the figures. Who may do what: the coordinator, the quadrant's
 * panel, and everyone else refused and audited (a West member on a South record; the Hub; break-glass never).
 */

let t: TestApp;
let coordinator: TestClient;
let member: TestClient;
let signIns = 0;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const [year, month, day] = todayInLondon().split('-') as [string, string, string];
const ASK = 'A restricted record exists. To see it, ask the MACE coordinator for your quadrant';

async function create(client: TestClient, formUrl: string, postUrl: string, fields: Record<string, string | string[]>) {
  const page = await client.get(formUrl);
  expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
  const sent = await client.post(postUrl, { submissionKey: key(page.body), ...fields });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return idOf(sent.headers.location);
}
const place = (client: TestClient, quadrant: string, over: Record<string, string> = {}) =>
  create(client, `/mace/mace2/${quadrant}/places/new`, `/mace/mace2/${quadrant}/places`, {
    kind: 'station',
    name: 'Harlow Town station',
    district: quadrant === 'west' ? 'harlow' : 'basildon',
    description: 'Children seen meeting older men off the London trains after school.',
    ...over,
  });
const organisationId = async (code: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const actionForm = async (over: Record<string, string> = {}) => ({
  category: 'disrupt',
  what: 'Operation Henderson: joint patrols of trains and taxis between Harlow and London',
  organisation: await organisationId('essex-police'),
  ownerName: 'PS Amir Khan',
  'dueOn-day': String(Number(day)),
  'dueOn-month': String(Number(month)),
  'dueOn-year': String(Number(year) + 1),
  link: '',
  inActionPlan: 'yes',
  ...over,
});
const audited = (type: string, id: string) => t.services.audit.forSubject(type, id);

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await signedIn('mace.coordinator@essex.example');
  member = await signedIn('mace.member@essex.example');
});
afterAll(() => t?.close());

describe('places and persons of concern', () => {
  it('lets a panel member add a place in their quadrant and see it, audited', async () => {
    const id = await place(member, 'west');
    const page = await member.get(`/mace/mace2/places/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Place of concern: Harlow Town station');
    expect(page.body).toContain('Railway or bus station');
    const row = await t.database.db
      .selectFrom('mace2_places')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'station', district: 'harlow', status: 'open' });
    expect((await audited('mace2-place', id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['mace2-place.recorded', 'mace2-place.viewed']),
    );
  });

  it('refuses a West member a South place and person, and a South form, audited; never the content', async () => {
    const placeId = await place(coordinator, 'south', { name: 'Basildon bus station' });
    const personId = await create(coordinator, '/mace/mace2/south/persons/new', '/mace/mace2/south/persons', {
      name: 'Tall Man',
      approximateAge: '24',
      district: 'basildon',
      places: placeId,
      description: 'Drives a silver car; offers lifts.',
    });
    for (const url of [`/mace/mace2/places/${placeId}`, `/mace/mace2/persons/${personId}`, '/mace/mace2/south']) {
      const page = await member.get(url);
      expect(page.statusCode, url).toBe(403);
      expect(page.body).toContain(ASK);
      expect(page.body).not.toContain('Tall Man');
      expect(page.body).not.toContain('Basildon bus station');
    }
    expect((await member.get('/mace/mace2/south/places/new')).statusCode).toBe(403);
    // Refused by the route's declared access (restricted:view-panel), before the page is built; audited as restricted.
    const denied = (await audited('mace2-person', personId)).filter((e) => e.action === 'record.view-denied');
    expect(denied[0]).toMatchObject({ outcome: 'denied', details: { restricted: true, breakGlassAvailable: false } });
    // The coordinator sits on every panel and sees it, linked to the place.
    const seen = await coordinator.get(`/mace/mace2/persons/${personId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Basildon bus station');
    expect((await audited('mace2-person', personId)).map((e) => e.action)).toContain('mace2-person.viewed');
  });

  it('shows persons of concern to nobody off the panel: not the Hub, not through break-glass', async () => {
    const personId = await create(coordinator, '/mace/mace2/west/persons/new', '/mace/mace2/west/persons', {
      name: 'K',
      approximateAge: '',
      district: 'harlow',
      description: '',
    });
    for (const email of ['hub.manager@essex.example', 'hub.practitioner@essex.example', 'teacher@essex.example']) {
      const client = await signedIn(email);
      const page = await client.get(`/mace/mace2/persons/${personId}`);
      expect(page.statusCode, email).toBe(403);
      expect(page.body).toContain(ASK);
      expect(page.body).not.toContain('break-glass');
    }
    // A break-glass grant is never asked about: the record type is not registered with break-glass.
    expect((await audited('mace2-person', personId)).filter((e) => e.outcome === 'denied')).toHaveLength(3);
  });

  it('lets only a coordinator record a person of concern', async () => {
    expect((await member.get('/mace/mace2/west/persons/new')).statusCode).toBe(403);
    expect((await member.post('/mace/mace2/west/persons', { name: 'X', district: 'harlow' })).statusCode).toBe(403);
  });

  it('lists every problem on a bad place form, keeps what was typed, and refuses NUL', async () => {
    const page = await member.get('/mace/mace2/west/places/new');
    const sent = await member.post('/mace/mace2/west/places', {
      submissionKey: key(page.body),
      kind: 'castle',
      name: '',
      district: 'basildon',
      description: 'x'.repeat(5001),
    });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'Select what kind of place it is',
      'Enter the name of the place',
      'Select the district',
      'What is known about the place must be 5,000 characters or fewer',
    ]);
    const nul = await member.post('/mace/mace2/west/places', { kind: 'park', name: 'Park\u0000', district: 'harlow' });
    expect(nul.statusCode).toBe(400);
  });

  it('keeps markup as typed and shows it escaped', async () => {
    const markup = '<script>alert(1)</script><b>bold</b>';
    const id = await place(member, 'west', { name: markup, description: markup });
    const row = await t.database.db
      .selectFrom('mace2_places')
      .select(['name'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(markup);
    const page = await member.get(`/mace/mace2/places/${id}`);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('makes one place of ten identical parallel submits', async () => {
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('mace2_places')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const page = await member.get('/mace/mace2/west/places/new');
    const submissionKey = key(page.body);
    const fields = { submissionKey, kind: 'park', name: 'Harlow Town Park', district: 'harlow', description: '' };
    const sent = await Promise.all(Array.from({ length: 10 }, () => member.post('/mace/mace2/west/places', fields)));
    expect(sent.every((r) => r.statusCode === 303)).toBe(true);
    expect(new Set(sent.map((r) => r.headers.location)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });
});

describe('disruption actions and meetings', () => {
  it('lets a coordinator record an action that a member updates, on every meeting until done', async () => {
    const placeId = await place(coordinator, 'west', { name: 'Epping station', district: 'epping-forest' });
    const actionId = await create(
      coordinator,
      '/mace/mace2/west/actions/new',
      '/mace/mace2/west/actions',
      await actionForm({ link: `place:${placeId}` }),
    );
    const meetingA = await create(coordinator, '/mace/mace2/west/meetings/new', '/mace/mace2/west/meetings', {
      'heldOn-day': String(Number(day)),
      'heldOn-month': String(Number(month)),
      'heldOn-year': year,
      csps: ['harlow', 'epping-forest'],
      organisations: await organisationId('essex-police'),
      notes: '',
    });
    const meetingB = await create(coordinator, '/mace/mace2/west/meetings/new', '/mace/mace2/west/meetings', {
      'heldOn-day': String(Number(day)),
      'heldOn-month': String(Number(month)),
      'heldOn-year': String(Number(year) + 1),
      notes: 'Next quarter',
    });
    for (const id of [meetingA, meetingB]) {
      const page = await member.get(`/mace/mace2/meetings/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Operation Henderson');
      expect(page.body).toContain('data-qa="local-picture"');
    }
    expect((await member.get(`/mace/mace2/meetings/${meetingA}`)).body).toContain('Epping Forest, Harlow');

    const page = await member.get(`/mace/mace2/actions/${actionId}`);
    expect(page.statusCode).toBe(200);
    const sent = await member.post(`/mace/mace2/actions/${actionId}`, {
      status: 'in-progress',
      note: 'Patrols started',
      version: '1',
    });
    expect(sent.statusCode).toBe(303);
    expect((await member.get(`/mace/mace2/meetings/${meetingB}`)).body).toContain('Operation Henderson');
    await member.get(`/mace/mace2/actions/${actionId}`);
    expect(
      (await member.post(`/mace/mace2/actions/${actionId}`, { status: 'done', note: 'Two arrests', version: '2' }))
        .statusCode,
    ).toBe(303);
    expect((await member.get(`/mace/mace2/meetings/${meetingB}`)).body).not.toContain('Operation Henderson');
    const updates = await t.database.db
      .selectFrom('mace2_action_updates')
      .selectAll()
      .where('action_id', '=', actionId)
      .orderBy('created_at')
      .execute();
    expect(updates.map((u) => [u.status, u.note])).toEqual([
      ['in-progress', 'Patrols started'],
      ['done', 'Two arrests'],
    ]);
    expect((await audited('mace2-action', actionId)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['mace2-action.recorded', 'mace2-action.viewed', 'mace2-action.updated']),
    );
  });

  it('tells the second editor someone else changed the action, keeps what they typed, and loses nothing', async () => {
    const actionId = await create(
      coordinator,
      '/mace/mace2/west/actions/new',
      '/mace/mace2/west/actions',
      await actionForm({ what: 'Visit the hotels in Harlow (Operation Kirn)' }),
    );
    await member.get(`/mace/mace2/actions/${actionId}`);
    await coordinator.get(`/mace/mace2/actions/${actionId}`);
    expect(
      (
        await member.post(`/mace/mace2/actions/${actionId}`, {
          status: 'in-progress',
          note: 'First visit done',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);
    const second = await coordinator.post(`/mace/mace2/actions/${actionId}`, {
      status: 'done',
      note: 'All visited',
      version: '1',
    });
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else updated this action after you opened it');
    expect(second.body).toContain('All visited');
    expect(second.body).toContain('First visit done');
    const row = await t.database.db
      .selectFrom('mace2_actions')
      .select(['status', 'version'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'in-progress', version: 2 });
  });

  it('lets only a coordinator schedule a meeting or record an action; a member of another quadrant sees none', async () => {
    expect((await member.get('/mace/mace2/west/meetings/new')).statusCode).toBe(403);
    expect((await member.get('/mace/mace2/west/actions/new')).statusCode).toBe(403);
    const southAction = await create(
      coordinator,
      '/mace/mace2/south/actions/new',
      '/mace/mace2/south/actions',
      await actionForm({ what: 'Close the trap house' }),
    );
    const page = await member.get(`/mace/mace2/actions/${southAction}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('trap house');
    expect(
      (await member.post(`/mace/mace2/actions/${southAction}`, { status: 'done', note: 'x', version: '1' })).statusCode,
    ).toBe(403);
  });

  it('refuses a bad action with every problem listed', async () => {
    const page = await coordinator.get('/mace/mace2/west/actions/new');
    const sent = await coordinator.post('/mace/mace2/west/actions', {
      submissionKey: key(page.body),
      ...(await actionForm({
        category: '',
        what: '',
        organisation: 'nobody',
        ownerName: '',
        'dueOn-day': '31',
        'dueOn-month': '2',
        link: 'place:nowhere',
        inActionPlan: '',
      })),
    });
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'Select detect, disrupt or prevent',
      'Enter what will be done',
      'Select the agency that owns the action',
      'Enter the name of the person who owns the action',
      expect.stringContaining('must be a real date'),
      'Select a place or person of concern from the list',
    ]);
  });
});

describe('the problem profile', () => {
  it('keeps each version by date with its action plan', async () => {
    const first = await create(coordinator, '/mace/mace2/west/profile/new', '/mace/mace2/west/profile', {
      summary: 'County lines through Harlow station.',
      themes: 'Trains',
    });
    const second = await create(coordinator, '/mace/mace2/west/profile/new', '/mace/mace2/west/profile', {
      summary: 'Online grooming through a group chat.',
      themes: '',
    });
    expect(first).toBe(second); // both back to the quadrant's profile
    const versions = await t.database.db
      .selectFrom('mace2_profiles as p')
      .innerJoin('quadrants as q', 'q.id', 'p.quadrant_id')
      .select(['p.summary', 'p.as_of'])
      .where('q.code', '=', 'west')
      .execute();
    expect(versions.map((v) => v.summary).sort()).toEqual([
      'County lines through Harlow station.',
      'Online grooming through a group chat.',
    ]);
    expect(versions.every((v) => v.as_of === todayInLondon())).toBe(true);
    const page = await member.get('/mace/mace2/west');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Online grooming through a group chat.');
    expect(page.body).toContain('Earlier versions');
    expect(page.body).toContain('data-qa="action-plan"');
    expect((await member.get('/mace/mace2/west/profile/new')).statusCode).toBe(403);
  });
});

describe('figures', () => {
  it('counts actions open, done and overdue by quadrant and category, and open places and persons', async () => {
    const figures = await t.services.mace2Meetings.figures(new Date('2000-01-01'), new Date('2100-01-01'));
    const db = t.database.db;
    const west = (await db.selectFrom('quadrants').select('id').where('code', '=', 'west').executeTakeFirstOrThrow())
      .id;
    const overdueId = newId();
    await db
      .insertInto('mace2_actions')
      .values({
        id: overdueId,
        quadrant_id: west,
        category: 'detect',
        what: 'Overdue check',
        organisation_id: await organisationId('essex-police'),
        owner_name: 'Someone',
        due_on: '2020-01-01',
      })
      .execute();
    const after = await t.services.mace2Meetings.figures(new Date('2000-01-01'), new Date('2100-01-01'));
    const row = (f: typeof figures, category: string) =>
      f.actions.find((a) => a.quadrant === 'west' && a.category === category);
    expect(row(after, 'detect')).toMatchObject({
      open: (row(figures, 'detect')?.open ?? 0) + 1,
      overdue: (row(figures, 'detect')?.overdue ?? 0) + 1,
    });
    expect(row(after, 'disrupt')!.done).toBeGreaterThanOrEqual(1);
    const places = await db
      .selectFrom('mace2_places as p')
      .innerJoin('quadrants as q', 'q.id', 'p.quadrant_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('q.code', '=', 'west')
      .where('p.status', '=', 'open')
      .executeTakeFirstOrThrow();
    expect(after.placesOpen.west).toBe(Number(places.n));
    expect(after.personsOpen.south).toBe(1);
  });
});
