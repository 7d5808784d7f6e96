// ---- Calendar (migrations/0008_calendar.sql) ----

export interface BankHolidaysTable {
  division: 'england-and-wales' | 'scotland' | 'northern-ireland';
  /** 'YYYY-MM-DD' (dates are normalised to strings in platform/db/database.ts). */
  date: string;
  title: string;
}

export interface CalendarTables {
  bank_holidays: BankHolidaysTable;
}
