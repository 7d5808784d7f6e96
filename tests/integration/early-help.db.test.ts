import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Early help pages over HTTP: who gets in, and every bad input answered with a message, never a 500. */

let t: TestApp;
let worker: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** A Family Solutions family the worker has taken on through the pages. Returns the family page's path and the episode id. */
async function takeOn(surname: string, children = ['Sam']) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children });
  await worker.get('/early-help/work');
  const accepted = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
  expect(accepted.statusCode).toBe(303);
  const path = String(accepted.headers.location);
  const episode = await t.database.db
    .selectFrom('episodes')
    .select(['id', 'version'])
    .where('hub_work_item_id', '=', item.id)
    .executeTakeFirstOrThrow();
  return { item, path, episodeId: episode.id };
}
const version = async (episodeId: string) =>
  String(
    (await t.database.db.selectFrom('episodes').select('version').where('id', '=', episodeId).executeTakeFirstOrThrow())
      .version,
  );

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('who gets in', () => {
  it('shows early help to roles that start it, and Hub work only to those who take it on', async () => {
    expect((await worker.get('/early-help')).body).toContain('Your families');
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get('/early-help')).statusCode).toBe(200);
    expect((await teacher.get('/early-help/work')).statusCode).toBe(403);
    const analyst = await signedIn('analyst@essex.example');
    expect((await analyst.get('/early-help')).statusCode).toBe(403);
    expect((await analyst.get('/early-help')).body).not.toContain('Early help</a>');
    expect((await worker.get(`/families/${newId()}`)).statusCode).toBe(404);
    expect((await worker.get('/families/nope')).statusCode).toBe(404);
    expect((await worker.get(`/early-help/episodes/${newId()}/level`)).statusCode).toBe(404);
  });

  it('refuses an uninvolved partner, and sends a Hub practitioner to break-glass', async () => {
    const { path } = await takeOn('Osei');
    expect((await worker.get(path)).body).toContain('The Osei family');
    const police = await signedIn('police@essex.example');
    const refused = await police.get(path);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You are not involved with this record');
    const hub = await signedIn('hub.practitioner@essex.example');
    const sent = await hub.get(path);
    expect(sent.statusCode).toBe(303);
    expect(String(sent.headers.location)).toMatch(/^\/break-glass\?type=family&id=/);
  });
});

describe('taking on Hub work', () => {
  it('refuses a stale or second acceptance with a message', async () => {
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Twice', children: ['Ben'] });
    await worker.get('/early-help/work');
    const bad = await worker.post(`/early-help/work/${item.id}/accept`, { version: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual(['Reload the page and try again']);
    const stale = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version + 1) });
    expect(errorSummary(stale.body)).toEqual([
      'Someone else has taken on or changed this work. Check the list as it is now.',
    ]);
    expect(
      (await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) })).statusCode,
    ).toBe(303);
    await worker.get('/early-help/work');
    const again = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['This work has already been taken on by Jo Carter']);
  });
});

describe('the episode’s forms', () => {
  it('checks the level change, the close form and adding a member', async () => {
    const { path, episodeId } = await takeOn('Forms', ['Ada']);
    const familyId = path.split('/').pop()!;
    await worker.get(`/early-help/episodes/${episodeId}/level`);
    const empty = await worker.post(`/early-help/episodes/${episodeId}/level`, { version: await version(episodeId) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select the new level of need',
      'Enter why the level of need has changed',
    ]);
    const same = await worker.post(`/early-help/episodes/${episodeId}/level`, {
      version: await version(episodeId),
      level: '3',
      reason: 'No change',
    });
    expect(errorSummary(same.body)).toEqual(['The family is already at level 3: choose a different level']);
    const forged = await worker.post(`/early-help/episodes/${episodeId}/level`, {
      version: await version(episodeId),
      level: '9',
      reason: 'x',
    });
    expect(errorSummary(forged.body)).toEqual(['Select the new level of need']);
    const stale = await worker.post(`/early-help/episodes/${episodeId}/level`, {
      version: '99',
      level: '2',
      reason: 'Better',
    });
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this family’s early help/);
    expect(stale.body).toContain('Better');

    await worker.get(`/early-help/episodes/${episodeId}/close`);
    const close = await worker.post(`/early-help/episodes/${episodeId}/close`, { version: await version(episodeId) });
    expect(errorSummary(close.body)).toEqual(['Select why early help is ending']);
    const noOutcomes = await worker.post(`/early-help/episodes/${episodeId}/close`, {
      version: await version(episodeId),
      reason: 'needs-met',
    });
    expect(noOutcomes.statusCode).toBe(400);
    expect(errorSummary(noOutcomes.body)).toEqual(['Select an outcome for need 1', 'Select an outcome for need 2']);

    await worker.get(`/early-help/episodes/${episodeId}/lead`);
    expect(
      errorSummary(
        (
          await worker.post(`/early-help/episodes/${episodeId}/lead`, {
            version: await version(episodeId),
            email: 'nobody@example.com',
          })
        ).body,
      ),
    ).toEqual(['There is no active Hearth user with that email address']);

    const memberPage = `/families/${familyId}/members/new`;
    await worker.get(memberPage);
    const familyVersion = String(
      (
        await t.database.db
          .selectFrom('families')
          .select('version')
          .where('id', '=', familyId)
          .executeTakeFirstOrThrow()
      ).version,
    );
    const blank = await worker.post(memberPage, { version: familyVersion, step: 'find' });
    expect(errorSummary(blank.body)).toEqual([
      'Enter their first name',
      'Enter their last name',
      'Enter their date of birth',
      'Select how they are related to the family',
    ]);
    const ada = {
      version: familyVersion,
      firstName: 'Ada',
      lastName: 'Forms',
      'dateOfBirth-day': '10',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2014',
      postcode: '',
      relationship: 'child',
    };
    const badDate = await worker.post(memberPage, {
      ...ada,
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      step: 'find',
    });
    expect(errorSummary(badDate.body)).toEqual(['Date of birth must be a real date, like 27 3 2015']);
    const found = await worker.post(memberPage, { ...ada, step: 'find' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Probably this person');
    const personId = /name="choice" type="radio" value="([0-9a-f-]{36})"/.exec(found.body)?.[1];
    expect(personId).toBeDefined();
    const noChoice = await worker.post(memberPage, { ...ada, step: 'confirm' });
    expect(errorSummary(noChoice.body)).toEqual(['Select who this is, or that they are not listed']);
    const already = await worker.post(memberPage, { ...ada, step: 'confirm', choice: personId! });
    expect(errorSummary(already.body)).toEqual(['Ada Forms is already in this family']);
    const duplicate = await worker.post(memberPage, { ...ada, step: 'confirm', choice: 'new' });
    expect(errorSummary(duplicate.body)[0]).toMatch(
      /^Hearth already has a record that is probably this person: Ada Forms/,
    );
  });

  it('keeps a partner’s start form filled in and finds the person before starting', async () => {
    const teacher = await signedIn('teacher@essex.example');
    await teacher.get('/early-help/start');
    const empty = await teacher.post('/early-help/start', { step: 'find' });
    expect(errorSummary(empty.body)).toEqual([
      'Enter the name the family is known by',
      'Select the district the family lives in',
      'Enter their first name',
      'Enter their last name',
      'Enter their date of birth',
      'Select how they are related to the family',
    ]);
    const form = {
      familyName: 'The Nguyen family',
      districtCode: 'basildon',
      address: '',
      firstName: 'Linh',
      lastName: 'Nguyen',
      'dateOfBirth-day': '4',
      'dateOfBirth-month': '11',
      'dateOfBirth-year': '2016',
      postcode: 'SS14 1AA',
      relationship: 'child',
    };
    const nowhere = await teacher.post('/early-help/start', { ...form, districtCode: 'atlantis', step: 'find' });
    expect(nowhere.statusCode).toBe(400);
    expect(errorSummary(nowhere.body)).toEqual(['Select the district the family lives in']);
    const found = await teacher.post('/early-help/start', { ...form, step: 'find' });
    expect(found.body).toContain('Record a new person');
    expect(found.body).toContain('value="The Nguyen family"');
    const noChoice = await teacher.post('/early-help/start', { ...form, step: 'confirm', choice: 'someone' });
    expect(errorSummary(noChoice.body)).toEqual(['Select who this is, or that they are not listed']);
    expect(noChoice.body).toContain('Record a new person');
    const started = await teacher.post('/early-help/start', { ...form, step: 'confirm', choice: 'new' });
    expect(started.statusCode).toBe(303);
    const page = await teacher.follow(started);
    expect(page.body).toContain('Early help has started at level 2');
    expect(page.body).toContain('Linh Nguyen');
    expect((await teacher.get('/early-help')).body).toContain('The Nguyen family');
  });
});
