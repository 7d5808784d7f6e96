import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The Shared Family Assessment's pages over HTTP: every bad input answered with a message, never a 500. */

let t: TestApp;
let worker: TestClient;

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** A family the worker leads, with the assessment started through the page. */
async function started(surname: string) {
  const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname, children: ['Mia'], parent: 'Dee' });
  const me = await userByEmail(t.services, 'fs.worker@essex.example');
  const { familyId, episodeId } = await t.services.earlyHelp.startFromWorkItem(
    { userId: me.id, label: me.email },
    me,
    item.id,
    item.version,
  );
  const members = await t.services.earlyHelp.membersOf(familyId);
  const root = `/early-help/episodes/${episodeId}/assessment`;
  const overview = await worker.get(root);
  expect(overview.body).toContain('Start the assessment');
  expect((await worker.post(root)).statusCode).toBe(303);
  return {
    familyId,
    root,
    mia: `${root}/members/${members.find((m) => m.first_name === 'Mia')!.person_id}`,
    dee: `${root}/members/${members.find((m) => m.first_name === 'Dee')!.person_id}`,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('a member’s section', () => {
  it('answers empty, huge and forged input with messages, keeping what was typed', async () => {
    const { mia } = await started('Inputs');
    expect((await worker.get(mia)).body).toContain('In Mia Inputs’s words');
    const empty = await worker.post(mia, { version: '0' });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual(['Select whether they took part in the assessment']);

    const huge = await worker.post(mia, {
      version: '0',
      participation: 'took-part',
      views: 'x'.repeat(5001),
      goals: 'A dog',
      finished: 'no',
    });
    expect(huge.statusCode).toBe(400);
    expect(errorSummary(huge.body)).toEqual(['Their views must be 5,000 characters or fewer']);
    expect(huge.body).toContain('A dog');
    // Line breaks count once, as the character count shows them.
    expect(
      (
        await worker.post(mia, {
          version: '0',
          participation: 'took-part',
          views: 'ab\r\n'.repeat(1666) + 'ab',
          finished: 'no',
        })
      ).statusCode,
    ).toBe(303);
    await worker.get(mia);

    const forged = await worker.post(mia, {
      version: 'x',
      participation: 'sleeping',
      heardHow: 'telepathy',
      finished: 'maybe',
    });
    expect(errorSummary(forged.body)).toEqual([
      'Reload the page and try again',
      'Select whether they took part in the assessment',
      'Select how they were heard',
      'Select whether you have finished this section',
    ]);

    const area = await worker.post(mia, {
      version: '1',
      participation: 'took-part',
      finished: 'no',
      needArea: 'astrology',
      needDescription: 'Reads the stars',
      action: 'add-need',
    });
    expect(area.statusCode).toBe(400);
    expect(errorSummary(area.body)).toEqual(['Select the Supporting Families outcome area of the need']);
    expect(area.body).toContain('Reads the stars');

    const child = await worker.post(mia, { version: '1', participation: 'took-part', finished: 'yes', views: '' });
    expect(errorSummary(child.body)).toEqual([
      'Enter what Mia Inputs said, in their words, before finishing the section',
      'Select how Mia Inputs was heard',
      'Enter who heard Mia Inputs',
    ]);
    const declined = await worker.post(mia, { version: '1', participation: 'declined', absenceReason: '' });
    expect(errorSummary(declined.body)).toEqual(['Say why Mia Inputs chose not to take part']);
    expect(declined.body).toContain('href="#absenceReason"');
  });

  it('shows HTML as text, adds a need, and refuses a stale save showing both texts', async () => {
    const { root, dee } = await started('Stale');
    await worker.get(dee);
    const saved = await worker.post(dee, {
      version: '0',
      participation: 'took-part',
      views: '<b>I</b> want help with money',
      finished: 'no',
      needArea: 'financial-stability',
      needDescription: 'Debts',
      action: 'add-need',
    });
    expect(saved.statusCode).toBe(303);
    expect(String(saved.headers.location)).toBe(`${dee}#needs`);
    const page = await worker.get(dee);
    expect(page.body).toContain('&lt;b&gt;I&lt;/b&gt; want help with money');
    expect(page.body).not.toContain('<b>I</b>');
    expect(page.body).toContain('Debts');

    // Another editor (simulated: the same version, saved twice) got there first.
    expect(
      (await worker.post(dee, { version: '1', participation: 'took-part', views: 'Saved first', finished: 'no' }))
        .statusCode,
    ).toBe(303);
    await worker.get(dee);
    const stale = await worker.post(dee, {
      version: '1',
      participation: 'took-part',
      views: 'Typed second',
      finished: 'no',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(
      /^Jo Carter saved this section at .*, after you opened it\. Nothing you typed has been saved/,
    );
    expect(stale.body).toContain('Typed second');
    expect(stale.body).toMatch(/data-qa="saved-now"[\s\S]*Saved first/);
    expect(stale.body).toContain('name="version" value="2"');
    expect((await worker.get(root)).body).toMatch(/Debts/);
  });
});

describe('check and complete', () => {
  it('lists what is missing, and completes once everything is done', async () => {
    const { root, mia, dee } = await started('Check');
    await worker.get(`${root}/check`);
    const version = async () =>
      String(
        (
          await t.database.db
            .selectFrom('assessments as a')
            .innerJoin('episodes as e', 'e.id', 'a.episode_id')
            .select('a.version')
            .where('e.id', '=', root.split('/')[3]!)
            .executeTakeFirstOrThrow()
        ).version,
      );
    const early = await worker.post(`${root}/check`, { version: await version() });
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual([
      'Dee Check’s section has not been started',
      'Mia Check’s section has not been started',
      'The practitioner’s analysis is not finished',
    ]);
    expect(early.body).toContain('href="#section-analysis"');

    await worker.get(mia);
    await worker.post(mia, { version: '0', participation: 'not-seen', absenceReason: 'Poorly this week' });
    await worker.get(dee);
    await worker.post(dee, { version: '0', participation: 'took-part', views: 'We are doing OK', finished: 'yes' });
    await worker.get(`${root}/analysis`);
    expect(
      errorSummary((await worker.post(`${root}/analysis`, { version: '0', analysis: '', finished: 'yes' })).body),
    ).toEqual(['Enter your analysis before finishing the section']);
    expect(
      errorSummary(
        (await worker.post(`${root}/analysis`, { version: '0', analysis: 'y'.repeat(10001), finished: 'no' })).body,
      ),
    ).toEqual(['The analysis must be 10,000 characters or fewer']);
    expect(
      (await worker.post(`${root}/analysis`, { version: '0', analysis: 'Coping well.', finished: 'yes' })).statusCode,
    ).toBe(303);

    await worker.get(`${root}/check`);
    const stale = await worker.post(`${root}/check`, { version: '1' });
    expect(errorSummary(stale.body)).toEqual([
      'Someone saved part of the assessment after you opened this page. Check it as it is now, then complete it.',
    ]);
    const done = await worker.post(`${root}/check`, { version: await version() });
    expect(done.statusCode).toBe(303);
    const overview = await worker.get(root);
    expect(overview.body).toContain('Completed on');
    expect((await worker.get(`${root}/check`)).body).not.toContain('Complete the assessment</button>');
    const after = await worker.post(`${root}/analysis`, { version: '1', analysis: 'More', finished: 'yes' });
    expect(after.statusCode).toBe(400);
    expect(errorSummary(after.body)).toEqual(['The assessment has been completed: it cannot change']);
    // Read-only from now on: the sections show as text, with no form.
    for (const path of [dee, mia, `${root}/analysis`]) {
      const shown = await worker.get(path);
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('data-qa="section-read"');
      expect(shown.body).not.toContain('data-qa="section-form"');
    }
    expect((await worker.get(mia)).body).toContain('Poorly this week');
  });
});

describe('who gets in', () => {
  it('refuses an uninvolved partner, audited, and answers unknown ids with 404', async () => {
    const { familyId, root, mia } = await started('Denied');
    const police = await signedIn('police@essex.example');
    const refused = await police.get(root);
    expect(refused.statusCode).toBe(403);
    expect((await police.post(mia, { version: '0', participation: 'took-part', finished: 'no' })).statusCode).toBe(403);
    const policeUser = await userByEmail(t.services, 'police@essex.example');
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('subject_id', '=', familyId)
      .where('actor_user_id', '=', policeUser.id)
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['record.view-denied', 'record.edit-denied']);
    expect(
      await t.database.db
        .selectFrom('assessment_sections as s')
        .innerJoin('assessments as a', 'a.id', 's.assessment_id')
        .select('s.id')
        .where('a.episode_id', '=', root.split('/')[3]!)
        .execute(),
    ).toEqual([]);

    expect((await worker.get(`/early-help/episodes/${newId()}/assessment`)).statusCode).toBe(404);
    expect((await worker.get('/early-help/episodes/nope/assessment')).statusCode).toBe(404);
    expect((await worker.get(`${root}/members/${newId()}`)).statusCode).toBe(404);
  });
});
