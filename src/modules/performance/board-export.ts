import ExcelJS from 'exceljs';
import type { IndicatorUnit, PartnershipPlanRag } from '../../platform/db/schema/index.ts';
import { taggedPdf } from '../../platform/pdf/tagged.ts';
import { PLAN_RAG } from '../partnership-plan/index.ts';
import type { BoardArea, BoardIndicator, BoardSection } from './board.ts';
import { UNIT_WORDS } from './present.ts';

/**
 * The board and Locality Partnership reports as files (issue 14), from the same model as the page. The PDF is tagged
 * (src/platform/pdf/tagged.ts): headings, paragraphs and tables, text never images; the charts are not drawn, their
 * tables carry every number. The XLSX has one worksheet per priority (exceljs), a header row, numbers as numbers
 * with a number format, the period and area in their own columns, and a suppressed count as the text "fewer than 5".
 */
export interface BoardModel {
  title: string;
  /** The current plan's name, or null when the tenant has none. */
  plan: string | null;
  area: BoardArea;
  below: number;
  sections: BoardSection[];
  /** The Locality Partnership's local action plan (a quadrant's report), or null. */
  actions:
    | {
        title: string;
        itemCode: string | null;
        itemName: string | null;
        owner: string;
        dueOn: string;
        rag: PartnershipPlanRag;
      }[]
    | null;
}

const longDate = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

/** Excel number formats by unit: the number stays a number, the format says what it is. */
export const NUMBER_FORMATS: Record<IndicatorUnit, string> = {
  count: '#,##0',
  percentage: '0.0"%"',
  'rate-per-10000': '0.0',
  days: '0.0',
};

/** A worksheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const clean =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Sheet';
  let candidate = clean.slice(0, 31).trim();
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${clean.slice(0, 31 - `${n}`.length - 1)} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

const actionsOf = (model: BoardModel, code: string | null) =>
  (model.actions ?? []).filter((a) => (code === null ? !a.itemCode : a.itemCode === code));
const intro = (model: BoardModel, today: string) =>
  `${model.plan ?? 'No current plan'}. Figures for ${model.area.name}, made on ${longDate(today)}. ` +
  `Counts under ${model.below} in an area are shown as “fewer than ${model.below}” so nobody can be recognised; ` +
  'a period with no figures says “No data”, never zero.';

export async function boardXlsx(model: BoardModel, options: { today: string }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Hearth';
  book.title = model.title;
  const taken = new Set<string>();
  const header = (sheet: ExcelJS.Worksheet, widths: number[]) => {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  };
  for (const section of model.sections) {
    const sheet = book.addWorksheet(sheetName(section.name, taken));
    sheet.addRow(['Indicator code', 'Indicator', 'Period', 'Area', 'Value', 'Unit', 'Target', 'Against target']);
    header(sheet, [28, 60, 12, 24, 14, 16, 12, 30]);
    for (const indicator of section.indicators)
      for (const row of indicator.rows) {
        const value = row.value ?? (row.suppressed ? `fewer than ${model.below}` : 'No data');
        const added = sheet.addRow([
          indicator.code,
          indicator.name,
          row.period,
          model.area.name,
          value,
          UNIT_WORDS[indicator.unit],
          indicator.targetValue ?? 'No target set',
          row.tag.text,
        ]);
        if (typeof value === 'number') added.getCell(5).numFmt = NUMBER_FORMATS[indicator.unit];
        if (indicator.targetValue !== null) added.getCell(7).numFmt = NUMBER_FORMATS[indicator.unit];
      }
    if (section.indicators.length === 0) sheet.addRow(['', 'No indicators follow this yet']);
  }
  if (model.actions) {
    const sheet = book.addWorksheet(sheetName('Local action plan', taken));
    sheet.addRow(['Action', 'Priority', 'Owner', 'Due', 'Status']);
    header(sheet, [60, 40, 36, 12, 12]);
    for (const a of model.actions) {
      const row = sheet.addRow([
        a.title,
        a.itemName ?? '',
        a.owner,
        new Date(`${a.dueOn}T00:00:00Z`),
        PLAN_RAG[a.rag].text,
      ]);
      row.getCell(4).numFmt = 'd mmm yyyy';
    }
  }
  const about = book.addWorksheet(sheetName('About', taken));
  about.addRow([model.title]);
  about.addRow([intro(model, options.today)]);
  about.getColumn(1).width = 120;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An indicator's line in the PDF: its latest figure, target, RAG and trend in words. */
export function indicatorSummary(indicator: BoardIndicator): string {
  const latest = indicator.latest ? `Latest: ${indicator.latest.text} (${indicator.latest.period}).` : 'No data yet.';
  return [
    latest,
    `Target: ${indicator.target}.`,
    `Against target: ${indicator.tag.text}.`,
    indicator.trend && `${indicator.trend.words}.`,
  ]
    .filter(Boolean)
    .join(' ');
}

export function boardPdf(model: BoardModel, options: { today: string; compress?: boolean }): Promise<Buffer> {
  const pdf = taggedPdf({
    title: model.title,
    subject: 'Performance report',
    ...(options.compress === undefined ? {} : { compress: options.compress }),
  });
  pdf.heading(model.title, 'H1');
  pdf.text(intro(model, options.today));
  for (const section of model.sections) {
    pdf.heading(section.name, 'H2');
    if (section.indicators.length === 0) pdf.text('No indicators follow this yet.');
    for (const indicator of section.indicators) {
      pdf.heading(indicator.name, 'H3');
      pdf.text(indicatorSummary(indicator));
      pdf.table(
        ['Period', 'Value', 'Against target'],
        indicator.rows.map((r) => [{ text: r.period }, { text: r.text, align: { x: 'right' } }, { text: r.tag.text }]),
        [110, '*', '*'],
      );
      if (indicator.commentary)
        pdf.text(`Commentary, ${indicator.commentary.period}: ${indicator.commentary.body}`, { gap: 10 });
    }
    const actions = model.actions ? actionsOf(model, section.code) : [];
    if (actions.length) actionsTable(pdf, 'The Locality Partnership’s actions for this', actions);
  }
  const others = model.actions ? actionsOf(model, null) : [];
  if (others.length) {
    pdf.heading('Other actions of the local action plan', 'H2');
    actionsTable(pdf, 'Actions that name no priority', others);
  }
  if (model.actions && model.actions.length === 0)
    pdf.text('The Locality Partnership has no actions in its local action plan yet.');
  return pdf.finish((page, pages) => `${model.title}, made on ${longDate(options.today)}. Page ${page} of ${pages}.`);
}

function actionsTable(pdf: ReturnType<typeof taggedPdf>, caption: string, actions: NonNullable<BoardModel['actions']>) {
  pdf.text(caption, { bold: true, gap: 2 });
  pdf.table(
    ['Action', 'Owner', 'Due', 'Status'],
    actions.map((a) => [
      { text: a.title },
      { text: a.owner },
      { text: longDate(a.dueOn) },
      { text: PLAN_RAG[a.rag].text },
    ]),
    ['*', 140, 100, 70],
  );
}
