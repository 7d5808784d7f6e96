import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Family Solutions pages over HTTP: who gets in, and every bad input answered with a message, never a 500. */

let t: TestApp;
let manager: TestClient;
let worker: TestClient;
let harlowId: string;
let workerId: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const version = async (episodeId: string) =>
  String(
    (await t.database.db.selectFrom('episodes').select('version').where('id', '=', episodeId).executeTakeFirstOrThrow())
      .version,
  );

/** A Harlow family the manager has taken on from the Hub: it waits for allocation. */
async function waiting(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Sam'], parent: 'Alex' });
  await manager.get('/early-help/work');
  expect((await manager.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) })).statusCode).toBe(
    303,
  );
  return await t.database.db
    .selectFrom('episodes')
    .select(['id', 'family_id'])
    .where('hub_work_item_id', '=', item.id)
    .executeTakeFirstOrThrow();
}
async function allocate(episodeId: string, extra: Record<string, string> = {}) {
  await manager.get(`/early-help/family-solutions/allocation/${episodeId}`);
  return manager.post(`/early-help/family-solutions/allocation/${episodeId}`, {
    version: await version(episodeId),
    teamId: harlowId,
    workerId,
    overCapacityReason: '',
    ...extra,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await signedIn('fs.manager@essex.example');
  worker = await signedIn('fs.worker@essex.example');
  workerId = (await userByEmail(t.services, 'fs.worker@essex.example')).id;
  harlowId = (
    await t.database.db
      .selectFrom('teams')
      .select('id')
      .where('code', '=', 'family-solutions-harlow')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t?.close());

describe('who gets in', () => {
  it('shows allocation to managers only, and answers unknown ids with 404', async () => {
    expect((await manager.get('/early-help/family-solutions/allocation')).statusCode).toBe(200);
    expect((await worker.get('/early-help/family-solutions/allocation')).statusCode).toBe(403);
    expect((await worker.get('/early-help/family-solutions')).statusCode).toBe(200);
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get('/early-help/family-solutions')).statusCode).toBe(403);
    expect((await manager.get(`/early-help/family-solutions/allocation/${newId()}`)).statusCode).toBe(404);
    expect((await manager.get('/early-help/family-solutions/allocation/nope')).statusCode).toBe(404);
    expect((await worker.get(`/early-help/family-solutions/episodes/${newId()}`)).statusCode).toBe(404);
  });
});

describe('allocation', () => {
  it('allocates, and the worker’s family page links to Family Solutions', async () => {
    const e = await waiting('Page');
    const form = await manager.get(`/early-help/family-solutions/allocation/${e.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Family Solutions Harlow');
    const done = await allocate(e.id);
    expect(done.statusCode).toBe(303);
    const family = await worker.get(`/families/${e.family_id}`);
    expect(family.body).toContain(`/early-help/family-solutions/episodes/${e.id}`);
    const page = await worker.get(`/early-help/family-solutions/episodes/${e.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Record the family agreement');
  });

  it('asks for a reason over capacity, and refuses a stale version or a missing worker', async () => {
    const e = await waiting('Capacity');
    const settings = await t.services.familySolutions.settings();
    const held = (await t.services.familySolutions.repository.workerCaseloads([workerId])).get(workerId) ?? 0;
    const spy = vi
      .spyOn(t.services.reference, 'familySolutionsSettings')
      .mockResolvedValue({ ...settings, workerCapacity: held });
    try {
      const over = await allocate(e.id);
      expect(over.statusCode).toBe(400);
      expect(errorSummary(over.body)).toEqual([
        `Jo Carter already has ${held} ${held === 1 ? 'family' : 'families'} (capacity ${held}). To allocate anyway, give the reason`,
      ]);
      const missing = await allocate(e.id, { workerId: '' });
      expect(errorSummary(missing.body)).toEqual(['Select the worker to allocate']);
      const long = await allocate(e.id, { overCapacityReason: 'x'.repeat(2001) });
      expect(errorSummary(long.body)).toEqual(['The reason must be 2,000 characters or fewer']);
      // Someone changed the episode after the manager opened the form.
      const seen = await version(e.id);
      await t.database.db
        .updateTable('episodes')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', e.id)
        .execute();
      const stale = await allocate(e.id, { version: seen, overCapacityReason: 'Sibling group' });
      expect(stale.statusCode).toBe(400);
      expect(errorSummary(stale.body)[0]).toContain('Someone else changed this');
      expect(
        await t.database.db.selectFrom('fs_allocations').select('id').where('episode_id', '=', e.id).execute(),
      ).toHaveLength(0);
      expect((await allocate(e.id, { overCapacityReason: 'Sibling group already with Jo' })).statusCode).toBe(303);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the family agreement and supervision forms', () => {
  it('answers bad agreements with messages and keeps what was typed', async () => {
    const e = await waiting('Forms');
    await allocate(e.id);
    const path = `/early-help/family-solutions/episodes/${e.id}/agreement`;
    expect((await worker.get(path)).statusCode).toBe(200);
    const empty = await worker.post(path, {
      version: '0',
      'agreedOn-day': '',
      'agreedOn-month': '',
      'agreedOn-year': '',
      familyAgrees: 'Keep Sam in school',
      serviceAgrees: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Enter the date the family agreed',
      'Select the adults in the family who agreed',
      'Enter what Family Solutions agree to',
    ]);
    expect(empty.body).toContain('Keep Sam in school');
    const parent = (await t.services.earlyHelp.membersOf(e.family_id)).find(
      (m) => m.relationship === 'parent',
    )!.person_id;
    const bad = await worker.post(path, {
      version: '0',
      'agreedOn-day': '31',
      'agreedOn-month': '2',
      'agreedOn-year': '2026',
      agreedBy: parent,
      familyAgrees: 'a',
      serviceAgrees: 'b',
    });
    expect(errorSummary(bad.body)).toEqual(['The date the family agreed must be a real date, like 27 3 2026']);
    const now = new Date();
    const today = {
      'agreedOn-day': String(now.getDate()),
      'agreedOn-month': String(now.getMonth() + 1),
      'agreedOn-year': String(now.getFullYear()),
    };
    const saved = await worker.post(path, {
      version: '0',
      ...today,
      agreedBy: parent,
      familyAgrees: 'Sam goes to school.',
      serviceAgrees: 'Weekly visits.',
    });
    expect(saved.statusCode).toBe(303);
    const stale = await worker.post(path, {
      version: '0',
      ...today,
      agreedBy: parent,
      familyAgrees: 'Something else',
      serviceAgrees: 'Weekly visits.',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toContain('Someone else changed this');
    expect(stale.body).toContain('Sam goes to school.');
    // The manager does not edit the family's agreement.
    expect(
      (await manager.post(path, { version: '1', ...today, agreedBy: parent, familyAgrees: 'x', serviceAgrees: 'y' }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a next supervision date that is not after today, and a worker recording supervision', async () => {
    const e = await waiting('Supervision');
    await allocate(e.id);
    const path = `/early-help/family-solutions/episodes/${e.id}/supervision`;
    expect((await worker.get(path)).statusCode).toBe(403);
    expect((await manager.get(path)).statusCode).toBe(200);
    const past = await manager.post(path, {
      'supervisedOn-day': '1',
      'supervisedOn-month': '3',
      'supervisedOn-year': '2025',
      notes: 'Going well.',
      decisions: 'Carry on.',
      'nextDue-day': '1',
      'nextDue-month': '4',
      'nextDue-year': '2025',
    });
    expect(past.statusCode).toBe(400);
    expect(errorSummary(past.body)).toEqual(['The next supervision must be after today']);
    expect(past.body).toContain('Going well.');
    const ok = await manager.post(path, {
      'supervisedOn-day': '1',
      'supervisedOn-month': '3',
      'supervisedOn-year': '2025',
      notes: 'Going well.',
      decisions: 'Carry on.',
      'nextDue-day': '1',
      'nextDue-month': '4',
      'nextDue-year': '2999',
    });
    expect(ok.statusCode).toBe(303);
    expect((await worker.get(`/early-help/family-solutions/episodes/${e.id}`)).body).toContain('Carry on.');
    expect((await manager.get('/early-help/family-solutions')).statusCode).toBe(200);
  });

  it('refuses the sustainment form before the check is due', async () => {
    const e = await waiting('NotDue');
    await allocate(e.id);
    expect((await worker.get(`/early-help/family-solutions/episodes/${e.id}/sustainment`)).statusCode).toBe(403);
  });
});
