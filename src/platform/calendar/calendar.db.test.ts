import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../../tests/helpers/database.ts';
import type { DB } from '../db/schema/index.ts';
import { BANK_HOLIDAYS_FILE, type BankHolidaysFile } from './bank-holidays.ts';
import { CalendarService } from './service.ts';
import type { WorkingHours } from './working-time.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HOURS: WorkingHours = {
  timeZone: 'Europe/London',
  days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
  start: '09:00',
  end: '17:00',
  bankHolidays: 'england-and-wales',
};

let testDb: TestDatabase;
let db: Kysely<DB>;
let service: CalendarService;
let dir: string;
let shipped: BankHolidaysFile;
const total = () => Object.values(shipped).reduce((n, d) => n + d.events.length, 0);

async function rows() {
  return db.selectFrom('bank_holidays').selectAll().orderBy('division').orderBy('date').execute();
}
async function writeJson(name: string, content: unknown) {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  service = new CalendarService(db, async () => HOURS);
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-calendar-'));
  shipped = JSON.parse(await readFile(BANK_HOLIDAYS_FILE, 'utf8')) as BankHolidaysFile;
});
afterAll(async () => {
  await testDb?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.deleteFrom('bank_holidays').execute();
  service.refresh();
});

describe('loading bank holidays at start-up', () => {
  it('adds every date of the shipped file once, however often it runs', async () => {
    const first = await service.loadBankHolidays();
    expect(first).toMatchObject({ added: total(), known: 0, renamed: 0, removed: 0 });
    expect(first.knownUntil).toEqual({
      'england-and-wales': '2027-12-28',
      scotland: '2027-12-28',
      'northern-ireland': '2027-12-28',
    });
    const before = await rows();
    const again = await service.loadBankHolidays();
    expect(again).toMatchObject({ added: 0, known: total() });
    expect(await rows()).toEqual(before);
    expect(before.find((r) => r.division === 'england-and-wales' && r.date === '2022-09-19')?.title).toBe(
      'Bank Holiday for the State Funeral of Queen Elizabeth II',
    );
  });

  it('never undoes an import: start-up only adds what is missing', async () => {
    await service.loadBankHolidays();
    await db
      .updateTable('bank_holidays')
      .set({ title: 'Renamed by an import' })
      .where('date', '=', '2025-12-25')
      .execute();
    await db.deleteFrom('bank_holidays').where('division', '=', 'scotland').where('date', '=', '2025-12-26').execute();
    expect(await service.loadBankHolidays()).toMatchObject({ added: 1, known: total() - 1 });
    const christmas = await db.selectFrom('bank_holidays').select('title').where('date', '=', '2025-12-25').execute();
    expect(christmas.map((r) => r.title)).toEqual([
      'Renamed by an import',
      'Renamed by an import',
      'Renamed by an import',
    ]);
  });
});

describe('importing a downloaded GOV.UK file', () => {
  it('adds new years, follows renamed and moved dates in the years it lists, and keeps older years', async () => {
    await service.loadBankHolidays();
    // A later GOV.UK file: 2027 and 2028 only, with the early May 2027 holiday moved and one title changed.
    const ew = shipped['england-and-wales']!.events.filter((e) => e.date.startsWith('2027'));
    const changed = ew
      .map((e) => (e.date === '2027-05-03' ? { ...e, date: '2027-05-07', title: 'Early May bank holiday (moved)' } : e))
      .map((e) => (e.date === '2027-08-30' ? { ...e, title: 'Summer bank holiday (August)' } : e));
    const next = [
      { title: 'New Year’s Day', date: '2028-01-03', notes: 'Substitute day', bunting: true },
      { title: 'Good Friday', date: '2028-04-14', notes: '', bunting: false },
    ];
    const file = await writeJson('next.json', {
      'england-and-wales': { division: 'england-and-wales', events: [...changed, ...next] },
    });

    const report = await service.importBankHolidays(file);
    expect(report).toEqual({
      added: 3,
      known: 7,
      renamed: 1,
      removed: 1,
      knownUntil: { 'england-and-wales': '2028-04-14' },
    });
    const dates = (await rows()).filter((r) => r.division === 'england-and-wales').map((r) => r.date);
    expect(dates).toContain('2027-05-07');
    expect(dates).not.toContain('2027-05-03');
    expect(dates).toContain('2020-05-08'); // years the file does not list are kept
    expect((await rows()).filter((r) => r.division === 'scotland')).toHaveLength(shipped.scotland!.events.length);

    expect(await service.importBankHolidays(file)).toMatchObject({ added: 0, known: 10, renamed: 0, removed: 0 });
  });

  it('refuses a file of another shape and changes nothing', async () => {
    await service.loadBankHolidays();
    const before = await rows();
    const file = await writeJson('wrong.json', {
      'england-and-wales': {
        division: 'england-and-wales',
        events: [{ title: 'Christmas', date: '25 December 2028' }],
      },
    });
    await expect(service.importBankHolidays(file)).rejects.toThrow(
      /wrong\.json is not in the format of https:\/\/www\.gov\.uk\/bank-holidays\.json:\n {2}england-and-wales\.events\.0\.date: must be a date such as "2025-12-25"/,
    );
    expect(await rows()).toEqual(before);
  });
});

// The command runs on an embedded database of its own (PGLITE_DATA_DIR=memory://), the same on either project: once.
describe.skipIf(testDatabaseKind() === 'postgres')('npm run import:bank-holidays', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import-bank-holidays.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, PGLITE_DATA_DIR: 'memory://', DATABASE_URL: '', NODE_ENV: 'test' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('explains a file that is not GOV.UK bank holidays, before touching the database', async () => {
    const file = await writeJson('postcodes.json', { postcodes: ['CM1 1AA'] });
    const result = await run(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Nothing imported. ${file} is not in the format of https://www.gov.uk/bank-holidays.json:`,
    );
    expect(result.stderr).toContain('has none of the divisions england-and-wales, scotland, northern-ireland');
  });

  it('shows how to use it when no file is given', async () => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: npm run import:bank-holidays -- path/to/bank-holidays.json');
  });
});

describe('CalendarService.calendar', () => {
  it('builds the working calendar from the table, once', async () => {
    await service.loadBankHolidays();
    const calendar = await service.calendar();
    expect(await service.calendar()).toBe(calendar);
    expect(calendar.isWorkingDay(new Date('2026-12-28T12:00:00Z'))).toBe(false);
    expect(calendar.addWorkingHours(new Date('2026-12-24T16:00:00Z'), 4).toISOString()).toBe(
      '2026-12-29T12:00:00.000Z',
    );
  });

  it('sees an import once refreshed', async () => {
    await service.loadBankHolidays();
    expect((await service.calendar()).isBankHoliday('2028-04-14')).toBe(false);
    const file = await writeJson('2028.json', {
      'england-and-wales': { division: 'england-and-wales', events: [{ title: 'Good Friday', date: '2028-04-14' }] },
    });
    await service.importBankHolidays(file);
    expect((await service.calendar()).isBankHoliday('2028-04-14')).toBe(true);
  });

  it('loads the shipped dates into an empty table rather than working through Christmas', async () => {
    const calendar = await service.calendar();
    expect(calendar.isBankHoliday('2025-12-25')).toBe(true);
    expect((await rows()).length).toBe(total());
  });

  it('uses the division of the working hours', async () => {
    const scottish = new CalendarService(db, async () => ({ ...HOURS, bankHolidays: 'scotland' }));
    const calendar = await scottish.calendar();
    expect(calendar.isBankHoliday('2025-11-30')).toBe(false); // a Sunday: moved to Monday 1 December
    expect(calendar.isBankHoliday('2025-12-01')).toBe(true);
    expect(calendar.isBankHoliday('2025-04-21')).toBe(false); // no Easter Monday in Scotland
  });
});
