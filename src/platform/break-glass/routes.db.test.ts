import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo/seed-demo.ts';
import { TestClient, errorSummary } from '../../../tests/helpers/http-client.ts';
import { createTestApp, type TestApp } from '../../../tests/helpers/test-app.ts';
import { newId } from '../db/ids.ts';
import { FAKE_RECORD_TYPE, fakeRecords, type FakeRecord } from './fake-record.test-support.ts';

const record: FakeRecord = {
  id: newId(),
  label: 'Family FS-2231',
  content: 'Assessment notes for the Carter family.',
  involved: new Map(),
};
const other: FakeRecord = { id: newId(), label: 'Family FS-9', content: 'Another family.', involved: new Map() };
const records = [record, other];
/** Another record nobody is involved with, so each test's grant is its own. */
const newRecord = () => {
  const r: FakeRecord = { id: newId(), label: 'Family FS-77', content: '', involved: new Map() };
  records.push(r);
  return r;
};
const recordUrl = `/test/records/${record.id}`;
const breakGlassUrl = (r: FakeRecord, returnTo = `/test/records/${r.id}`) =>
  `/break-glass?${new URLSearchParams({ type: FAKE_RECORD_TYPE, id: r.id, returnTo })}`;
const REASON = 'Police have asked for the family’s address after a missing-from-home report tonight.';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_ATTEMPTS_PER_MINUTE: '1000' }, { extraPages: fakeRecords(records) });
  const fsManager = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'fs.manager@essex.example')
    .executeTakeFirstOrThrow();
  record.involved.set(fsManager.id, ['team-manager']);
  other.involved.set(fsManager.id, ['team-manager']);
});
afterAll(() => t.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const grants = async () => t.database.db.selectFrom('break_glass_grants').selectAll().orderBy('granted_at').execute();

describe('a record page using recordAccess()', () => {
  it('sends people who are signed out to sign in', async () => {
    const client = new TestClient(t.app);
    for (const url of [recordUrl, breakGlassUrl(record), `/access-log?type=${FAKE_RECORD_TYPE}&id=${record.id}`]) {
      const response = await client.get(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    }
  });

  it('shows the record to someone involved, with its access log for an involved manager, and records the view', async () => {
    const manager = await signedIn('fs.manager@essex.example');
    const page = await manager.get(recordUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Assessment notes for the Carter family.');
    expect(page.body).not.toContain('data-qa="emergency-access"');
    expect(page.body).toContain('Who has looked at this record');
    expect(page.body).toMatch(/Chris Evans<\/td>\s*<td class="govuk-table__cell">\s*Viewed/);
  });

  it('takes a caseworker who is not involved to the break-glass page, then back to the record with a banner', async () => {
    const worker = await signedIn('fs.worker@essex.example');
    const refused = await worker.get(recordUrl);
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe(breakGlassUrl(record));

    const ask = await worker.follow(refused);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('You are not involved with this record');
    expect(ask.body).toContain('Family FS-2231');
    expect(ask.body).toContain('your manager will be emailed');
    expect(ask.body).toContain('govuk-character-count');
    expect(ask.body).toMatch(/value="60" checked/);
    expect(ask.body).toContain('name="_csrf"');
    expect(ask.body).not.toContain('Assessment notes');

    const granted = await worker.post(breakGlassUrl(record), { reason: REASON, minutes: '30' });
    expect(granted.statusCode).toBe(303);
    expect(granted.headers.location).toBe(recordUrl);
    const page = await worker.follow(granted);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Assessment notes for the Carter family.');
    expect(page.body).toContain('You are using emergency access until');
    expect(page.body).toContain('Your reason: Police have asked for the family’s address');
    expect(page.body).toContain('End emergency access');
    // A worker is no manager: no access log.
    expect(page.body).not.toContain('Who has looked at this record');

    const [grant] = await grants();
    expect(grant).toMatchObject({
      record_type: FAKE_RECORD_TYPE,
      record_id: record.id,
      record_label: 'Family FS-2231',
      reason: REASON,
    });
    expect(grant!.expires_at.getTime() - grant!.granted_at.getTime()).toBe(30 * 60_000);
    const alert = await t.services.notify.latestTo('fs.manager@essex.example');
    expect(alert?.subject).toBe('Jo Carter used emergency access to Family FS-2231');

    // Asking again while access is open goes straight to the record.
    const again = await worker.get(breakGlassUrl(record));
    expect(again.headers.location).toBe(recordUrl);

    const ended = await worker.post('/break-glass/end', { grantId: grant!.id });
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe('/');
    expect((await worker.follow(ended)).body).toContain('Your emergency access to Family FS-2231 has ended.');
    expect((await worker.get(recordUrl)).headers.location).toBe(breakGlassUrl(record));

    const actions = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', record.id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'record.viewed',
      'record.view-denied',
      'break-glass.granted',
      'record.viewed',
      'break-glass.ended',
      'record.view-denied',
    ]);
  });

  it('shows the alerted manager the access log, and refuses it to managers who are neither involved nor alerted', async () => {
    const manager = await signedIn('fs.manager@essex.example');
    const log = await manager.get(`/access-log?type=${FAKE_RECORD_TYPE}&id=${record.id}`);
    expect(log.statusCode).toBe(200);
    expect(log.body).toContain('Who has looked at this record');
    expect(log.body).toContain('Started emergency access');
    expect(log.body).toContain('Reason: Police have asked for the family’s address');
    for (const email of ['hub.manager@essex.example', 'fs.worker@essex.example', 'teacher@essex.example']) {
      const response = await (await signedIn(email)).get(`/access-log?type=${FAKE_RECORD_TYPE}&id=${record.id}`);
      expect(response.statusCode, email).toBe(403);
      expect(response.body).not.toContain('Started emergency access');
    }
  });

  it('refuses people whose role cannot use break-glass, saying who to ask', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const page = await teacher.get(recordUrl);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('ask its lead professional or allocated worker');
    expect(page.body).not.toContain('Assessment notes');
    const ask = await teacher.get(breakGlassUrl(record));
    expect(ask.statusCode).toBe(403);
    expect(ask.body).toContain('You cannot see this record');
    expect(ask.body).toContain('ask its lead professional or allocated worker');
    // Someone who cannot see the record is not told whose it is: not even its reference.
    expect(ask.body).not.toContain(record.label);
    expect(ask.body).not.toContain('FS-2231');
    const before = (await grants()).length;
    await teacher.get('/');
    const posted = await teacher.post(breakGlassUrl(record), { reason: REASON, minutes: '60' });
    expect(posted.statusCode).toBe(403);
    expect((await grants()).length).toBe(before);
  });
});

describe('the break-glass form refuses bad input', () => {
  it('shows every problem in the error summary, keeps what was typed, and saves nothing', async () => {
    const worker = await signedIn('hub.practitioner@essex.example');
    await worker.get(breakGlassUrl(other));
    const before = (await grants()).length;
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{}, ['Enter why you need emergency access to this record', 'Select how long you need emergency access for']],
      [{ reason: '   ', minutes: '60' }, ['Enter why you need emergency access to this record']],
      [{ reason: 'Urgent', minutes: '60' }, ['Reason must be 10 characters or more']],
      [{ reason: 'x'.repeat(5000), minutes: '60' }, ['Reason must be 1000 characters or fewer']],
      [{ reason: REASON, minutes: '480' }, ['Select how long you need emergency access for']],
      [{ reason: REASON, minutes: '-30' }, ['Select how long you need emergency access for']],
      [{ reason: [REASON, REASON], minutes: '60' }, ['Enter why you need emergency access to this record']],
    ];
    for (const [form, messages] of cases) {
      const response = await worker.post(breakGlassUrl(other), form);
      expect(response.statusCode, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(errorSummary(response.body)).toEqual(messages);
    }
    const kept = await worker.post(breakGlassUrl(other), { reason: '<b>no</b>', minutes: '240' });
    expect(kept.body).toContain('&lt;b&gt;no&lt;/b&gt;');
    expect(kept.body).toMatch(/value="240" checked/);
    expect((await grants()).length).toBe(before);
  });

  it('refuses a post without its CSRF token', async () => {
    const worker = await signedIn('hub.practitioner@essex.example');
    await worker.get(breakGlassUrl(other));
    const before = (await grants()).length;
    const response = await worker.post(breakGlassUrl(other), { reason: REASON, minutes: '60', _csrf: '' });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form has expired');
    expect((await grants()).length).toBe(before);

    // Ending access needs the token too: without it the grant stays open.
    await worker.post(breakGlassUrl(other), { reason: REASON, minutes: '60' });
    const open = (await grants()).at(-1)!;
    const end = await worker.post('/break-glass/end', { grantId: open.id, _csrf: '' });
    expect(end.statusCode).toBe(403);
    expect(await t.services.breakGlass.activeGrant(open.user_id, FAKE_RECORD_TYPE, other.id)).not.toBeNull();
  });

  it('only ever returns to a page on this site', async () => {
    const worker = await signedIn('hub.practitioner@essex.example');
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/ spaced',
    ]) {
      const fresh = newRecord();
      await worker.get(breakGlassUrl(fresh, returnTo));
      const response = await worker.post(breakGlassUrl(fresh, returnTo), { reason: REASON, minutes: '30' });
      expect(response.statusCode, returnTo).toBe(303);
      expect(response.headers.location, returnTo).toBe('/');
    }
    // With no returnTo at all, the user goes to the record's own page.
    const fresh = newRecord();
    const url = `/break-glass?type=${FAKE_RECORD_TYPE}&id=${fresh.id}`;
    await worker.get(url);
    expect((await worker.post(url, { reason: REASON, minutes: '30' })).headers.location).toBe(
      `/test/records/${fresh.id}`,
    );
  });

  it('does not find forged, unknown or missing records, nor other people’s grants', async () => {
    const worker = await signedIn('hub.practitioner@essex.example');
    for (const url of [
      '/break-glass',
      `/break-glass?type=${FAKE_RECORD_TYPE}`,
      `/break-glass?type=${FAKE_RECORD_TYPE}&id=not-a-uuid`,
      `/break-glass?type=${FAKE_RECORD_TYPE}&id=${newId()}`,
      `/break-glass?type=person&id=${record.id}`,
      `/break-glass?type=Bad%20Type&id=${record.id}`,
      `/access-log?type=${FAKE_RECORD_TYPE}&id=${newId()}`,
      `/test/records/${newId()}`,
    ]) {
      expect((await worker.get(url)).statusCode, url).toBe(404);
    }
    const [someoneElses] = await grants();
    await worker.get('/');
    for (const grantId of [someoneElses!.id, newId(), 'not-a-uuid', '']) {
      expect((await worker.post('/break-glass/end', { grantId })).statusCode, grantId).toBe(404);
    }
    expect((await worker.post('/break-glass/end', {})).statusCode).toBe(404);
  });
});
