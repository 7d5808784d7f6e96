import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../platform/pdf/test-support.ts';
import { boardIndicator, boardSections, type BoardArea } from './board.ts';
import { boardPdf, boardXlsx, indicatorSummary, sheetName, type BoardModel } from './board-export.ts';
import { parsePeriod } from './periods.ts';
import type { IndicatorRow, ValueRow } from './repository.ts';

/** The board's pure parts (issue 14): one indicator's rows, chart, trend and RAG; the sections; the files. */
const indicator = (over: Partial<IndicatorRow> = {}): IndicatorRow =>
  ({
    id: 'i1',
    code: 'x.count',
    name: 'Requests',
    why: '',
    serves: ['2020/parenting'],
    polarity: 'higher-is-better',
    unit: 'count',
    frequency: 'annual',
    target: null,
    tolerance: null,
    breakdowns: [],
    source_kind: 'imported',
    source: 'A file',
    note: '',
    confirm: '',
    position: 0,
    version: 1,
    ...over,
  }) as IndicatorRow;
const years = ['2021-22', '2022-23', '2023-24', '2024-25', '2025-26'].map((y) => parsePeriod('annual', y)!);
const value = (period: string, v: number | null, area: [string, string] = ['all', ''], of?: [number, number]) =>
  ({
    indicator_id: 'i1',
    period,
    period_from: parsePeriod('annual', period)!.from,
    area_kind: area[0],
    area_code: area[1],
    value: v,
    numerator: of?.[0] ?? null,
    denominator: of?.[1] ?? null,
  }) as unknown as ValueRow;
const ALL: BoardArea = { kind: 'all', code: '', name: 'Essex' };
const WEST: BoardArea = { kind: 'quadrant', code: 'west', name: 'West quadrant' };
const build = (i: IndicatorRow, values: ValueRow[], area = ALL) =>
  boardIndicator({ indicator: i, values, recent: years, area, below: 5, chartId: 'c1' });

describe('an indicator on the board', () => {
  it('says no target and no data as such, never zero, and draws nothing with no data', () => {
    const shown = build(indicator(), []);
    expect(shown.rows.map((r) => r.text)).toEqual(Array(5).fill('No data'));
    expect(shown.target).toBe('No target set');
    expect(shown.tag.text).toBe('No target set');
    expect(shown.latest).toBeNull();
    expect(shown.chart).toBeNull();
  });

  it('draws one point as one dot, and keeps a huge number whole in the table', () => {
    const shown = build(indicator(), [value('2024-25', 987_654_321_012)]);
    expect(shown.chart!.match(/<circle/g)).toHaveLength(1);
    expect(shown.latest).toMatchObject({ period: '2024-25', text: '987,654,321,012', value: 987_654_321_012 });
    expect(shown.trend).toBeNull();
  });

  it('reads RAG and trend against the target, and says the words for the files', () => {
    const i = indicator({ unit: 'percentage', target: 45, tolerance: 2 });
    const shown = build(i, [value('2023-24', 41.5), value('2024-25', 44)]);
    expect(shown.tag.text).toBe('Near target');
    expect(shown.ragWords).toBe('Near target');
    expect(shown.trend?.words).toBe('Up since the period before, better');
    expect(indicatorSummary(shown)).toBe(
      'Latest: 44% (2024-25). Target: 45%. Against target: Near target. Up since the period before, better.',
    );
  });

  it('suppresses a small count in an area, draws it as a gap, and does not read a count against the whole target', () => {
    const i = indicator({ target: 100 });
    const shown = build(i, [value('2023-24', 300), value('2023-24', 3, ['quadrant', 'west'])], WEST);
    const row = shown.rows.find((r) => r.period === '2023-24')!;
    expect(row).toMatchObject({ text: 'Fewer than 5', suppressed: true, value: null });
    expect(shown.chart).toBeNull();
    const big = build(i, [value('2023-24', 300), value('2023-24', 30, ['quadrant', 'west'])], WEST);
    expect(big.tag.text).toBe('Target is for the whole authority');
  });
});

describe('the board’s sections and files', () => {
  const i = indicator({ serves: ['2020/parenting', '2020/o2'], unit: 'percentage', target: 45 });
  const sections = boardSections({
    items: [
      { code: '2020/parenting', name: 'Priority: Parenting' },
      { code: '2020/o2', name: 'Outcome: Stable and thriving families' },
      { code: '2020/send', name: 'Priority: SEND' },
    ],
    indicators: [i],
    values: [value('2024-25', 44.25), value('2024-25', 39, ['quadrant', 'west'], [156, 400])],
    commentary: [{ indicator_id: 'i1', period: '2024-25', body: 'Up a little.' }],
    recent: () => years,
    area: WEST,
    below: 5,
  });
  const model: BoardModel = {
    title: 'West report',
    plan: 'The 2020 plan',
    area: WEST,
    below: 5,
    sections,
    actions: [
      {
        title: 'Peer groups',
        itemCode: '2020/parenting',
        itemName: 'Parenting',
        owner: 'Lead',
        dueOn: '2025-03-31',
        rag: 'amber',
      },
    ],
  };

  it('shows an indicator under each item it serves, each chart with its own id, and an empty item as empty', () => {
    expect(sections.map((s) => s.indicators.length)).toEqual([1, 1, 0]);
    expect(sections[0]!.indicators[0]!.chart).toContain('id="chart-1-title"');
    expect(sections[1]!.indicators[0]!.chart).toContain('id="chart-2-title"');
    expect(sections[0]!.indicators[0]!.commentary).toEqual({ period: '2024-25', body: 'Up a little.' });
  });

  it('names worksheets as Excel allows', () => {
    const taken = new Set<string>();
    expect(sheetName('2020 priority: Parenting', taken)).toBe('2020 priority Parenting');
    expect(sheetName('A [very] long name / with * every ? forbidden \\ character', taken)).toHaveLength(31);
    expect(sheetName('2020 priority: Parenting', taken)).toBe('2020 priority Parenting 2');
  });

  it('writes the XLSX with numbers as numbers and no data as text', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await boardXlsx(model, { today: '2026-12-07' })) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Priority Parenting',
      'Outcome Stable and thriving fam',
      'Priority SEND',
      'Local action plan',
      'About',
    ]);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[1]!.slice(1)).toEqual([
      'x.count',
      'Requests',
      '2021-22',
      'West quadrant',
      'No data',
      'Percentage',
      45,
      'No data',
    ]);
    expect(rows.find((r) => r[3] === '2024-25')![5]).toBe(39);
  }, 30_000);

  it('writes the PDF as tagged text, with the local action plan under its priority', async () => {
    const pdf = await boardPdf(model, { today: '2026-12-07', compress: false });
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/MarkInfo/);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    // (The test reader decodes some glyphs of the subset fonts wrongly, so only words it reads whole are checked.)
    expect(text).toContain('West report');
    expect(text).toContain('Priority: Parenting');
    expect(text).toContain('Outcome: Stable and thriving families');
    expect(text).toContain('The Locality Partnership’s actions for this');
  }, 30_000);
});
