import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getISODay, parseISO } from 'date-fns';
import {
  BANK_HOLIDAYS_FILE,
  BankHolidaysFileError,
  readBankHolidaysFile,
  type BankHolidaysFile,
} from './bank-holidays.ts';

let dir: string;
let shipped: BankHolidaysFile;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-bank-holidays-'));
  shipped = await readBankHolidaysFile(BANK_HOLIDAYS_FILE);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(content: string): Promise<string> {
  const file = path.join(dir, `file-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, content);
  const error: unknown = await readBankHolidaysFile(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BankHolidaysFileError);
  return (error as Error).message;
}

describe('the shipped copy of GOV.UK bank holidays', () => {
  const ew = () => shipped['england-and-wales']!.events;

  it('has the three divisions in GOV.UK format', () => {
    expect(Object.keys(shipped)).toEqual(['england-and-wales', 'scotland', 'northern-ireland']);
    for (const division of Object.values(shipped)) {
      for (const e of division.events) expect(Object.keys(e)).toEqual(['title', 'date', 'notes', 'bunting']);
    }
  });

  it('has every England and Wales year from 2020 to 2027, with the one-off days', () => {
    const perYear: Record<string, number> = {};
    for (const e of ew()) perYear[e.date.slice(0, 4)] = (perYear[e.date.slice(0, 4)] ?? 0) + 1;
    expect(perYear).toEqual({ 2020: 8, 2021: 8, 2022: 10, 2023: 9, 2024: 8, 2025: 8, 2026: 8, 2027: 8 });
    const dates = ew().map((e) => e.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2020-05-08',
        '2022-06-03',
        '2022-09-19',
        '2023-05-08',
        '2026-12-28',
        '2027-12-27',
        '2027-12-28',
      ]),
    );
    expect(dates).not.toContain('2020-05-04');
  });

  it('falls only on weekdays, in date order (substitute days moved off weekends)', () => {
    for (const division of Object.values(shipped)) {
      const dates = division.events.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      for (const date of dates) expect(getISODay(parseISO(date)), date).toBeLessThan(6);
    }
  });
});

describe('readBankHolidaysFile', () => {
  it('refuses a file that is not JSON, naming the source to download', async () => {
    const message = await readError('pcd,lat,long\nCM1 1AA,51.7,0.4\n');
    expect(message).toContain('is not JSON');
    expect(message).toContain('https://www.gov.uk/bank-holidays.json');
  });

  it('refuses JSON of another shape', async () => {
    expect(await readError('{"dates":["2025-12-25"]}')).toMatch(
      /is not in the format of https:\/\/www\.gov\.uk\/bank-holidays\.json:\n {2}has none of the divisions england-and-wales, scotland, northern-ireland/,
    );
    expect(await readError('[]')).toContain('is not in the format of');
  });

  it('names the event that is wrong, by path', async () => {
    const file = (events: unknown[], division = 'england-and-wales') =>
      JSON.stringify({ 'england-and-wales': { division, events } });
    expect(await readError(file([{ title: 'Christmas Day', date: '25/12/2025' }]))).toContain(
      'england-and-wales.events.0.date: must be a date such as "2025-12-25"',
    );
    expect(await readError(file([{ title: 'Leap', date: '2025-02-29' }]))).toContain(
      'england-and-wales.events.0.date: is not a real date',
    );
    expect(await readError(file([{ title: '', date: '2025-12-25' }]))).toContain(
      'england-and-wales.events.0.title: must not be empty',
    );
    expect(
      await readError(
        file([
          { title: 'A', date: '2025-12-25' },
          { title: 'B', date: '2025-12-25' },
        ]),
      ),
    ).toContain('england-and-wales.events.1.date: 2025-12-25 appears twice');
    expect(await readError(file([], 'scotland'))).toContain('england-and-wales.division: must be "england-and-wales"');
  });

  it('says when the file cannot be read', async () => {
    await expect(readBankHolidaysFile(path.join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json could not be read/,
    );
  });

  it('accepts a file with one division and events without notes or bunting', async () => {
    const file = path.join(dir, 'minimal.json');
    await writeFile(
      file,
      JSON.stringify({
        scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2028-11-30' }] },
      }),
    );
    expect((await readBankHolidaysFile(file)).scotland?.events).toEqual([
      { title: 'St Andrew’s Day', date: '2028-11-30' },
    ]);
  });
});
