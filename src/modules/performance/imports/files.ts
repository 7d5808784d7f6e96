import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/**
 * Reading and writing the two file kinds an imported indicator takes: CSV (csv-parse, csv-stringify) and XLSX
 * (exceljs: the first worksheet's cell values). Only cell values are read: no formulas run, no macros, no links.
 */

export type FileKind = 'csv' | 'xlsx';
export const MAX_FILE_BYTES = 1024 * 1024;

export class UnreadableFile extends Error {}

/** The kind of a file, from its first bytes (a zip is XLSX) and its name. */
export function fileKind(name: string, data: Uint8Array): FileKind | null {
  const zip = data[0] === 0x50 && data[1] === 0x4b;
  if (/\.xlsx$/i.test(name)) return zip ? 'xlsx' : null;
  if (/\.csv$/i.test(name) || /\.txt$/i.test(name)) return zip ? null : 'csv';
  return null;
}

export async function readRows(kind: FileKind, data: Uint8Array): Promise<string[][]> {
  return kind === 'csv' ? readCsv(data) : readXlsx(data);
}

function readCsv(data: Uint8Array): string[][] {
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new UnreadableFile(`The CSV cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The first worksheet's cell values as text (exceljs reads the file: no formulas run, no macros, no links). */
async function readXlsx(data: Uint8Array): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile('The XLSX file cannot be opened: save it again from your spreadsheet and try again');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UnreadableFile('The XLSX file has no worksheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    while (rows.length < number - 1) rows.push([]);
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

/** A cell's value as the text a person typed: a formula's last result, rich text joined, a date as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

export const writeCsv = (rows: readonly (readonly (string | number)[])[]) => stringify(rows as (string | number)[][]);

/** A one-sheet XLSX (exceljs): text as text, numbers as numbers. */
export async function writeXlsx(sheetName: string, rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
