import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fileKind, readRows, UnreadableFile, writeXlsx } from './files.ts';

describe('import files', () => {
  it('reads back the XLSX it writes, numbers and text alike, and writes numbers as numbers', async () => {
    const data = await writeXlsx('Figures', [
      ['period', 'area_code', 'value'],
      ['2024-25', 'E10000012', 1234],
      ['2023-24', 'Fish & <chips>', 7.5],
    ]);
    expect(fileKind('figures.xlsx', data)).toBe('xlsx');
    expect(await readRows('xlsx', data)).toEqual([
      ['period', 'area_code', 'value'],
      ['2024-25', 'E10000012', '1234'],
      ['2023-24', 'Fish & <chips>', '7.5'],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.name).toBe('Figures');
    expect(workbook.worksheets[0]!.getCell('C2').value).toBe(1234);
  });

  it('reads what a spreadsheet saves: a formula as its result, rich text as its text, a date as a day', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Anything');
    sheet.addRow(['period', 'area_code', 'value']);
    sheet.addRow([{ richText: [{ text: '2024' }, { text: '-25' }] }, 'E10000012', { formula: '1+1', result: 2 }]);
    sheet.addRow([new Date(Date.UTC(2024, 3, 1)), 'E07000066', 3]);
    const rows = await readRows('xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(rows).toEqual([
      ['period', 'area_code', 'value'],
      ['2024-25', 'E10000012', '2'],
      ['2024-04-01', 'E07000066', '3'],
    ]);
  });

  it('reads a CSV with a byte order mark, and says what is wrong with a file it cannot read', async () => {
    const csv = new TextEncoder().encode('\uFEFFperiod,area_code,value\n2024-25,essex,"1,200"\n');
    expect(await readRows('csv', csv)).toEqual([
      ['period', 'area_code', 'value'],
      ['2024-25', 'essex', '1,200'],
    ]);
    expect(fileKind('figures.pdf', csv)).toBeNull();
    expect(fileKind('figures.xlsx', csv)).toBeNull();
    await expect(readRows('xlsx', new Uint8Array([0x50, 0x4b, 1, 2, 3]))).rejects.toThrow(UnreadableFile);
    await expect(readRows('csv', new TextEncoder().encode('a,"b\n'))).rejects.toThrow(UnreadableFile);
  });
});
