import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { demoRegister } from '../../src/demo/seed-corporate-parenting.ts';
import { COLUMNS, panelModel, registerRows } from '../../src/modules/corporate-parenting/index.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { asImported, recountRegister } from '../../scripts/recount-corporate-parenting.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signedIn as signedInAs, submissionKeyOf, uploadRegister } from '../helpers/register-upload.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The children in care and care leavers register (issue 16): imported whole from CSV or XLSX, a wrong file refused
 * row by row with nothing half-imported, a re-import replacing the register with what changed recorded and audited;
 * the Co-Parenting measures counted from it equal to a recount in plain TypeScript; the Panel's page for
 * 'performance:view' (counts, no names) and the register for the corporate parenting officer only, every view audited.
 */
let t: TestApp;
let officer: TestClient;
let board: TestClient;
const register = demoRegister({ children: 150, seed: 7 });
const csv = (rows: readonly (readonly string[])[]) => stringify(rows as string[][]);
const goodCsv = csv(registerRows(register));

const signedIn = (email: string) => signedInAs(t, email);
const key = submissionKeyOf;
const upload = (client: TestClient, file: { name: string; data: string | Uint8Array }, submissionKey?: string) =>
  uploadRegister(t, client, file, submissionKey);
const counts = () => t.services.corporateParenting.counts();

beforeAll(async () => {
  t = await createTestApp();
  await t.services.performance.seed();
  officer = await signedIn('corporate.parenting@essex.example');
  board = await signedIn('board.member@essex.example');
});
afterAll(async () => t?.close());

/** Rows of the good file with one row changed or added: [kind, id, column → value]. */
function edited(change: (rows: string[][]) => void) {
  const rows = registerRows(register);
  change(rows);
  return csv(rows);
}
const col = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);
const firstOf = (rows: string[][], kind: string) => rows.findIndex((r) => r[0] === kind);

describe('the register import', () => {
  it('imports a good CSV whole, from the template’s columns, and audits it', async () => {
    const template = await officer.get('/corporate-parenting/template.csv');
    expect(template.statusCode).toBe(200);
    expect(template.body.split('\n')[0]).toBe(COLUMNS.join(','));
    const response = await upload(officer, { name: 'register.csv', data: goodCsv });
    expect(response.statusCode).toBe(303);
    const run = await officer.get(response.headers.location as string);
    expect(run.body).toContain('The register is imported');
    expect((await counts()).children).toBe(150);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'corporate-parenting.register.imported')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  const bad: [string, () => string, RegExp][] = [
    [
      'a placement ending before it starts',
      () =>
        edited((rows) => {
          const i = firstOf(rows, 'placement');
          rows[i]![col('end_date')] = '2001-01-01';
        }),
      /ends \(2001-01-01\) before it starts/,
    ],
    [
      'a child in two placements at once',
      () =>
        edited((rows) => {
          const i = firstOf(rows, 'placement');
          const copy = [...rows[i]!];
          copy[col('end_date')] = '';
          rows.push(copy);
        }),
      /in two placements at once/,
    ],
    [
      'an unknown child in a placement row',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'placement')]![col('social_care_id')] = 'NOBODY-1';
        }),
      /No child row in the file has the social care id “NOBODY-1”/,
    ],
    [
      'a missing required field',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'child')]![col('date_of_birth')] = '';
        }),
      /Enter the date of birth/,
    ],
    [
      'a date that is not a date',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'care-period')]![col('start_date')] = '31/02/2020';
        }),
      /“31\/02\/2020” is not a date/,
    ],
    [
      'markup in a name',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'child')]![col('name')] = '<script>alert(1)</script>';
        }),
      /Remove the markup/,
    ],
    [
      'a NUL in a cell',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'child')]![col('personal_adviser')] = 'Sam\u0000Patel';
        }),
      /Remove the markup or invisible characters/,
    ],
    [
      'a child twice',
      () =>
        edited((rows) => {
          rows.push([...rows[firstOf(rows, 'child')]!]);
        }),
      /This child is already on row 2/,
    ],
    [
      'an unknown kind of row',
      () =>
        edited((rows) => {
          rows[firstOf(rows, 'pep')]![col('kind')] = 'school';
        }),
      /is not a kind of row/,
    ],
  ];
  it.each(bad)('refuses %s row by row, and changes nothing', async (_name, file, message) => {
    const before = await counts();
    const response = await upload(officer, { name: 'register.csv', data: file() });
    expect(response.statusCode).toBe(303);
    const run = await officer.get(response.headers.location as string);
    expect(run.body).toContain('The file was not imported');
    expect(run.body.replaceAll('&#8220;', '“').replaceAll('&#8221;', '”')).toMatch(message);
    expect(run.body).not.toContain('<script>alert(1)</script>');
    expect(await counts()).toEqual(before);
  });

  it('refuses a huge file, an empty one, and one that is not CSV or XLSX, with the reason on the form', async () => {
    const before = await counts();
    const huge = await upload(officer, { name: 'register.csv', data: 'x'.repeat(10 * 1024 * 1024 + 10) });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('The file must be smaller than 10 MB');
    const empty = await upload(officer, { name: 'register.csv', data: '' });
    expect(empty.body).toMatch(/Select a CSV or XLSX file|The selected file is empty/);
    const pdf = await upload(officer, { name: 'register.pdf', data: '%PDF-1.4' });
    expect(pdf.body).toContain('must be a CSV or an XLSX spreadsheet');
    expect(await counts()).toEqual(before);
  });

  it('takes the same register as XLSX, and a re-import records what changed by social care id', async () => {
    const rows = registerRows(register);
    const removed = rows.findLastIndex((r) => r[0] === 'child');
    const gone = rows[removed]![col('social_care_id')]!;
    const kept = rows.filter((r) => r[col('social_care_id')] !== gone || r[0] === 'kind');
    kept[1]![col('life_story')] = kept[1]![col('life_story')] === 'complete' ? 'not-started' : 'complete';
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Register');
    for (const row of kept) sheet.addRow(row);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await upload(officer, { name: 'register.xlsx', data });
    expect(response.statusCode).toBe(303);
    const run = await officer.get(response.headers.location as string);
    expect(run.body).toContain('0 added, 1 removed, 1 changed');
    expect(run.body).toContain(gone);
    expect((await counts()).children).toBe(149);
    // Back to the whole register for the figures below.
    expect((await upload(officer, { name: 'register.csv', data: goodCsv })).statusCode).toBe(303);
  });

  it('imports once when the same form is sent ten times at once', async () => {
    const page = await officer.get('/corporate-parenting/import');
    const submissionKey = key(page.body);
    const before = await t.database.db.selectFrom('cp_imports').select('id').execute();
    await Promise.all(
      Array.from({ length: 10 }, () => upload(officer, { name: 'register.csv', data: goodCsv }, submissionKey)),
    );
    const after = await t.database.db.selectFrom('cp_imports').select('id').execute();
    expect(after.length - before.length).toBe(1);
  });
});

describe('the measures and the Panel’s page', () => {
  it('says the figures are being counted until the job has counted the register as imported, then shows them', async () => {
    const counting = await board.get('/corporate-parenting/panel');
    expect(counting.statusCode).toBe(200);
    expect(counting.body).toContain('The figures are being counted');
    expect(counting.body).not.toContain('data-qa="cell"');
    expect(await t.services.corporateParenting.countMeasures()).toBe('counted');
    expect(await t.services.corporateParenting.countMeasures()).toBe('current');
    const counted = await board.get('/corporate-parenting/panel');
    expect(counted.body).not.toContain('The figures are being counted');
    expect(counted.body).toContain('data-qa="as-at"');
  });

  it('shows every figure equal to a recount from the register in plain TypeScript', async () => {
    const imported = asImported(register);
    const model = await panelModel(t.services.performance, todayInLondon());
    const indicators = await t.services.performance.indicators();
    let checked = 0;
    for (const outcome of model.outcomes)
      for (const measure of outcome.measures.filter((m) => m.computed)) {
        const source = indicators.find((i) => i.code === measure.code)!.source;
        // The Panel also shows the voice module's counts (its own test recounts them): only the register's here.
        if (!source.startsWith('corporate-parenting.')) continue;
        for (const cell of measure.cells) {
          const period = {
            from: `${cell.period.slice(0, 4)}-04-01`,
            to: `${Number(cell.period.slice(0, 4)) + 1}-04-01`,
          };
          const recount = recountRegister(imported, period)[source]!;
          expect(cell.value, `${source} ${cell.period}`).toBe(recount.total.value);
          checked++;
        }
        const latest = measure.latest;
        if (!latest) continue;
        const period = {
          from: `${latest.period.slice(0, 4)}-04-01`,
          to: `${Number(latest.period.slice(0, 4)) + 1}-04-01`,
        };
        const groups = recountRegister(imported, period)[source]!.groups;
        for (const g of measure.groups)
          expect(g.value, `${source} ${g.key}`).toBe(groups[g.key as 'other']?.value ?? null);
      }
    expect(checked).toBe(25 * 5);
    expect(model.outcomes).toHaveLength(7);
  });

  it('shows the Panel’s page to a board member with counts and charts, never a name, and keeps the register from them', async () => {
    const page = await board.get('/corporate-parenting/panel');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Outcome 3: Children and young people in care are settled');
    expect(page.body).toContain('Separated migrant children');
    expect(page.body).toContain('<svg');
    for (const child of register.children.slice(0, 20)) expect(page.body).not.toContain(child.socialCareId);
    expect((await board.get('/corporate-parenting/register')).statusCode).toBe(403);
    expect((await board.get('/corporate-parenting/import')).statusCode).toBe(403);
  });

  it('audits the officer’s every view of the register and of a named child', async () => {
    const list = await officer.get('/corporate-parenting/register?q=DEMO-000001&status=');
    expect(list.statusCode).toBe(200);
    const id = /href="\/corporate-parenting\/register\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
    const child = await officer.get(`/corporate-parenting/register/${id}`);
    expect(child.statusCode).toBe(200);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('action', 'in', ['corporate-parenting.register.listed', 'corporate-parenting.child.viewed'])
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['corporate-parenting.register.listed', 'corporate-parenting.child.viewed']),
    );
    expect(events.some((e) => e.subject_id === id)).toBe(true);
    const bad = await officer.get('/corporate-parenting/register?q=%3Cscript%3E&status=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose in care or care leavers');
    expect((await officer.get('/corporate-parenting/register/00000000-0000-7000-8000-000000000000')).statusCode).toBe(
      404,
    );
  });
});
