import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { pdfText } from '../../src/platform/pdf/test-support.ts';
import { addDays, formatDate, todayInLondon } from '../../src/modules/early-help/plan/rules.ts';
import { agreeFamilySolutions, hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The family's plan as a PDF over HTTP: the printable page's words, the same access, audited with ids only. */

let t: TestApp;
let worker: TestClient;
const today = todayInLondon();
const parts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: d!, [`${name}-month`]: m!, [`${name}-year`]: y! };
};
const words = (pdf: Buffer) => pdfText(pdf).replace(/\s+/g, ' ');

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

/** A family the worker has taken on, with a plan, a goal scored 3, an action, Lauren's signature and a review scoring 6. */
async function fullPlan(surname: string) {
  const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname,
    children: ['Ellie'],
    parent: 'Lauren',
  });
  const { episodeId, familyId } = await t.services.earlyHelp.startFromWorkItem(
    { userId: fsWorker.id, label: 'set-up' },
    fsWorker,
    item.id,
    item.version,
  );
  await agreeFamilySolutions(t.services, fsWorker, episodeId);
  const planPage = `/early-help/episodes/${episodeId}/plan`;
  await worker.get(planPage);
  expect((await worker.post(planPage, parts('startDate', today))).statusCode).toBe(303);
  const planId = (await t.services.plans.repository.planOfEpisode(episodeId))!.id;
  const version = async () => String((await t.services.plans.repository.plan(planId))!.version);
  await worker.get(`/early-help/plans/${planId}/goals/new`);
  expect(
    (
      await worker.post(`/early-help/plans/${planId}/goals/new`, {
        version: await version(),
        source: 'typed',
        area: 'education',
        description: 'Ellie gets to school every day',
        startScore: '3',
      })
    ).statusCode,
  ).toBe(303);
  const goalId = (await t.services.plans.repository.goals(planId))[0]!.id;
  await worker.get(`/early-help/plans/${planId}/actions/new`);
  expect(
    (
      await worker.post(`/early-help/plans/${planId}/actions/new`, {
        version: await version(),
        goalId,
        description: 'Walk Ellie to school on Mondays',
        whoKind: 'practitioner',
        userId: fsWorker.id,
        step: 'save',
        ...parts('dueDate', addDays(today, 14)),
      })
    ).statusCode,
  ).toBe(303);
  const record = (await t.services.plans.forEpisode(fsWorker, episodeId))!;
  const lauren = record.currentMembers.find((m) => m.first_name === 'Lauren')!;
  const signPage = await worker.get(`/early-help/plans/${planId}/sign`);
  const shown = /name="contentVersion" value="(\d+)"/.exec(signPage.body)![1]!;
  expect(
    (
      await worker.post(`/early-help/plans/${planId}/sign`, {
        contentVersion: shown,
        memberId: lauren.id,
        typedName: `Lauren ${surname}`,
        ...parts('signedOn', today),
      })
    ).statusCode,
  ).toBe(303);
  await worker.get(`/early-help/plans/${planId}/reviews/new`);
  expect(
    (
      await worker.post(`/early-help/plans/${planId}/reviews/new`, {
        version: await version(),
        ...parts('reviewDate', today),
        ...parts('nextReviewDate', addDays(today, 42)),
        whatChanged: 'Better mornings.',
        [`score-${goalId}`]: '6',
      })
    ).statusCode,
  ).toBe(303);
  return { planId, familyId, planPage, pdfUrl: `/early-help/plans/${planId}/plan.pdf`, contentVersion: Number(shown) };
}

beforeAll(async () => {
  t = await createTestApp();
  worker = await signedIn('fs.worker@essex.example');
});
afterAll(() => t?.close());

describe('the plan as a PDF', () => {
  it('gives the family’s workers a PDF with the printable page’s words, linked from the plan and the printable page', async () => {
    const { planId, familyId, planPage, pdfUrl, contentVersion } = await fullPlan('Pdf');
    expect((await worker.get(planPage)).body).toContain(
      `<a class="govuk-link" href="${pdfUrl}">Download the plan as a PDF</a>`,
    );
    const printable = await worker.get(`/early-help/plans/${planId}/print`);
    expect(printable.body).toContain(`href="${pdfUrl}" data-qa="plan-pdf">Download the plan as a PDF</a>`);
    expect(printable.body).toContain('At the start we said 3 out of 10. Now we say 6 out of 10.');

    const response = await worker.get(pdfUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="family-plan-${today}.pdf"`);
    expect(response.headers['cache-control']).toBe('no-store');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FlateDecode/); // what is served is compressed; pdfText inflates it
    const text = words(pdf);
    for (const expected of [
      'The Pdf family',
      'Our family plan',
      `Printed on ${formatDate(today)}.`,
      `We started this plan on ${formatDate(today)}.`,
      'What we want to change',
      '1. Ellie gets to school every day',
      'At the start we said 3 out of 10. Now we say 6 out of 10.',
      'Who will do what, by when',
      'Walk Ellie to school on Mondays',
      'Jo Carter (Essex County Council)',
      formatDate(addDays(today, 14)),
      'To do',
      'How far we have come',
      `Review 1, ${formatDate(today)}`,
      'Who has agreed this plan',
      `Lauren Pdf signed as “Lauren Pdf” on ${formatDate(today)}`,
      'Jo Carter is your lead professional',
      `Plan version ${contentVersion}.`,
    ])
      expect(text).toContain(expected);

    // Audited as a view: the family's record.viewed from recordAccess(), and the PDF itself, with ids only.
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'subject_type', 'subject_id', 'details'])
      .where('subject_id', '=', familyId)
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(events.map((e) => e.action)).toEqual(['early-help.plan.pdf-viewed', 'record.viewed']);
    expect(events[0]).toMatchObject({
      outcome: 'success',
      subject_type: 'family',
      details: { planId, contentVersion },
    });
    expect(Object.keys(events[0]!.details).sort()).toEqual(['contentVersion', 'episodeId', 'planId']);
    expect(JSON.stringify(events[0]!.details)).not.toMatch(/Ellie|Lauren|Pdf/);
  });

  it('refuses the PDF to people not involved, as the printable page does, and 404s unknown plans', async () => {
    const { planId, familyId, pdfUrl } = await fullPlan('Private');
    const police = await signedIn('police@essex.example');
    const refused = await police.get(pdfUrl);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.body).toContain('You are not involved with this record');
    expect((await police.get(`/early-help/plans/${planId}/print`)).statusCode).toBe(403);

    // A Hub practitioner is offered break-glass, and with a reason given gets the PDF.
    const hub = await signedIn('hub.practitioner@essex.example');
    const sent = await hub.get(pdfUrl);
    expect(sent.statusCode).toBe(303);
    const breakGlass = String(sent.headers.location);
    expect(breakGlass).toMatch(/^\/break-glass\?type=family&id=/);
    expect(breakGlass).toContain(encodeURIComponent(pdfUrl));
    await hub.follow(sent);
    const granted = await hub.post(breakGlass, {
      reason: 'The family asked the Hub for a copy of their plan by phone',
      minutes: '30',
    });
    expect(granted.headers.location).toBe(pdfUrl);
    const pdf = await hub.get(pdfUrl);
    expect(pdf.statusCode).toBe(200);
    expect(words(pdf.rawPayload)).toContain('Ellie gets to school every day');
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', familyId)
      .where('action', '=', 'early-help.plan.pdf-viewed')
      .execute();
    expect(denied.length).toBe(1); // the refused requests made no PDF

    const signedOut = new TestClient(t.app);
    const toSignIn = await signedOut.get(pdfUrl);
    expect(toSignIn.statusCode).toBe(303);
    expect(toSignIn.headers.location).toBe('/sign-in');
    expect((await worker.get(`/early-help/plans/${newId()}/plan.pdf`)).statusCode).toBe(404);
    expect((await worker.get('/early-help/plans/nope/plan.pdf')).statusCode).toBe(404);
  });

  it('makes a PDF for a plan with no goals yet', async () => {
    const fsWorker = await userByEmail(t.services, 'fs.worker@essex.example');
    const item = await hubWorkItem(t.services, { kind: 'family-solutions', surname: 'Empty', children: ['Ava'] });
    const { episodeId } = await t.services.earlyHelp.startFromWorkItem(
      { userId: fsWorker.id, label: 'set-up' },
      fsWorker,
      item.id,
      item.version,
    );
    await worker.get(`/early-help/episodes/${episodeId}/plan`);
    expect((await worker.post(`/early-help/episodes/${episodeId}/plan`, parts('startDate', today))).statusCode).toBe(
      303,
    );
    const planId = (await t.services.plans.repository.planOfEpisode(episodeId))!.id;
    const response = await worker.get(`/early-help/plans/${planId}/plan.pdf`);
    expect(response.statusCode).toBe(200);
    const text = words(response.rawPayload);
    expect(text).toContain('There are no goals on the plan yet.');
    expect(text).toContain('Nobody has agreed this version of the plan yet.');
    expect(text).not.toContain('How far we have come');
  });
});
