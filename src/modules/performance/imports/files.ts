import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { decodeXML } from 'entities';
import { strToU8, unzipSync, zipSync } from 'fflate';

/**
 * Reading and writing the two file kinds an imported indicator takes: CSV, and XLSX (a zip of XML parts: the first
 * worksheet's cells, its shared strings). Only cell values are read: no formulas run, no macros, no links.
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

export function readRows(kind: FileKind, data: Uint8Array): string[][] {
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

const columnIndex = (ref: string) => {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
};
const textOf = (xml: string) =>
  [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decodeXML(m[1]!)).join('');

function readXlsx(data: Uint8Array): string[][] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, { filter: (f) => f.name.startsWith('xl/') && f.originalSize < 20 * MAX_FILE_BYTES });
  } catch {
    throw new UnreadableFile('The XLSX file cannot be opened: save it again from your spreadsheet and try again');
  }
  const decode = (name: string) => (files[name] ? new TextDecoder().decode(files[name]) : '');
  const shared = [...decode('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]!));
  const sheetName = Object.keys(files)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))[0];
  if (!sheetName) throw new UnreadableFile('The XLSX file has no worksheet');
  const rows: string[][] = [];
  for (const rowMatch of decode(sheetName).matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const number = Number(/\br="(\d+)"/.exec(rowMatch[1]!)?.[1] ?? rows.length + 1);
    const cells: string[] = [];
    for (const cell of rowMatch[2]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cell[1]!;
      const inner = cell[2] ?? '';
      const ref = /\br="([A-Z]+)\d*"/.exec(attributes)?.[1];
      const type = /\bt="(\w+)"/.exec(attributes)?.[1];
      const raw = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = '';
      if (type === 's') value = shared[Number(raw)] ?? '';
      else if (type === 'inlineStr') value = textOf(inner);
      else if (raw !== undefined) value = decodeXML(raw);
      cells[ref ? columnIndex(ref) : cells.length] = value;
    }
    while (rows.length < number - 1) rows.push([]);
    rows.push(Array.from(cells, (c) => c ?? ''));
  }
  return rows;
}

export const writeCsv = (rows: readonly (readonly (string | number)[])[]) => stringify(rows as (string | number)[][]);

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const letter = (i: number): string =>
  (i >= 26 ? letter(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));

/** A one-sheet XLSX: text as inline strings, numbers as numbers. */
export function writeXlsx(sheetName: string, rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const sheetRows = rows
    .map((row, r) => {
      const cells = row.map((v, c) => {
        const ref = `${letter(c)}${r + 1}`;
        return typeof v === 'number'
          ? `<c r="${ref}"><v>${v}</v></c>`
          : `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(v)}</t></is></c>`;
      });
      return `<row r="${r + 1}">${cells.join('')}</row>`;
    })
    .join('');
  const ns = 'http://schemas.openxmlformats.org';
  return zipSync({
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="${xmlEscape(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
    ),
  });
}
