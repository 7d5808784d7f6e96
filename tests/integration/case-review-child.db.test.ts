import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * "Find this child in Hearth" (issue 16): a referral whose child matched no one record is linked afterwards by the
 * Board manager to one of the people module's candidates, the link changed or removed, each with a reason; the
 * history is kept and shown, and each change audited against the people concerned. Bad input: markup and NUL in the
 * reason, a person who is no candidate or no person, two identical submits, a stale form, another role.
 */
let t: TestApp;
let manager: TestClient;
let council: TestClient;
let signIns = 0;
let twinA: string;
let twinB: string;
let stranger: string;
let kai: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `198.51.100.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;

/** A referral for Jayden O'Neil: two records are alike, so it is recorded unmatched. */
async function refer() {
  const page = await manager.get('/case-reviews/new');
  const sent = await manager.post('/case-reviews', {
    submissionKey: field(page.body, 'submissionKey'),
    firstName: 'Jayden',
    lastName: "O'Neil",
    'dateOfBirth-day': '14',
    'dateOfBirth-month': '6',
    'dateOfBirth-year': '2021',
    referrerName: 'Dr Priya Shah',
    'referredOn-day': '1',
    'referredOn-month': '10',
    'referredOn-year': '2026',
    criteria: ['child-seriously-harmed'],
    summary: 'Admitted with a head injury.',
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return String(sent.headers.location).split('/').pop()!;
}
/** The link form as drawn, then posted with `over`. */
async function choose(id: string, over: Record<string, string>, client = manager) {
  const page = await client.get(`/case-reviews/${id}/child`);
  expect(page.statusCode).toBe(200);
  return client.post(`/case-reviews/${id}/child`, {
    submissionKey: field(page.body, 'submissionKey'),
    version: field(page.body, 'version'),
    reason: 'The referrer confirmed the address.',
    ...over,
  });
}
const referral = (id: string) =>
  t.database.db.selectFrom('case_review_referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const links = (id: string) =>
  t.database.db
    .selectFrom('case_review_child_links')
    .selectAll()
    .where('referral_id', '=', id)
    .orderBy('from_version')
    .execute();
const audited = (action: string, personId: string) =>
  t.database.db
    .selectFrom('audit_events')
    .select(['subject_type', 'details'])
    .where('action', '=', action)
    .where('subject_id', '=', personId)
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  manager = await signedIn('board.manager@essex.example');
  council = await signedIn('partner.council@essex.example');
  const actor = { userId: null, label: 'case review child test' };
  const child = { firstName: 'Jayden', lastName: "O'Neil", dateOfBirth: '2021-06-14', gender: 'male' as const };
  twinA = await t.services.people.createPerson(actor, { ...child, postcode: 'CM1 1AA' });
  twinB = await t.services.people.createPerson(actor, { ...child, postcode: 'SS1 2BB' });
  kai = await t.services.people.createPerson(actor, {
    firstName: 'Kai',
    lastName: 'Brennan',
    dateOfBirth: '2021-06-14',
  });
  stranger = await t.services.people.createPerson(actor, {
    firstName: 'Zara',
    lastName: 'Quill',
    dateOfBirth: '2012-01-09',
  });
});
afterAll(async () => {
  await t?.close();
});

describe('finding a referral’s child in Hearth', () => {
  it('offers the Board manager the candidates, each hint escaped once, and audits each record shown', async () => {
    const id = await refer();
    expect((await referral(id)).person_id).toBeNull();
    const page = await manager.get(`/case-reviews/${id}`);
    expect(page.body).toContain('Find this child in Hearth');
    const child = await manager.get(`/case-reviews/${id}/child`);
    expect(child.statusCode).toBe(200);
    expect(child.body.match(/data-qa="candidate"/g)).toHaveLength(2);
    // Two records alike: each is only possible (the referral matched neither); names and hints escaped once.
    expect(child.body).toContain('Born 14 June 2021, CM1 1AA. Possible (');
    expect(child.body).toContain('Jayden O&#39;Neil');
    expect(child.body).not.toContain('&amp;');
    for (const person of [twinA, twinB])
      expect((await audited('record.viewed', person)).some((e) => e.subject_type === 'person')).toBe(true);
    expect(await audited('record.viewed', stranger)).toHaveLength(0);
  });

  it('refuses the statutory partners (no link on their page, 403 on the form and the post), nothing changed', async () => {
    const id = await refer();
    expect((await council.get(`/case-reviews/${id}`)).body).not.toContain('Find this child in Hearth');
    expect((await council.get(`/case-reviews/${id}/child`)).statusCode).toBe(403);
    const page = await manager.get(`/case-reviews/${id}/child`);
    const sent = await council.post(`/case-reviews/${id}/child`, {
      version: field(page.body, 'version'),
      personId: twinA,
      reason: 'Mine',
    });
    expect(sent.statusCode).toBe(403);
    expect((await referral(id)).person_id).toBeNull();
    expect(await links(id)).toHaveLength(0);
  });

  it('refuses a missing reason or choice, a person who is no candidate or no person, and NUL, keeping what was typed', async () => {
    const id = await refer();
    const noReason = await choose(id, { personId: twinA, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual(['Give the reason for the change']);
    expect(noReason.body).toMatch(new RegExp(`value="${twinA}" checked`));
    const noChoice = await choose(id, {});
    expect(errorSummary(noChoice.body)).toEqual([
      'Choose the record that is this child, or that the child is not linked',
    ]);
    expect(noChoice.body).toContain('The referrer confirmed the address.');
    for (const personId of [stranger, crypto.randomUUID(), 'junk', '<b>x</b>']) {
      const sent = await choose(id, { personId });
      expect(sent.statusCode, personId).toBe(400);
      expect(errorSummary(sent.body)[0], personId).toMatch(/^Choose/);
    }
    expect((await choose(id, { personId: 'none' })).statusCode).toBe(400);
    expect((await choose(id, { personId: twinA, reason: 'Bad\u0000byte' })).statusCode).toBe(400);
    expect((await referral(id)).person_id).toBeNull();
    expect(await links(id)).toHaveLength(0);
  });

  it('links, changes and removes the link with reasons kept as typed, each audited against the people concerned', async () => {
    const id = await refer();
    const markup = 'Confirmed by the GP <b>x</b>"><script>x</script>';
    const linked = await choose(id, { personId: twinA, reason: markup });
    expect(linked.statusCode, errorSummary(linked.body).join('; ')).toBe(303);
    expect((await referral(id)).person_id).toBe(twinA);
    expect(await audited('case-review.child-linked', twinA)).toHaveLength(1);
    // The same record again is no change.
    const again = await choose(id, { personId: twinA });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['The child is already linked to that record']);

    expect((await choose(id, { personId: twinB, reason: 'Wrong twin: the school confirmed.' })).statusCode).toBe(303);
    expect((await referral(id)).person_id).toBe(twinB);
    expect(await audited('case-review.child-unlinked', twinA)).toHaveLength(1);
    expect((await choose(id, { personId: 'none', reason: 'Not known to Hearth after all.' })).statusCode).toBe(303);
    expect((await referral(id)).person_id).toBeNull();
    expect(await audited('case-review.child-unlinked', twinB)).toHaveLength(1);

    const history = await links(id);
    expect(history.map((l) => [l.previous_person_id, l.person_id])).toEqual([
      [null, twinA],
      [twinA, twinB],
      [twinB, null],
    ]);
    expect(history[0]!.reason).toBe(markup);
    const page = await manager.get(`/case-reviews/${id}`);
    expect(page.body).toContain('Not matched when the referral was recorded');
    expect(page.body).toContain('Changed from Jayden O&#39;Neil, born 14 June 2021, CM1 1AA to Jayden O&#39;Neil');
    expect(page.body).toContain('Unlinked from Jayden O&#39;Neil');
    expect(page.body).not.toContain('<b>x</b>');
    expect(page.body).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('makes one change from two identical submits at once, and refuses a form drawn before another change', async () => {
    const id = await refer();
    const page = await manager.get(`/case-reviews/${id}/child`);
    const form = {
      submissionKey: field(page.body, 'submissionKey'),
      version: field(page.body, 'version'),
      personId: twinA,
      reason: 'Confirmed.',
    };
    const both = await Promise.all([
      manager.post(`/case-reviews/${id}/child`, form),
      manager.post(`/case-reviews/${id}/child`, form),
    ]);
    for (const r of both) expect(r.statusCode).toBeLessThan(500);
    expect(await links(id)).toHaveLength(1);

    // Two forms drawn at the same version: the second (a fresh key) is stale.
    const first = await manager.get(`/case-reviews/${id}/child`);
    const second = await manager.get(`/case-reviews/${id}/child`);
    const send = (html: string, personId: string) =>
      manager.post(`/case-reviews/${id}/child`, {
        submissionKey: field(html, 'submissionKey'),
        version: field(html, 'version'),
        personId,
        reason: 'Checked again.',
      });
    expect((await send(first.body, twinB)).statusCode).toBe(303);
    const stale = await send(second.body, 'none');
    expect(stale.statusCode).toBe(409);
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone changed who this child is linked to/);
    expect(stale.body).toContain('Checked again.');
    expect((await referral(id)).person_id).toBe(twinB);
    expect(await links(id)).toHaveLength(2);
  });

  it('finds the child under another spelling, and checks the choice against that same search', async () => {
    const id = await refer();
    const found = await manager.get(`/case-reviews/${id}/child?firstName=Kai&lastName=Brennan`);
    expect(found.body).toContain('Kai Brennan');
    const form = (html: string) => ({
      submissionKey: field(html, 'submissionKey'),
      version: field(html, 'version'),
      personId: kai,
      reason: 'Known by another name.',
    });
    // Without the search the page offered, Kai is not a candidate for Jayden O’Neil.
    const unsearched = await manager.post(`/case-reviews/${id}/child`, form(found.body));
    expect(unsearched.statusCode).toBe(400);
    const again = await manager.get(`/case-reviews/${id}/child?firstName=Kai&lastName=Brennan`);
    const sent = await manager.post(`/case-reviews/${id}/child`, {
      ...form(again.body),
      firstName: 'Kai',
      lastName: 'Brennan',
    });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    expect((await referral(id)).person_id).toBe(kai);
  });
});
