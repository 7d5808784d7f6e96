import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The worker's home page and the manager's team view over HTTP: who gets in, what each sees, and the audit. */

let t: TestApp;
let familyId: string;

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
  // Two TAF families; the teacher is in the Team Around the Family of the first only.
  const first = await hubWorkItem(t.services, { kind: 'taf', surname: 'Nguyen', children: ['Poppy'], parent: 'Kerry' });
  const second = await hubWorkItem(t.services, { kind: 'taf', surname: 'Okoro', children: ['Ade'], parent: 'Bisi' });
  ({ familyId } = await t.services.earlyHelp.startFromWorkItem(actor, tafso, first.id, first.version));
  await t.services.earlyHelp.startFromWorkItem(actor, tafso, second.id, second.version);
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
    expect(theirs).toContain('The Nguyen family');
    expect(theirs).toContain('The Okoro family');
  });

  it('audits each view once with its counts only, never names', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const before = (await eventsOf('early-help.home.viewed', 'teacher@essex.example')).length;
    await teacher.get('/early-help');
    const events = await eventsOf('early-help.home.viewed', 'teacher@essex.example');
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)!.details).toEqual({
      families: 1,
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
