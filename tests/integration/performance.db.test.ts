import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { writeXlsx } from '../../src/modules/performance/imports/files.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The performance framework (issue 14): the analyst's home, an indicator with its chart, table and breakdowns, the
 * "how this is counted" page, imports (every bad input refused whole with a row-by-row report, nothing half
 * imported; a re-import replacing its period with the change shown), targets and commentary, and who may do what.
 */

let t: TestApp;
let analyst: TestClient;
let signIns = 0;
const CME = 'cme.children-missing-education'; // a count, quarterly
const CONFERENCES = 'escb.cp-conferences-in-timescale'; // a percentage, yearly

async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}
const key = (html: string) => /name="submissionKey" value="([^"]+)"/.exec(html)![1]!;

/** Posts the import form as a browser would: multipart, with the file. */
async function upload(client: TestClient, indicator: string, file: { name: string; data: string | Uint8Array }) {
  const page = await client.get('/performance/imports');
  const boundary = '----hearthtest';
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(
      field('_csrf', client.csrfToken()!) + field('submissionKey', key(page.body)) + field('indicator', indicator),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url: '/performance/imports',
    payload: body,
    remoteAddress: '192.0.2.1',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: `hearth_session=${client.sessionCookie}`,
    },
  });
}
const valuesOf = async (code: string) =>
  t.database.db
    .selectFrom('performance_values as v')
    .innerJoin('performance_indicators as i', 'i.id', 'v.indicator_id')
    .select(['v.period', 'v.area_kind', 'v.area_code', 'v.value'])
    .where('i.code', '=', code)
    .orderBy('v.period')
    .orderBy('v.area_code')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  analyst = await signedIn('analyst@essex.example');
});
afterAll(async () => t?.close());

describe('the analyst’s home and an indicator', () => {
  it('groups every indicator by what it serves, with no data and no target shown as such', async () => {
    const home = await analyst.get('/performance');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('2013-16 Priority 1: Protect children and young people from harm and neglect');
    expect(home.body).toContain('Co-Parenting Outcome 7');
    expect(home.body).toContain('Safeguarding Children Board: Safer safeguarding systems');
    expect(home.body).toContain('No data');
    expect(home.body).toContain('No target set');
    expect(home.body).toContain('href="/partnership"');
    const count = await t.database.db
      .selectFrom('performance_indicators')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(150);
  });

  it('shows an indicator with no data as no data, with no chart to draw and no RAG without a target', async () => {
    const page = await analyst.get(`/performance/indicators/${CME}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There are no figures to draw yet.');
    expect(page.body).toContain('No target set');
    expect(page.body).not.toMatch(
      /<td class="govuk-table__cell govuk-table__cell--numeric(?: hearth-figure)?">0<\/td>/,
    );
    expect((await analyst.get('/performance/indicators/no-such-thing')).statusCode).toBe(404);
  });

  it('says how it is counted: the source and the template for an imported one; the words and the query for a computed one', async () => {
    const imported = await analyst.get(`/performance/indicators/${CME}/how-counted`);
    expect(imported.body).toContain('Imported from Education Compliance team');
    expect(imported.body).toContain('period, area_code, value');
    const computed = await analyst.get('/performance/indicators/hub.requests-received/how-counted');
    // Every computed indicator in the Essex file is connected to the module that counts it: its words and its query.
    expect(computed.body).not.toContain('the count is not connected yet');
    expect(computed.body).toMatch(/select/i);
    expect(computed.body).toContain('requests_for_support');
    const template = await analyst.get(`/performance/indicators/${CONFERENCES}/template.csv`);
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.body.split('\n')[0]).toBe('period,area_code,value,numerator,denominator');
    expect(template.body).toContain('2024-25,E10000012');
    expect(template.body).toContain('2024-25,E07000073');
  });
});

describe('the computed indicators the modules define', () => {
  it('draws each one’s page and its how-counted page with the plain words and the query', async () => {
    expect(t.services.computedIndicators.length).toBeGreaterThan(10);
    // An indicator's code is usually its count's key; one the seeds named first keeps its own code (the Children in
    // Care Council's meetings, counted by voice.cicc-meetings).
    const codeOf = new Map((await t.services.performance.indicators()).map((i) => [i.source, i.code]));
    for (const computed of t.services.computedIndicators) {
      const code = codeOf.get(computed.key);
      expect(code, computed.key).toBeDefined();
      const page = await analyst.get(`/performance/indicators/${code}`);
      expect(page.statusCode, computed.key).toBe(200);
      const how = await analyst.get(`/performance/indicators/${code}/how-counted`);
      expect(how.statusCode, computed.key).toBe(200);
      expect(how.body, computed.key).toContain(`Version ${computed.version} of the count`);
      expect(how.body, computed.key).toMatch(/<code>[\s\S]*select[\s\S]*<\/code>/i);
    }
  });
});

describe('importing figures', () => {
  it('refuses the whole file with a row-by-row report: wrong period, unknown district, duplicates, text, over 100', async () => {
    const sent = await upload(analyst, CONFERENCES, {
      name: 'conferences.csv',
      data: [
        'period,area_code,value,numerator,denominator',
        '2023-24,E10000012,99.6,,',
        '2023-25,E10000012,98,,',
        '2022-23,E07999999,98,,',
        '2022-23,E07000073,ninety,,',
        '2022-23,harlow,101,,',
        '2023-24,E10000012,97,,',
      ].join('\n'),
    });
    expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303);
    const report = await analyst.get(String(sent.headers.location));
    expect(report.body).toContain('The file was not imported');
    expect(report.body).toContain('5 of 6 rows have problems. Nothing has been imported');
    for (const message of [
      '“2023-25” is not a yearly (financial year) period: write it like 2024-25',
      '“E07999999” is not a district, quadrant or authority code Hearth knows',
      'The value must be a number, like 42 or 12.5, not “ninety”',
      'A percentage is from 0 to 100, not 101',
      'This row repeats row 2: the same period and area',
    ])
      expect(report.body).toContain(message.replace(/“/g, '“'));
    expect(await valuesOf(CONFERENCES)).toEqual([]);
    const run = await t.database.db
      .selectFrom('performance_imports')
      .select(['outcome', 'rows_refused'])
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ outcome: 'refused', rows_refused: 5 });
  });

  it('refuses huge numbers, a file that is not CSV or XLSX, an empty choice and a file over 1 MB, saying why', async () => {
    const huge = await upload(analyst, CME, {
      name: 'cme.csv',
      data: 'period,area_code,value\n2024-25 Q1,essex,5000000000\n',
    });
    const report = await analyst.get(String(huge.headers.location));
    expect(report.body).toContain('The value is too big: Hearth takes numbers up to 1,000,000,000');
    const pdf = await upload(analyst, CME, { name: 'cme.pdf', data: '%PDF-1.4' });
    expect(pdf.statusCode).toBe(400);
    expect(errorSummary(pdf.body)).toEqual(['The selected file must be a CSV or an XLSX spreadsheet']);
    const big = await upload(analyst, CME, { name: 'cme.csv', data: 'x'.repeat(1024 * 1024 + 10) });
    expect(errorSummary(big.body)).toEqual(['The file must be smaller than 1 MB']);
    const none = await upload(analyst, '', { name: '', data: '' });
    expect(errorSummary(none.body)).toEqual(['Select the indicator the file is for', 'Select a CSV or XLSX file']);
    expect(await valuesOf(CME)).toEqual([]);
  });

  it('imports a good file, draws one point with its table, suppresses small district counts', async () => {
    const sent = await upload(analyst, CME, {
      name: 'cme.csv',
      data: 'period,area_code,value\n2024-25 Q1,E10000012,542\n2024-25 Q1,west,120\n2024-25 Q1,E07000073,3\n',
    });
    const report = await analyst.get(String(sent.headers.location));
    expect(report.body).toContain('The figures are imported');
    expect(await valuesOf(CME)).toEqual([
      { period: '2024-25 Q1', area_kind: 'all', area_code: '', value: 542 },
      { period: '2024-25 Q1', area_kind: 'district', area_code: 'harlow', value: 3 },
      { period: '2024-25 Q1', area_kind: 'quadrant', area_code: 'west', value: 120 },
    ]);
    const page = await analyst.get(`/performance/indicators/${CME}`);
    expect(page.body).toContain('<svg class="app-chart"');
    expect(page.body).toMatch(/<desc id="chart-desc">1 of \d+ periods have data/);
    expect(page.body).toContain('542');
    expect(page.body).toMatch(
      /Harlow<\/th><td class="govuk-table__cell govuk-table__cell--numeric hearth-figure">Fewer than 5/,
    );
    expect(page.body).toMatch(/West<\/th><td class="govuk-table__cell govuk-table__cell--numeric hearth-figure">120/);
  });

  it('replaces a re-imported period and shows what changed; reads XLSX as well', async () => {
    const data = await writeXlsx('Figures', [
      ['period', 'area_code', 'value'],
      ['2024-25 Q1', 'E10000012', 550],
    ]);
    const sent = await upload(analyst, CME, { name: 'cme.xlsx', data });
    const report = await analyst.get(String(sent.headers.location));
    expect(report.body).toContain('The figures are imported');
    expect(report.body).toContain('What the import replaced');
    expect(report.body).toMatch(/Essex County Council<\/td><td[^>]*>542<\/td><td[^>]*>550/);
    expect(report.body).toMatch(/Harlow<\/td><td[^>]*>3<\/td><td[^>]*>Removed/);
    expect(await valuesOf(CME)).toEqual([{ period: '2024-25 Q1', area_kind: 'all', area_code: '', value: 550 }]);
    const run = await t.database.db
      .selectFrom('performance_imports')
      .select('changes')
      .where('outcome', '=', 'imported')
      .orderBy('imported_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(run.changes).toHaveLength(3);
  });
});

describe('targets and commentary', () => {
  it('sets a target with RAG, refuses bad ones, keeps who changed it, and refuses a stale edit', async () => {
    const form = await analyst.get(`/performance/indicators/${CME}/target`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const bad = await analyst.post(`/performance/indicators/${CME}/target`, {
      version,
      target: 'lots',
      tolerance: '5',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual(['The target must be a number, like 95 or 12.5']);
    expect(bad.body).toContain('value="lots"');
    const saved = await analyst.post(`/performance/indicators/${CME}/target`, {
      version,
      target: '500',
      tolerance: '100',
    });
    expect(saved.statusCode).toBe(303);
    const page = await analyst.get(`/performance/indicators/${CME}`);
    expect(page.body).toContain('Near target');
    expect(page.body).toContain('changed the target from no target to 500');
    const stale = await analyst.post(`/performance/indicators/${CME}/target`, {
      version,
      target: '400',
      tolerance: '',
    });
    expect(errorSummary(stale.body)).toEqual([
      'Someone else changed this target after you opened it. Check it and try again.',
    ]);
    const percent = await analyst.get(`/performance/indicators/${CONFERENCES}/target`);
    const over = await analyst.post(`/performance/indicators/${CONFERENCES}/target`, {
      version: /name="version" value="(\d+)"/.exec(percent.body)![1]!,
      target: '150',
      tolerance: '',
    });
    expect(errorSummary(over.body)).toEqual(['The target must be 100 or less']);
  });

  it('adds commentary for a period and refuses an empty one', async () => {
    const page = await analyst.get(`/performance/indicators/${CME}`);
    const empty = await analyst.post(`/performance/indicators/${CME}/commentary`, {
      submissionKey: key(page.body),
      period: '2024-25 Q1',
      body: '  ',
    });
    expect(errorSummary(empty.body)).toEqual(['Enter the commentary']);
    const again = await analyst.get(`/performance/indicators/${CME}`);
    const added = await analyst.post(`/performance/indicators/${CME}/commentary`, {
      submissionKey: key(again.body),
      period: '2024-25 Q1',
      body: 'Consistent with previous years <b>in Essex</b>.',
    });
    expect(added.statusCode).toBe(303);
    const shown = await analyst.get(`/performance/indicators/${CME}`);
    expect(shown.body).toContain('Consistent with previous years &lt;b&gt;in Essex&lt;/b&gt;.');
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'performance.%')
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['performance.import', 'performance.target.changed', 'performance.commentary.added']),
    );
  });
});

describe('who may see and change the figures', () => {
  it('lets a board member look but not change, and keeps a practitioner out', async () => {
    const member = await signedIn('board.member@essex.example');
    expect((await member.get('/performance')).statusCode).toBe(200);
    expect((await member.get(`/performance/indicators/${CME}`)).body).not.toContain('Add commentary');
    expect((await member.get('/performance/imports')).statusCode).toBe(403);
    expect((await member.get(`/performance/indicators/${CME}/target`)).statusCode).toBe(403);
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get('/performance')).statusCode).toBe(403);
  });
});
