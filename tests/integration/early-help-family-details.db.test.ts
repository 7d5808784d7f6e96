import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A family's members' school or setting and GP, ending a membership and recording a move, over HTTP:
 * every bad input answered on the form with the values kept, the history kept, ids only in the audit.
 */

let t: TestApp;
let worker: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** A day relative to today (UTC, as the service's "today"), as ISO and as the date input's three fields under `name`. */
function day(offset: number, name: string) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return {
    iso: d.toISOString().slice(0, 10),
    fields: {
      [`${name}-day`]: String(d.getUTCDate()),
      [`${name}-month`]: String(d.getUTCMonth() + 1),
      [`${name}-year`]: String(d.getUTCFullYear()),
    },
  };
}

/** Takes on Hub work for a family whose children have a GP on the request; returns the family id. */
async function takeOn(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Mia'], parent: 'Dean' });
  await t.database.db
    .updateTable('request_people')
    .set({ gp: 'Church Langley Medical Practice' })
    .where('request_id', '=', item.request_id)
    .where('first_name', '=', 'Mia')
    .execute();
  await worker.get('/early-help/work');
  const accepted = await worker.post(`/early-help/work/${item.id}/accept`, { version: String(item.version) });
  expect(accepted.statusCode).toBe(303);
  return String(accepted.headers.location).split('/').pop()!;
}
const familyVersion = async (id: string) =>
  String(
    (await t.database.db.selectFrom('families').select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version,
  );
const memberId = async (familyId: string, firstName: string) =>
  (
    await t.database.db
      .selectFrom('family_members as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select('m.id')
      .where('m.family_id', '=', familyId)
      .where('p.first_name', '=', firstName)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('school or setting and GP', () => {
  it('copies them from the request when the work is taken on, and takes them on the add-member form', async () => {
    const familyId = await takeOn('Ashby');
    const page = await worker.get(`/families/${familyId}`);
    expect(page.body).toContain('Harlow Primary');
    expect(page.body).toContain('Church Langley Medical Practice');
    const dean = await t.database.db
      .selectFrom('family_members')
      .select(['school_or_setting', 'gp'])
      .where('id', '=', await memberId(familyId, 'Dean'))
      .executeTakeFirstOrThrow();
    expect(dean).toEqual({ school_or_setting: null, gp: null });

    const memberPage = `/families/${familyId}/members/new`;
    await worker.get(memberPage);
    const rosa = {
      version: await familyVersion(familyId),
      firstName: 'Rosa',
      lastName: 'Ashby',
      'dateOfBirth-day': '9',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2021',
      postcode: '',
      relationship: 'child',
      gp: 'The Hamilton Practice',
    };
    const tooLong = await worker.post(memberPage, { ...rosa, schoolOrSetting: 'x'.repeat(201), step: 'find' });
    expect(errorSummary(tooLong.body)).toEqual(['The school or setting must be 200 characters or fewer']);
    expect(tooLong.body).toContain('The Hamilton Practice');
    const added = await worker.post(memberPage, {
      ...rosa,
      schoolOrSetting: 'Little Acorns Nursery',
      step: 'confirm',
      choice: 'new',
    });
    expect(added.statusCode).toBe(303);
    const after = await worker.get(`/families/${familyId}`);
    expect(after.body).toContain('Little Acorns Nursery');
    expect(after.body).toContain('The Hamilton Practice');
  });
});

describe('ending a membership', () => {
  it('refuses a future date, a date before they joined, a blank date and a stale version, then moves them under “before”', async () => {
    const familyId = await takeOn('Brook');
    const dean = await memberId(familyId, 'Dean');
    const path = `/families/${familyId}/members/${dean}/end`;
    const form = await worker.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Dean Brook has left the household');
    const version = await familyVersion(familyId);

    const blank = await worker.post(path, { version, reason: '' });
    expect(blank.statusCode).toBe(400);
    expect(errorSummary(blank.body)).toEqual(['Enter the date they left']);
    const future = await worker.post(path, { version, ...day(1, 'toDate').fields, reason: 'Moved out' });
    expect(errorSummary(future.body)).toEqual(['The date they left must be today or in the past']);
    expect(future.body).toContain('Moved out');
    const before = await worker.post(path, { version, ...day(-1, 'toDate').fields, reason: '' });
    expect(before.statusCode).toBe(400);
    expect(errorSummary(before.body)).toEqual(['The date they left must be on or after the date they joined']);
    const notReal = await worker.post(path, {
      version,
      'toDate-day': '31',
      'toDate-month': '2',
      'toDate-year': '2025',
      reason: '',
    });
    expect(errorSummary(notReal.body)).toEqual(['The date they left must be a real date, like 27 3 2026']);
    const stale = await worker.post(path, {
      version: String(Number(version) + 5),
      ...day(0, 'toDate').fields,
      reason: 'Moved to his mother’s',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this family’s early help/);
    expect(stale.body).toContain('Moved to his mother’s');
    expect(stale.body).toContain(`name="version" value="${version}"`);

    const ended = await worker.post(path, { version, ...day(0, 'toDate').fields, reason: 'Moved to his mother’s' });
    expect(ended.statusCode).toBe(303);
    const page = await worker.get(`/families/${familyId}`);
    const past = page.body.slice(page.body.indexOf('People who were in the family before'));
    expect(past).toContain('Dean Brook');
    expect(past).toContain('Moved to his mother’s');
    expect((await worker.get(path)).statusCode).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'early-help.member.ended')
      .where('subject_id', '=', familyId)
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ memberId: dean, toDate: day(0, 'toDate').iso });
  });

  it('is only for the family’s editors', async () => {
    const familyId = await takeOn('Carver');
    const police = await signedIn('police@essex.example');
    expect((await police.get(`/families/${familyId}/members/${await memberId(familyId, 'Mia')}/end`)).statusCode).toBe(
      403,
    );
    expect((await police.get(`/families/${familyId}/address`)).statusCode).toBe(403);
    expect((await worker.get(`/families/${familyId}/members/not-an-id/end`)).statusCode).toBe(404);
  });
});

describe('recording a move', () => {
  it('refuses a malformed postcode, a future date, a date before the current address and a stale version, then keeps the old address', async () => {
    const familyId = await takeOn('Dunmow');
    const path = `/families/${familyId}/address`;
    const form = await worker.get(path);
    expect(form.body).toContain('12 Mill Lane, Harlow, CM20 1AA');
    const version = await familyVersion(familyId);
    const move = { version, address: '4 Church Road, Harlow', postcode: 'cm20 2ab', ...day(0, 'fromDate').fields };

    const blank = await worker.post(path, { version });
    expect(errorSummary(blank.body)).toEqual([
      'Enter the new address',
      'Enter the postcode',
      'Enter the date they moved',
    ]);
    const badPostcode = await worker.post(path, { ...move, postcode: 'HARLOW 1' });
    expect(badPostcode.statusCode).toBe(400);
    expect(errorSummary(badPostcode.body)).toEqual(['Enter a full UK postcode, like CM20 1AB']);
    expect(badPostcode.body).toContain('4 Church Road, Harlow');
    const outwardOnly = await worker.post(path, { ...move, postcode: 'CM20' });
    expect(errorSummary(outwardOnly.body)).toEqual(['Enter a full UK postcode, like CM20 1AB']);
    const future = await worker.post(path, { ...move, ...day(3, 'fromDate').fields });
    expect(errorSummary(future.body)).toEqual(['The date they moved must be today or in the past']);
    const before = await worker.post(path, { ...move, ...day(-2, 'fromDate').fields });
    expect(before.statusCode).toBe(400);
    expect(errorSummary(before.body)[0]).toMatch(
      /^The date they moved must be on or after .*, when their current address was recorded$/,
    );
    const stale = await worker.post(path, { ...move, version: String(Number(version) + 5) });
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this family’s early help/);
    expect(stale.body).toContain('4 Church Road, Harlow');

    expect((await worker.post(path, move)).statusCode).toBe(303);
    const addresses = await t.database.db
      .selectFrom('family_addresses')
      .select(['address', 'postcode', 'from_date', 'to_date'])
      .where('family_id', '=', familyId)
      .orderBy('created_at')
      .execute();
    expect(addresses).toEqual([
      { address: '12 Mill Lane, Harlow', postcode: 'CM20 1AA', from_date: day(0, 'x').iso, to_date: day(0, 'x').iso },
      { address: '4 Church Road, Harlow', postcode: 'CM20 2AB', from_date: day(0, 'x').iso, to_date: null },
    ]);
    const page = await worker.get(`/families/${familyId}`);
    expect(page.body).toContain('4 Church Road, Harlow, CM20 2AB');
    expect(page.body).toContain('12 Mill Lane, Harlow, CM20 1AA');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'early-help.address.changed')
      .where('subject_id', '=', familyId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details ?? {})).not.toContain('Church Road');
  });
});
