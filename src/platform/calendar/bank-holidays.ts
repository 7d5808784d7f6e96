import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isValid, parseISO } from 'date-fns';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema/index.ts';

/** The copy of GOV.UK's bank holidays that ships with Hearth, loaded at every start. */
export const BANK_HOLIDAYS_FILE = fileURLToPath(new URL('../../../config/bank-holidays.json', import.meta.url));
export const BANK_HOLIDAYS_SOURCE = 'https://www.gov.uk/bank-holidays.json';

export const DIVISIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Division = (typeof DIVISIONS)[number];

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2025-12-25"')
  .refine(
    (value) => isValid(parseISO(value)) && parseISO(value).getDate() === Number(value.slice(8)),
    'is not a real date',
  );

const event = z.object({
  title: z.string().trim().min(1, 'must not be empty'),
  date,
  notes: z.string().optional(),
  bunting: z.boolean().optional(),
});

const division = (name: Division) =>
  z.object({
    division: z.literal(name, `must be "${name}"`),
    events: z.array(event).superRefine((events, ctx) => {
      const seen = new Set<string>();
      events.forEach((e, i) => {
        if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${e.date} appears twice` });
        seen.add(e.date);
      });
    }),
  });

/** The shape of GOV.UK's bank-holidays.json: one entry per division, each with its dated events. */
export const bankHolidaysFileSchema = z
  .object({
    'england-and-wales': division('england-and-wales').optional(),
    scotland: division('scotland').optional(),
    'northern-ireland': division('northern-ireland').optional(),
  })
  .refine((file) => DIVISIONS.some((d) => file[d]), `has none of the divisions ${DIVISIONS.join(', ')}`);
export type BankHolidaysFile = z.infer<typeof bankHolidaysFileSchema>;

/** A file that is missing, not JSON, or not shaped like GOV.UK's: the message says which and where. */
export class BankHolidaysFileError extends Error {}

/** Reads and checks a bank holidays file (GOV.UK's format). */
export async function readBankHolidaysFile(file: string): Promise<BankHolidaysFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BankHolidaysFileError(`${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BankHolidaysFileError(
      `${file} is not JSON. Download the bank holidays from ${BANK_HOLIDAYS_SOURCE} and give that file.`,
    );
  }
  const parsed = bankHolidaysFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `  ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
      .join('\n');
    throw new BankHolidaysFileError(`${file} is not in the format of ${BANK_HOLIDAYS_SOURCE}:\n${problems}`);
  }
  return parsed.data;
}

export interface BankHolidaysReport {
  /** Dates new to the table. */
  added: number;
  /** Dates the table already had. */
  known: number;
  /** Dates whose title changed (imports only). */
  renamed: number;
  /** Dates removed because the file no longer lists them in a year it covers (imports only). */
  removed: number;
  /** The last bank holiday now known, per division in the file: after it every weekday counts as working. */
  knownUntil: Partial<Record<Division, string>>;
}

/**
 * Stores a bank holidays file in `bank_holidays`, in one transaction. Start-up only adds missing
 * dates, so it is safe for several instances at once and never undoes an import. An import
 * (`replaceYears`) is the latest word for every year it lists: titles follow it, and a date it no
 * longer lists in such a year (a moved holiday, as 8 May 2020 was) is removed.
 */
export async function storeBankHolidays(
  db: Kysely<DB>,
  file: BankHolidaysFile,
  options: { replaceYears: boolean },
): Promise<BankHolidaysReport> {
  const rows = DIVISIONS.flatMap((d) =>
    (file[d]?.events ?? []).map((e) => ({ division: d, date: e.date, title: e.title.trim() })),
  );
  const divisions = DIVISIONS.filter((d) => file[d]);
  return db.transaction().execute(async (tx) => {
    let renamed = 0;
    let removed = 0;
    if (options.replaceYears) {
      const incoming = new Map(rows.map((r) => [`${r.division} ${r.date}`, r.title]));
      const years = new Set(rows.map((r) => `${r.division} ${r.date.slice(0, 4)}`));
      const existing = await tx.selectFrom('bank_holidays').selectAll().where('division', 'in', divisions).execute();
      for (const row of existing) {
        const title = incoming.get(`${row.division} ${row.date}`);
        if (title !== undefined && title !== row.title) {
          await tx
            .updateTable('bank_holidays')
            .set({ title })
            .where('division', '=', row.division)
            .where('date', '=', row.date)
            .execute();
          renamed++;
        } else if (title === undefined && years.has(`${row.division} ${row.date.slice(0, 4)}`)) {
          await tx
            .deleteFrom('bank_holidays')
            .where('division', '=', row.division)
            .where('date', '=', row.date)
            .execute();
          removed++;
        }
      }
    }
    let added = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx
        .insertInto('bank_holidays')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['division', 'date']).doNothing())
        .returning('date')
        .execute();
      added += inserted.length;
    }
    const latest = await tx
      .selectFrom('bank_holidays')
      .select(['division', (eb) => eb.fn.max('date').as('last')])
      .where('division', 'in', divisions)
      .groupBy('division')
      .execute();
    const last = new Map(latest.map((r) => [r.division, String(r.last)]));
    const knownUntil = Object.fromEntries(divisions.filter((d) => last.has(d)).map((d) => [d, last.get(d)!]));
    return { added, known: rows.length - added, renamed, removed, knownUntil };
  });
}

/** The bank holiday dates ('YYYY-MM-DD') of one division. */
export async function bankHolidayDates(db: Kysely<DB>, division: Division): Promise<string[]> {
  const rows = await db
    .selectFrom('bank_holidays')
    .select('date')
    .where('division', '=', division)
    .orderBy('date')
    .execute();
  return rows.map((r) => r.date);
}
