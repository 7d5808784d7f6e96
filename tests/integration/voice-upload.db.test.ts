import { format, subDays } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../src/modules/performance/index.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { errorSummary, type TestClient } from '../helpers/http-client.ts';
import { signedIn, submissionKeyOf } from '../helpers/register-upload.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A round's responses uploaded as a CSV or XLSX file (issue 16): the round's template, a whole file refused with its
 * row-by-row report when any row is wrong (nothing half-imported), a file refused whole (missing column, empty, wrong
 * type, too big), and the same file never imported twice, even when sent twice at once.
 */
let t: TestApp;
let officer: TestClient;
let teacher: TestClient;
const today = todayInLondon();
const day = (daysAgo: number) => format(subDays(new Date(`${today}T12:00:00Z`), daysAgo), 'yyyy-MM-dd');

async function openRound(year: number) {
  return t.services.voice.surveys.addRound(
    { userId: null, label: 'voice upload test' },
    {
      id: crypto.randomUUID(),
      organisationId: crypto.randomUUID(),
      roles: ['corporate-parenting-officer'],
      teamIds: [],
    },
    'have-your-say',
    { year, opensOn: day(30), closesOn: day(-30) },
  );
}
/** Posts a file through the round's upload form (multipart, CSRF, the form's one-time key). */
async function upload(client: TestClient, round: string, file: { name: string; data: string | Uint8Array }) {
  const page = await client.get(`/voice/rounds/${round}/import`);
  const key = page.statusCode === 200 ? submissionKeyOf(page.body) : crypto.randomUUID();
  return send(client, round, file, key);
}
function send(client: TestClient, round: string, file: { name: string; data: string | Uint8Array }, key: string) {
  const boundary = '----hearthvoice';
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return t.app.inject({
    method: 'POST',
    url: `/voice/rounds/${round}/upload`,
    remoteAddress: '192.0.2.50',
    payload: Buffer.concat([
      Buffer.from(field('_csrf', client.csrfToken()!) + field('submissionKey', key)),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(file.data),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: `hearth_session=${client.sessionCookie}`,
    },
  });
}
const responses = async (round: string) =>
  Number(
    (
      await t.database.db
        .selectFrom('voice_responses')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('round_id', '=', round)
        .executeTakeFirstOrThrow()
    ).n,
  );
const header = 'date,age_group,listened-to,enjoy-school';

beforeAll(async () => {
  t = await createTestApp();
  officer = await signedIn(t, 'corporate.parenting@essex.example');
  teacher = await signedIn(t, 'teacher@essex.example');
});
afterAll(() => t?.close());

describe('uploading a file of responses', () => {
  it('offers the round’s template, made from its questions, as CSV and XLSX; to the officer only', async () => {
    const round = await openRound(2040);
    const csv = await officer.get(`/voice/rounds/${round}/template.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('have-your-say-2040-responses.csv');
    const questions = await t.services.voice.surveys.questions(
      (await t.services.voice.surveys.round(round))!.survey_id,
    );
    expect(csv.body.trim()).toBe(['date', 'age_group', ...questions.map((q) => q.code)].join(','));
    const xlsx = await officer.get(`/voice/rounds/${round}/template.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await teacher.get(`/voice/rounds/${round}/template.csv`)).statusCode).toBe(403);
    expect((await officer.get(`/voice/rounds/${crypto.randomUUID()}/template.csv`)).statusCode).toBe(404);
  });

  it('refuses the whole file with a report row by row when any row is wrong, and keeps nothing', async () => {
    const round = await openRound(2041);
    const rows = [
      header,
      `${day(1)},11-13,4,5`,
      `${day(45)},11-13,4,5`,
      `${day(1)},<b>x</b>,4,5`,
      `${day(1)},16-17,7,`,
    ];
    const sent = await upload(officer, round, { name: 'responses.csv', data: rows.join('\n') });
    expect(sent.statusCode).toBe(400);
    const summary = errorSummary(sent.body).join(' | ');
    expect(summary).toContain('Row 3, column date: The day is outside the round');
    expect(summary).toContain('Row 4, column age_group: The age group must be one of');
    expect(summary).toContain('Row 5, column listened-to: The rating must be a whole number from 1 to 5');
    expect(sent.body).toContain('data-qa="report"');
    expect(sent.body).not.toContain('<b>x</b>');
    expect(await responses(round)).toBe(0);
    const refused = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'voice.responses.import-refused')
      .where('subject_id', '=', round)
      .execute();
    expect(refused).toHaveLength(1);
  });

  it('refuses a file missing a column, empty, of the wrong type, too big, or none, saying why', async () => {
    const round = await openRound(2042);
    const why = async (file: { name: string; data: string | Uint8Array }) => {
      const sent = await upload(officer, round, file);
      expect(sent.statusCode, file.name).toBe(400);
      return errorSummary(sent.body).join(' | ');
    };
    expect(await why({ name: 'r.csv', data: `date,listened-to\n${day(1)},4` })).toContain(
      'column age_group: The column age_group is missing from the header row',
    );
    expect(await why({ name: 'r.csv', data: '' })).toBe('The selected file is empty');
    expect(await why({ name: 'r.csv', data: '\n\n' })).toContain('There are no rows');
    expect(await why({ name: 'r.csv', data: header })).toContain('There are no responses below the header');
    expect(await why({ name: 'r.pdf', data: '%PDF-1.4' })).toBe(
      'The selected file must be a CSV or an XLSX spreadsheet',
    );
    const xlsx = await writeXlsx('Responses', [[header]]);
    expect(await why({ name: 'r.csv', data: xlsx })).toBe('The selected file must be a CSV or an XLSX spreadsheet');
    expect(await why({ name: 'r.xlsx', data: 'PK not really a zip' })).toContain('cannot be opened');
    expect(await why({ name: 'r.csv', data: Buffer.from([0xff, 0xfe, 0x41]) })).toContain('UTF-8');
    const huge = `${header}\n${`${day(1)},11-13,4,5\n`.repeat(150_000)}`;
    expect(await why({ name: 'r.csv', data: huge })).toBe('The file must be smaller than 2 MB');
    expect(await responses(round)).toBe(0);
  });

  it('imports a good XLSX file whole, then refuses the same file again, naming when it was imported', async () => {
    const round = await openRound(2043);
    const data = await writeXlsx('Responses', [
      header.split(','),
      [day(2), '11-13', 4, 5],
      [day(1), '16-17', 2, ''],
      ['', '', '', ''],
    ]);
    const sent = await upload(officer, round, { name: 'hys.xlsx', data });
    expect(sent.statusCode, errorSummary(sent.body).join('; ')).toBe(303);
    expect(await responses(round)).toBe(2);
    const again = await upload(officer, round, { name: 'hys (copy).xlsx', data });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body).join()).toMatch(/^This file is already imported into this round: 2 responses on /);
    expect(await responses(round)).toBe(2);
    const [file] = await t.database.db.selectFrom('voice_imports').selectAll().where('round_id', '=', round).execute();
    expect(file).toMatchObject({ file_name: 'hys.xlsx', file_kind: 'xlsx', responses: 2 });
  });

  it('imports a file sent twice at once (two forms) once', async () => {
    const round = await openRound(2044);
    const data = [header, `${day(3)},8-10,5,5`, `${day(2)},11-13,3,4`, `${day(1)},14-15,1,`].join('\n');
    const pages = await Promise.all([1, 2].map(() => officer.get(`/voice/rounds/${round}/import`)));
    const both = await Promise.all(
      pages.map((p) => send(officer, round, { name: 'r.csv', data }, submissionKeyOf(p.body))),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 400]);
    expect(await responses(round)).toBe(3);
    const sameForm = await officer.get(`/voice/rounds/${round}/import`);
    const key = submissionKeyOf(sameForm.body);
    const twice = await Promise.all([1, 2].map(() => send(officer, round, { name: 'r.csv', data }, key)));
    for (const r of twice) expect(r.statusCode).toBeLessThan(500);
    expect(await responses(round)).toBe(3);
  });

  it('refuses another role’s upload, storing nothing', async () => {
    const round = await openRound(2045);
    const sent = await upload(teacher, round, { name: 'r.csv', data: `${header}\n${day(1)},11-13,4,5` });
    expect(sent.statusCode).toBe(403);
    expect(await responses(round)).toBe(0);
  });
});
