import { describe, expect, it } from 'vitest';
import { fileKind, readRows, UnreadableFile, writeXlsx } from './files.ts';

describe('import files', () => {
  it('reads back the XLSX it writes, numbers and text alike', () => {
    const data = writeXlsx('Figures', [
      ['period', 'area_code', 'value'],
      ['2024-25', 'E10000012', 1234],
      ['2023-24', 'Fish & <chips>', 7.5],
    ]);
    expect(fileKind('figures.xlsx', data)).toBe('xlsx');
    expect(readRows('xlsx', data)).toEqual([
      ['period', 'area_code', 'value'],
      ['2024-25', 'E10000012', '1234'],
      ['2023-24', 'Fish & <chips>', '7.5'],
    ]);
  });

  it('reads a CSV with a byte order mark, and says what is wrong with a file it cannot read', () => {
    const csv = new TextEncoder().encode('\uFEFFperiod,area_code,value\n2024-25,essex,"1,200"\n');
    expect(readRows('csv', csv)).toEqual([
      ['period', 'area_code', 'value'],
      ['2024-25', 'essex', '1,200'],
    ]);
    expect(fileKind('figures.pdf', csv)).toBeNull();
    expect(fileKind('figures.xlsx', csv)).toBeNull();
    expect(() => readRows('xlsx', new Uint8Array([0x50, 0x4b, 1, 2, 3]))).toThrow(UnreadableFile);
    expect(() => readRows('csv', new TextEncoder().encode('a,"b\n'))).toThrow(UnreadableFile);
  });
});
