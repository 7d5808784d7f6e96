import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The worker's home page and the manager's team view over HTTP: who gets in, what each sees, and the audit. */

let t: TestApp;
let familyId: string;
let unledFamilyId: string;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const eventsOf = async (action: string, email: string) => {
  const user = await userByEmail(t.services, email);
  return t.database.db
    .selectFrom('audit_events')
    .select(['details', 'subject_id'])
    .where('action', '=', action)
    .where('actor_user_id', '=', user.id)
    .orderBy('seq')
    .execute();
};

beforeAll(async () => {
  t = await createTestApp();
  const tafso = await userByEmail(t.services, 'tafso@essex.example');
  const actor = { userId: tafso.id, label: tafso.email };
  // Two TAF families the officer supports: the police officer leads the first (the teacher is in its Team
  // Around the Family); nobody has agreed to lead the second yet.
  const first = await hubWorkItem(t.services, { kind: 'taf', surname: 'Nguyen', children: ['Poppy'], parent: 'Kerry' });
  const second = await hubWorkItem(t.services, { kind: 'taf', surname: 'Okoro', children: ['Ade'], parent: 'Bisi' });
  ({ familyId } = await t.services.earlyHelp.startFromWorkItem(actor, tafso, first.id, first.version, {
    lead: { kind: 'practitioner', email: 'police@essex.example' },
  }));
  ({ familyId: unledFamilyId } = await t.services.earlyHelp.startFromWorkItem(actor, tafso, second.id, second.version, {
    lead: { kind: 'not-agreed' },
  }));
  const episode = (await t.services.earlyHelp.openEpisodeOf(familyId))!;
  const version = (await t.services.earlyHelp.episodeRow(episode.id))!.version;
  await t.services.earlyHelp.addTafMember(actor, tafso, episode.id, version, { email: 'teacher@essex.example' });
});
afterAll(() => t?.close());

describe('the worker’s home page', () => {
  it('shows a TAF member from a school the family they work with, and not the others', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const page = await teacher.get('/early-help');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The Nguyen family');
    expect(page.body).toContain('TAF member');
    expect(page.body).not.toContain('The Okoro family');
    expect(page.body).not.toContain('data-qa="team-link"');

    const officer = await signedIn('tafso@essex.example');
    const theirs = (await officer.get('/early-help')).body;
    expect(theirs).toContain('Families you support');
    expect(theirs).toContain('The Nguyen family');
    expect(theirs).toContain('Dan Whitfield');
    expect(theirs).toContain('The Okoro family');
    // Nobody leads the Okoros yet: the officer's page says so, and offers no start of their own.
    expect(theirs).toMatch(
      /data-qa="lead-not-agreed-warning"[\s\S]*1 family you support has no lead professional agreed yet/,
    );
    expect(theirs).not.toContain('data-qa="start-link"');
    expect(theirs).toContain('You hold no family’s case');
  });

  it('shows a family whose lead is not agreed as such, and lets the supporting officer record the lead', async () => {
    const officer = await signedIn('tafso@essex.example');
    const page = (await officer.get(`/families/${unledFamilyId}`)).body;
    expect(page).toContain('data-qa="lead-not-agreed"');
    expect(page).toContain('Sam Patel (TAF Support Officer)');
    expect(page).toContain('Record the agreed lead professional');
    const episode = (await t.services.earlyHelp.openEpisodeOf(unledFamilyId))!;
    const form = `/early-help/episodes/${episode.id}/lead`;
    await officer.get(form);
    const version = String((await t.services.earlyHelp.episodeRow(episode.id))!.version);
    const self = await officer.post(form, { version, email: 'tafso@essex.example' });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('Sam Patel is a TAF Support Officer: they support the lead professional');
    const agreed = await officer.post(form, { version, email: 'police@essex.example' });
    expect(agreed.statusCode).toBe(303);
    const after = (await officer.get(`/families/${unledFamilyId}`)).body;
    expect(after).not.toContain('data-qa="lead-not-agreed"');
    expect(after).toContain('Dan Whitfield');
    expect((await officer.get('/early-help')).body).not.toContain('data-qa="lead-not-agreed-warning"');
  });

  it('audits each view once with its counts only, never names', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const before = (await eventsOf('early-help.home.viewed', 'teacher@essex.example')).length;
    await teacher.get('/early-help');
    const events = await eventsOf('early-help.home.viewed', 'teacher@essex.example');
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)!.details).toEqual({
      families: 1,
      supported: 0,
      leadNotAgreed: 0,
      actionsOverdue: 0,
      actionsDue: 0,
      reviewsOverdue: 0,
      reviewsDue: 0,
      meetings: 0,
      warnings: 0,
    });
    expect(JSON.stringify(events)).not.toContain('Nguyen');
  });

  it('refuses users whose role has no early help, and sends the signed-out to sign in', async () => {
    const analyst = await signedIn('analyst@essex.example');
    expect((await analyst.get('/early-help')).statusCode).toBe(403);
    expect((await new TestClient(t.app).get('/early-help')).statusCode).toBe(303);
  });
});

describe('the manager’s team view', () => {
  it('is for Family Solutions managers only; refusals are audited', async () => {
    const manager = await signedIn('fs.manager@essex.example');
    const page = await manager.get('/early-help/team');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Family Solutions Harlow');
    expect(page.body).toContain('Jo Carter');
    // The TAF families are not the manager's team's.
    expect(page.body).not.toContain('The Nguyen family');
    expect((await manager.get('/early-help')).body).toContain('data-qa="team-link"');
    expect((await manager.get('/')).body).toContain('href="/early-help/team"');
    const viewed = await eventsOf('early-help.team.viewed', 'fs.manager@essex.example');
    expect(viewed.at(-1)!.details).toMatchObject({ overdueReviews: 0, supervisionDue: 0 });

    for (const email of [
      'fs.worker@essex.example',
      'teacher@essex.example',
      'hub.manager@essex.example',
      'tafso@essex.example',
    ]) {
      const client = await signedIn(email);
      expect((await client.get('/early-help/team')).statusCode).toBe(403);
      expect((await client.get('/')).body).not.toContain('href="/early-help/team"');
    }
    const denied = await eventsOf('permission.denied', 'fs.worker@essex.example');
    expect(denied.map((d) => d.details)).toContainEqual(expect.objectContaining({ action: 'early-help:team-view' }));
    expect((await new TestClient(t.app).get('/early-help/team')).statusCode).toBe(303);
  });
});
