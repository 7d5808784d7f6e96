import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import {
  BANK_HOLIDAYS_FILE,
  bankHolidayDates,
  readBankHolidaysFile,
  storeBankHolidays,
  type BankHolidaysReport,
} from './bank-holidays.ts';
import { WorkingCalendar, type WorkingHours } from './working-time.ts';

/**
 * The working calendar for timescales: the tenant's working hours (asked for through `hours`, so
 * the platform does not depend on the reference module) and the bank holidays of its division,
 * read from the database once per process. After an import, running instances see the new dates
 * when they restart (or when `refresh()` is called).
 */
export class CalendarService {
  private cached?: Promise<WorkingCalendar>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly hours: () => Promise<WorkingHours>,
  ) {}

  /** Start-up: adds the dates of the shipped copy of GOV.UK's file that the table lacks. */
  async loadBankHolidays(file = BANK_HOLIDAYS_FILE): Promise<BankHolidaysReport> {
    const report = await storeBankHolidays(this.db, await readBankHolidaysFile(file), { replaceYears: false });
    this.refresh();
    return report;
  }

  /** `npm run import:bank-holidays`: a downloaded GOV.UK file becomes the word for the years it lists. */
  async importBankHolidays(file: string): Promise<BankHolidaysReport> {
    const report = await storeBankHolidays(this.db, await readBankHolidaysFile(file), { replaceYears: true });
    this.refresh();
    return report;
  }

  /** The working calendar, built on first use. */
  calendar(): Promise<WorkingCalendar> {
    this.cached ??= this.build().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** Forget the cached calendar, so the next call reads the holidays again. */
  refresh(): void {
    this.cached = undefined;
  }

  private async build(): Promise<WorkingCalendar> {
    const hours = await this.hours();
    let dates = await bankHolidayDates(this.db, hours.bankHolidays);
    // A database that has never been started by server.ts (a test, a script) still gets the shipped
    // dates rather than a calendar that silently works through Christmas.
    if (dates.length === 0) {
      await storeBankHolidays(this.db, await readBankHolidaysFile(BANK_HOLIDAYS_FILE), { replaceYears: false });
      dates = await bankHolidayDates(this.db, hours.bankHolidays);
    }
    return new WorkingCalendar(hours, dates);
  }
}
