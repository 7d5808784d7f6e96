import { format, subDays } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The voice of children in care (issue 16): survey rounds with responses typed in and imported (a whole file refused
 * when any row is wrong), results by question and age group with small numbers suppressed, the Children in Care
 * Council's meetings (flagged under four a year), the Pledge's yearly versions, and the figures. Every bad input the
 * brief lists is here, with what was (not) stored.
 */

let t: TestApp;
let officer: TestClient;
let analyst: TestClient;
let teacher: TestClient;
let signIns = 0;
const MARKUP = '<script>alert(1)</script><b>x</b>';

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${100 + ++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;
const idOf = (location: unknown) => String(location).split('/').pop()!;
const today = todayInLondon();
const day = (daysAgo: number) => format(subDays(new Date(`${today}T12:00:00Z`), daysAgo), 'yyyy-MM-dd');
const boxes = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const count = async (table: 'voice_responses' | 'voice_cicc_meetings' | 'voice_promise_versions', roundId?: string) => {
  let q = t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (roundId) q = q.where('round_id' as never, '=', roundId as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

/** Opens a round of Have Your Say for `year`, open from 30 days ago to 30 days ahead. */
async function openRound(year: number, survey = 'have-your-say') {
  const page = await officer.get(`/voice/surveys/${survey}/rounds/new`);
  expect(page.statusCode).toBe(200);
  const sent = await officer.post(`/voice/surveys/${survey}/rounds`, {
    submissionKey: key(page.body),
    year: String(year),
    ...boxes('opensOn', day(30)),
    ...boxes('closesOn', day(-30)),
  });
  expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
  return idOf(sent.headers.location);
}
async function respond(roundId: string, form: Record<string, string>) {
  const page = await officer.get(`/voice/rounds/${roundId}/responses/new`);
  expect(page.statusCode).toBe(200);
  return officer.post(`/voice/rounds/${roundId}/responses`, { submissionKey: key(page.body), ...form });
}
async function importRows(roundId: string, csv: string) {
  const page = await officer.get(`/voice/rounds/${roundId}/import`);
  expect(page.statusCode).toBe(200);
  return officer.post(`/voice/rounds/${roundId}/import`, { submissionKey: key(page.body), csv });
}

beforeAll(async () => {
  t = await createTestApp();
  officer = await signedIn('corporate.parenting@essex.example');
  analyst = await signedIn('analyst@essex.example');
  teacher = await signedIn('teacher@essex.example');
});
afterAll(() => t?.close());

describe('surveys and rounds', () => {
  it('starts with the tenant file’s surveys and questions, marked for Essex to confirm', async () => {
    const page = await officer.get('/voice/surveys/have-your-say');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Do you feel cared about by the people you live with?');
    expect(page.body).toContain('data-qa="to-confirm"');
    await t.services.voice.seed();
    expect((await t.services.voice.surveys.list()).map((s) => s.code).sort()).toEqual([
      'have-your-say',
      'pledge-checker',
    ]);
    expect((await officer.get('/voice/surveys/no-such-survey')).statusCode).toBe(404);
  });

  it('refuses a round that closes before it opens, and a second round in one year', async () => {
    const page = await officer.get('/voice/surveys/have-your-say/rounds/new');
    const backwards = await officer.post('/voice/surveys/have-your-say/rounds', {
      submissionKey: key(page.body),
      year: '2030',
      ...boxes('opensOn', '2030-10-10'),
      ...boxes('closesOn', '2030-10-01'),
    });
    expect(backwards.statusCode).toBe(400);
    expect(errorSummary(backwards.body).join()).toContain('must be the same as or after the day it opens');
    await openRound(2031);
    const page2 = await officer.get('/voice/surveys/have-your-say/rounds/new');
    const twice = await officer.post('/voice/surveys/have-your-say/rounds', {
      submissionKey: key(page2.body),
      year: '2031',
      ...boxes('opensOn', '2031-10-01'),
      ...boxes('closesOn', '2031-10-30'),
    });
    expect(twice.statusCode).toBe(400);
    expect(errorSummary(twice.body).join()).toContain('Have Your Say already has a round in 2031');
  });
});

describe('responses typed in', () => {
  it('refuses a response outside its round, an answer to a question not in the survey and a rating off the scale', async () => {
    const round = await openRound(2032);
    const outside = await respond(round, { ...boxes('respondedOn', day(40)), ageGroup: '11-13', 'q-listened-to': '4' });
    expect(outside.statusCode).toBe(400);
    expect(errorSummary(outside.body).join()).toContain('must be given while the round is open');
    const stranger = await respond(round, {
      ...boxes('respondedOn', day(1)),
      ageGroup: '11-13',
      'q-favourite-food': '4',
    });
    expect(stranger.statusCode).toBe(400);
    expect(errorSummary(stranger.body).join()).toContain('“favourite-food” is not a question of this survey');
    const offScale = await respond(round, { ...boxes('respondedOn', day(1)), ageGroup: '11-13', 'q-listened-to': '9' });
    expect(offScale.statusCode).toBe(400);
    expect(errorSummary(offScale.body).join()).toContain('must be from 1 to 5');
    const markup = await respond(round, { ...boxes('respondedOn', day(1)), ageGroup: MARKUP, 'q-listened-to': '4' });
    expect(markup.statusCode).toBe(400);
    expect(markup.body).not.toContain('<script>alert(1)');
    const nul = await respond(round, {
      ...boxes('respondedOn', day(1)),
      ageGroup: '11-13\u0000',
      'q-listened-to': '4',
    });
    expect(nul.statusCode).toBe(400);
    expect(await count('voice_responses', round)).toBe(0);
    const good = await respond(round, { ...boxes('respondedOn', day(1)), ageGroup: '11-13', 'q-listened-to': '4' });
    expect(good.statusCode, errorSummary(good.body).join()).toBe(303);
    expect(await count('voice_responses', round)).toBe(1);
  });

  it('saves one response for ten identical submits at once', async () => {
    const round = await openRound(2033);
    const page = await officer.get(`/voice/rounds/${round}/responses/new`);
    const form = {
      submissionKey: key(page.body),
      ...boxes('respondedOn', day(2)),
      ageGroup: '14-15',
      'q-enjoy-school': '5',
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => officer.post(`/voice/rounds/${round}/responses`, form)),
    );
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    expect(await count('voice_responses', round)).toBe(1);
  });
});

describe('responses imported', () => {
  it('refuses the whole file when any row is wrong, naming each row, and keeps nothing', async () => {
    const round = await openRound(2034);
    const bad = await importRows(
      round,
      [
        'date,age_group,listened-to,enjoy-school',
        `${day(1)},11-13,4,5`,
        `${day(45)},11-13,4,5`,
        `${day(1)},${MARKUP},4,5`,
        `${day(1)},16-17,7,`,
        `${day(1)},16-17,,`,
      ].join('\n'),
    );
    expect(bad.statusCode).toBe(400);
    const summary = errorSummary(bad.body).join(' | ');
    expect(summary).toContain('Row 3, column date: The day is outside the round');
    expect(summary).toContain('Row 4, column age_group');
    expect(summary).toContain('Row 5, column listened-to: The rating must be a whole number from 1 to 5');
    expect(summary).toContain('Row 6: The response answers no question');
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(await count('voice_responses', round)).toBe(0);
  });

  it('refuses a file missing its columns or with a column that is not a question', async () => {
    const round = await openRound(2035);
    const noAge = await importRows(round, `date,listened-to\n${day(1)},4`);
    expect(noAge.statusCode).toBe(400);
    expect(errorSummary(noAge.body).join()).toContain(
      'Row 1, column age_group: The column age_group is missing from the header row',
    );
    const named = await importRows(round, `date,age_group,child_name,listened-to\n${day(1)},11-13,Ellie,4`);
    expect(named.statusCode).toBe(400);
    expect(errorSummary(named.body).join()).toContain('Row 1, column child_name: This column is not a question');
    const empty = await importRows(round, 'date,age_group,listened-to');
    expect(errorSummary(empty.body).join()).toContain('There are no responses below the header');
    expect(await count('voice_responses', round)).toBe(0);
  });

  it('imports every row, and shows results by question and age group with small numbers suppressed', async () => {
    const round = await openRound(2036);
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => `${day(1)},11-13,${i < 6 ? 5 : 2},4`),
      ...Array.from({ length: 3 }, () => `${day(2)},16-17,4,1`),
    ];
    const sent = await importRows(round, ['date,age_group,listened-to,enjoy-school', ...rows].join('\n'));
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(303);
    const page = await officer.follow(sent);
    expect(page.body).toContain('11 responses imported.');
    expect(page.body).toContain('data-qa="by-question"');
    // Listened to: 9 positive of 11 overall; by age group 6 of 8 (11 to 13), and fewer than 5 for the three 16-17s.
    expect(page.body).toMatch(/Thinking about your care, do you feel listened to\?[\s\S]*?81\.8%/);
    expect(page.body).toContain('Fewer than 5 counted');
    expect(page.body).toContain('Fewer than 5');
    // The analyst reads the results (performance:view), the teacher does not.
    expect((await analyst.get(`/voice/rounds/${round}`)).statusCode).toBe(200);
    expect((await teacher.get(`/voice/rounds/${round}`)).statusCode).toBe(403);
    expect((await teacher.get('/voice')).statusCode).toBe(403);
  });

  it('lets a reader read but never write: another role’s post is refused and stores nothing', async () => {
    const round = await openRound(2037);
    const page = await analyst.get(`/voice/rounds/${round}`);
    expect(page.body).not.toContain('data-qa="new-response"');
    expect((await analyst.get(`/voice/rounds/${round}/responses/new`)).statusCode).toBe(403);
    const sent = await analyst.post(`/voice/rounds/${round}/import`, {
      csv: `date,age_group,listened-to\n${day(1)},11-13,4`,
    });
    expect(sent.statusCode).toBe(403);
    expect(await count('voice_responses', round)).toBe(0);
  });
});

describe('the Children in Care Council', () => {
  it('records meetings, flags a year with fewer than four, and keeps what was raised as typed, escaped', async () => {
    const before = await count('voice_cicc_meetings');
    const page = await officer.get('/voice/cicc/new');
    const none = await officer.post('/voice/cicc', {
      submissionKey: key(page.body),
      ...boxes('heldOn', day(3)),
      title: 'Panel',
      raised: 'x',
    });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body).join()).toContain('Select the decision-makers who attended');
    const stranger = await officer.post('/voice/cicc', {
      submissionKey: key(page.body),
      ...boxes('heldOn', day(3)),
      title: 'Panel',
      decisionMakers: ['the-king'],
      raised: 'x',
    });
    expect(stranger.statusCode).toBe(400);
    const sent = await officer.post('/voice/cicc', {
      submissionKey: key(page.body),
      ...boxes('heldOn', day(3)),
      title: `Panel ${MARKUP}`,
      decisionMakers: ['panel-member', 'director-local-delivery'],
      youngPeople: '6',
      raised: `Leisure passes ${MARKUP}`,
      agreed: 'Ask every district.',
      followUp: '',
    });
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(303);
    const shown = await officer.follow(sent);
    expect(shown.body).not.toContain('<script>alert(1)');
    expect(shown.body).toContain('&lt;script&gt;');
    expect(await count('voice_cicc_meetings')).toBe(before + 1);
    const list = await officer.get('/voice/cicc');
    expect(list.body).toContain('data-qa="cicc-short"');
    expect((await analyst.get('/voice/cicc')).statusCode).toBe(403);
    expect((await analyst.get(`/voice/cicc/${idOf(sent.headers.location)}`)).statusCode).toBe(403);
  });

  it('refuses a follow-up saved over someone else’s', async () => {
    const [meeting] = await t.database.db.selectFrom('voice_cicc_meetings').selectAll().limit(1).execute();
    await officer.get(`/voice/cicc/${meeting!.id}`);
    const first = await officer.post(`/voice/cicc/${meeting!.id}/follow-up`, {
      version: String(meeting!.version),
      followUp: 'Done',
      followedUp: 'yes',
    });
    expect(first.statusCode).toBe(303);
    await officer.get(`/voice/cicc/${meeting!.id}`);
    const stale = await officer.post(`/voice/cicc/${meeting!.id}/follow-up`, {
      version: String(meeting!.version),
      followUp: 'Mine',
      followedUp: 'no',
    });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body).join()).toContain('Someone else changed this');
  });
});

describe('the Pledge and the Care Leavers Charter', () => {
  it('keeps a version a year with who agreed it, and shows what was added and dropped', async () => {
    const add = async (year: number, promises: string) => {
      const page = await officer.get('/voice/promises/new');
      return officer.post('/voice/promises', {
        submissionKey: key(page.body),
        document: 'care-leavers-charter',
        year: String(year),
        ...boxes('agreedOn', `${year}-06-01`),
        agreedBy: 'Care leavers of the CiCC',
        promises,
        whatChanged: '',
      });
    };
    expect((await add(2020, 'A home.\nA job.')).statusCode).toBe(303);
    const second = await add(2021, 'A home.\nA Personal Adviser to 25.');
    expect(second.statusCode).toBe(303);
    const page = await analyst.get(String(second.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-qa="added">[\s\S]*A Personal Adviser to 25\./);
    expect(page.body).toMatch(/data-qa="dropped">[\s\S]*A job\./);
    const twice = await add(2021, 'Again.');
    expect(twice.statusCode).toBe(400);
    expect(errorSummary(twice.body).join()).toContain('There is already a version for 2021');
  });
});

describe('the figures', () => {
  it('count responses, positive answers by theme and the CiCC’s meetings as the records say', async () => {
    const indicators = t.services.computedIndicators;
    const find = (k: string) => indicators.find((i) => i.key === k)!;
    const period = { from: '2000-01-01', to: '2100-01-01' };
    const responses = await find('voice.survey-responses').compute(t.database.db, period);
    expect(responses.total.value).toBe(await count('voice_responses'));
    const positive = await find('voice.positive-answers').compute(t.database.db, period, 'theme');
    expect(positive.groups?.map((g) => g.key)).toEqual(expect.arrayContaining(['being-heard']));
    const meetings = await find('voice.cicc-meetings').compute(t.database.db, period);
    expect(meetings.total.value).toBe(await count('voice_cicc_meetings'));
  });
});

describe('TAF Support Officers’ workshops and networking events', () => {
  const events = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('taf_support_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const form = (over: Record<string, string> = {}) => ({
    ...boxes('date', day(5)),
    kind: 'workshop',
    title: 'Early Help Plans for school staff',
    quadrant: 'west',
    'attending-school': '9',
    'attending-health': '2',
    notes: '',
    ...over,
  });

  it('records a workshop in the officer’s support log, counted in the log’s figures and the partnership’s', async () => {
    const tafso = await signedIn('tafso@essex.example');
    const figure = t.services.computedIndicators.find((i) => i.key === 'early-help.taf-workshops-events')!;
    const period = { from: '2000-01-01', to: '2100-01-01' };
    const before = (await figure.compute(t.database.db, period)).total.value ?? 0;
    const page = await tafso.get('/early-help/support-log/events/new');
    expect(page.statusCode).toBe(200);
    const sent = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form({ title: `Workshop ${MARKUP}` }),
    });
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(303);
    const log = await tafso.follow(sent);
    expect(log.body).toContain('The workshop is recorded.');
    expect(log.body).toMatch(/data-qa="events"[\s\S]*Workshop &lt;script&gt;[\s\S]*>11</);
    expect(log.body).not.toContain('<script>alert(1)');
    expect(log.body).toContain('Workshop facilitated');
    expect((await figure.compute(t.database.db, period)).total.value).toBe(before + 1);
    const figures = await t.services.taf.supportFigures(day(300), today);
    expect(figures.totals.workshop).toBeGreaterThanOrEqual(1);
  });

  it('refuses no practitioners, an organisation type not listed, a day to come, NUL, and another role', async () => {
    const tafso = await signedIn('tafso@essex.example');
    const before = await events();
    const page = await tafso.get('/early-help/support-log/events/new');
    const nobody = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form({ 'attending-school': '', 'attending-health': '' }),
    });
    expect(nobody.statusCode).toBe(400);
    expect(errorSummary(nobody.body).join()).toContain('Enter how many practitioners came');
    const stranger = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form({ 'attending-martians': '3' }),
    });
    expect(errorSummary(stranger.body).join()).toContain('Enter numbers only for the organisation types listed');
    const future = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form(boxes('date', day(-3))),
    });
    expect(future.statusCode).toBe(400);
    expect(errorSummary(future.body).join()).toMatch(/today or in the past/);
    const quadrant = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form({ quadrant: 'atlantis' }),
    });
    expect(errorSummary(quadrant.body).join()).toContain('Select the quadrant from the list');
    const nul = await tafso.post('/early-help/support-log/events', {
      submissionKey: key(page.body),
      ...form({ title: 'x\u0000' }),
    });
    expect(nul.statusCode).toBe(400);
    expect((await teacher.get('/early-help/support-log/events/new')).statusCode).toBe(403);
    expect((await teacher.post('/early-help/support-log/events', form())).statusCode).toBe(403);
    expect(await events()).toBe(before);
  });

  it('records one event for ten identical submits at once', async () => {
    const tafso = await signedIn('tafso@essex.example');
    const before = await events();
    const page = await tafso.get('/early-help/support-log/events/new');
    const body = { submissionKey: key(page.body), ...form({ kind: 'networking-event', title: 'Harlow network' }) };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => tafso.post('/early-help/support-log/events', body)),
    );
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    expect(await events()).toBe(before + 1);
  });
});
