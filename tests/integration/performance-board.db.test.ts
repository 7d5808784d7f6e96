import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { pdfText } from '../../src/platform/pdf/test-support.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The board view and the Locality Partnership report (issue 14): the current plan's priorities and outcomes with
 * their indicators, filtered by quadrant or district (small numbers suppressed, no data never zero), and the same
 * report as a tagged PDF and an XLSX with numbers as numbers; an unknown area is a clear 404, never a 500.
 */
let t: TestApp;
let analyst: TestClient;
const ABUSE = 'p7.domestic-abuse'; // a count, yearly, serves 2020/o2 (no target in the seed)
const FEEDING = 'p7.breastfeeding-prevalence-at-6-8-weeks-after-birth'; // a percentage, yearly, 2020/parenting
const BIG = 987_654_321_012;

async function put(code: string, period: string, from: string, area: [string, string], value: number, of?: number) {
  const indicator = await t.database.db
    .selectFrom('performance_indicators')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  const to = `${Number(from.slice(0, 4)) + 1}-04-01`;
  await t.database.db
    .insertInto('performance_values')
    .values({
      id: newId(),
      indicator_id: indicator.id,
      period,
      period_from: from,
      period_to: to,
      area_kind: area[0] as 'all',
      area_code: area[1],
      breakdown: '',
      group_key: '',
      group_label: '',
      value,
      numerator: of === undefined ? null : Math.round((value * of) / 100),
      denominator: of ?? null,
      import_id: null,
      counted_version: null,
      created_by: null,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  analyst = new TestClient(t.app, { remoteAddress: '192.0.2.40' });
  await analyst.get('/sign-in');
  expect((await analyst.post('/sign-in', { email: 'analyst@essex.example', password: DEMO_PASSWORD })).statusCode).toBe(
    303,
  );
  // Domestic abuse: one period only (a chart of one point), a huge number, and a small count in the west.
  await put(ABUSE, '2024-25', '2024-04-01', ['all', ''], BIG);
  await put(ABUSE, '2024-25', '2024-04-01', ['quadrant', 'west'], 3);
  await put(ABUSE, '2024-25', '2024-04-01', ['quadrant', 'mid'], 120);
  // Breastfeeding: two years with a target, the west's percentage from enough babies.
  await put(FEEDING, '2023-24', '2023-04-01', ['all', ''], 41.5, 2000);
  await put(FEEDING, '2024-25', '2024-04-01', ['all', ''], 44.25, 2100);
  await put(FEEDING, '2024-25', '2024-04-01', ['quadrant', 'west'], 39, 400);
  await t.database.db
    .updateTable('performance_indicators')
    .set({ target: 45, tolerance: 2 })
    .where('code', '=', FEEDING)
    .execute();
  await t.database.db
    .insertInto('partnership_plan_actions')
    .values({
      id: newId(),
      item_code: '2020/parenting',
      locality: 'west',
      title: 'Run peer support groups for new parents in Harlow',
      owner_name: 'West Locality lead',
      owner_organisation: 'Essex County Council',
      due_on: '2025-03-31',
      rag: 'amber',
      created_by: null,
      updated_by: null,
    })
    .execute();
});
afterAll(async () => t?.close());

describe('the board view', () => {
  it('shows each priority of the current plan with its indicators, charts and tables, no data as no data', async () => {
    const page = await analyst.get('/performance/board');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Priority: Parenting');
    expect(page.body).toContain('Outcome: Stable and thriving families');
    expect(page.body).not.toContain('2013-16 Priority 1');
    // The huge number in full in the table, a one-point chart drawn as one dot, no target said as such.
    expect(page.body).toContain('987,654,321,012');
    expect(page.body).toContain('No target set');
    expect(page.body).toContain('44.3%');
    expect(page.body).toContain('Near target');
    expect(page.body).toContain('No data');
    const charts = page.body.match(/<svg class="app-chart"/g) ?? [];
    const tables = page.body.match(/data-qa="figures"/g) ?? [];
    expect(charts.length).toBeGreaterThan(0);
    expect(tables.length).toBeGreaterThanOrEqual(charts.length);
    expect(page.body).toContain('href="/performance/board.pdf"');
  });

  it('filters by quadrant: the area’s values, small counts suppressed, and the Locality Partnership’s actions', async () => {
    const page = await analyst.get('/performance/board?quadrant=west');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('West Locality Children’s Partnership: report');
    expect(page.body).toContain('Fewer than 5');
    expect(page.body).not.toMatch(/>3<\/td>/);
    expect(page.body).toContain('39%');
    expect(page.body).toContain('Run peer support groups for new parents in Harlow');
    expect(page.body).toContain('href="/performance/board.xlsx?quadrant=west"');
    const mid = await analyst.get('/performance/localities/mid');
    expect(mid.statusCode).toBe(303);
    expect(mid.headers.location).toBe('/performance/board?quadrant=mid');
  });

  it('shows a district with no figures as no data, never zero', async () => {
    const page = await analyst.get('/performance/board?district=harlow');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Board report: Harlow');
    expect(page.body).toContain('No data');
    expect(page.body).not.toMatch(/numeric">0<\/td>/);
  });

  it('refuses an unknown quadrant or district, or both at once, with a clear page and never a 500', async () => {
    for (const query of [
      'quadrant=atlantis',
      'district=nowhere',
      'quadrant=%3Cscript%3E',
      'quadrant=' + 'a'.repeat(60),
    ]) {
      const page = await analyst.get(`/performance/board?${query}`);
      expect(page.statusCode, query).toBe(404);
      expect(page.body).toMatch(/There is no such (quadrant|district|area)/);
    }
    expect((await analyst.get('/performance/board.xlsx?quadrant=atlantis')).statusCode).toBe(404);
    expect((await analyst.get('/performance/localities/atlantis')).statusCode).toBe(404);
    const both = await analyst.get('/performance/board?quadrant=west&district=harlow');
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('Choose a quadrant or a district, not both');
  });
});

describe('the exports', () => {
  it('makes an XLSX with one sheet per priority, numbers as numbers and small counts as text', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/performance/board.xlsx?quadrant=west',
      remoteAddress: '192.0.2.40',
      headers: { cookie: `hearth_session=${analyst.sessionCookie}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/locality-report-west-.*\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const names = book.worksheets.map((s) => s.name);
    expect(names).toContain('Priority Parenting');
    expect(names).toContain('Local action plan');
    const parenting = book.getWorksheet('Priority Parenting')!;
    expect(parenting.getRow(1).values).toEqual([
      undefined,
      'Indicator code',
      'Indicator',
      'Period',
      'Area',
      'Value',
      'Unit',
      'Target',
      'Against target',
    ]);
    const rows = parenting.getSheetValues().filter(Boolean) as unknown[][];
    const west = rows.find((r) => r[1] === FEEDING && r[3] === '2024-25')!;
    expect(west[4]).toBe('West quadrant');
    expect(west[5]).toBe(39);
    expect(typeof west[7]).toBe('number');
    const cell = parenting.getRow(rows.indexOf(west) + 1).getCell(5);
    expect(cell.numFmt).toBe('0.0"%"');
    const families = book.worksheets.find((s) => s.name.startsWith('Outcome Stable'))!;
    const abuse = (families.getSheetValues().filter(Boolean) as unknown[][]).find(
      (r) => r[1] === ABUSE && r[3] === '2024-25',
    )!;
    expect(abuse[5]).toBe('fewer than 5');
    expect(abuse[7]).toBe('No target set');
  });

  it('makes the whole authority’s XLSX with the huge number kept exact', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/performance/board.xlsx',
      remoteAddress: '192.0.2.40',
      headers: { cookie: `hearth_session=${analyst.sessionCookie}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const families = book.worksheets.find((s) => s.name.startsWith('Outcome Stable'))!;
    const rows = families.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.find((r) => r[1] === ABUSE && r[3] === '2024-25')![5]).toBe(BIG);
    expect(rows.some((r) => r[1] === ABUSE && r[5] === 0)).toBe(false);
  });

  it('makes a tagged PDF with the figures as text, and audits both exports', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/performance/board.pdf?quadrant=west',
      remoteAddress: '192.0.2.40',
      headers: { cookie: `hearth_session=${analyst.sessionCookie}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MarkInfo/);
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(pdfText(pdf)).toContain('Partnership');
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('action', '=', 'performance.report.exported')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.map((e) => (e.details as { format: string }).format)).toEqual(
      expect.arrayContaining(['pdf', 'xlsx']),
    );
  });
});
