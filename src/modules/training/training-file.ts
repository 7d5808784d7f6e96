import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '../../platform/db/ids.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * The tenant's training file (config/tenants/<tenant>/training.json): the themes, levels and champions networks the
 * forms offer, the evaluation windows, and the starting offer of courses. Courses from the file are added once (by
 * their key), then belong to the Board manager. A file that does not pass the schema stops start-up, naming each
 * problem; a tenant without the file has an empty offer with the default windows.
 */

const CODE = /^[a-z0-9-]{1,60}$/;
const named = z.strictObject({ code: z.string().regex(CODE), name: z.string().trim().min(1).max(200) });
const fileSchema = z.strictObject({
  note: z.string().default(''),
  themes: z.array(named).min(1).max(50),
  levels: z.array(named).min(1).max(20),
  networks: z.array(named).max(20),
  evaluation: z.strictObject({
    note: z.string().default(''),
    afterWithinDays: z.number().int().min(1).max(365),
    followUpAfterMonths: z.number().int().min(1).max(24),
    followUpWithinDays: z.number().int().min(1).max(365),
  }),
  courses: z
    .array(
      z.strictObject({
        key: z.string().regex(CODE),
        title: z.string().trim().min(1).max(300),
        theme: z.string().regex(CODE),
        audience: z.string().max(1000).default(''),
        outcomes: z.string().max(4000).default(''),
        level: z.string().regex(CODE),
      }),
    )
    .max(500),
});
export type TrainingSettings = z.output<typeof fileSchema>;

const EMPTY: TrainingSettings = {
  note: '',
  themes: [{ code: 'safeguarding', name: 'Safeguarding' }],
  levels: [{ code: 'foundation', name: 'Foundation' }],
  networks: [],
  evaluation: { note: '', afterWithinDays: 30, followUpAfterMonths: 3, followUpWithinDays: 60 },
  courses: [],
};

export async function loadTrainingFile(tenant: string, dir = TENANTS_DIR): Promise<TrainingSettings> {
  const file = path.join(dir, tenant, 'training.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw new Error(`Training file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Training file ${file} is not valid:\n${problems}`);
  }
  const settings = parsed.data;
  const themes = new Set(settings.themes.map((t) => t.code));
  const levels = new Set(settings.levels.map((l) => l.code));
  for (const c of settings.courses) {
    if (!themes.has(c.theme)) throw new Error(`Training file: course "${c.key}" names theme "${c.theme}", not listed`);
    if (!levels.has(c.level)) throw new Error(`Training file: course "${c.key}" names level "${c.level}", not listed`);
  }
  return settings;
}

/** Adds the file's courses not yet added (by key); what the Board manager changed since stays as they left it. */
export async function seedCourses(db: Kysely<DB>, settings: TrainingSettings): Promise<void> {
  if (!settings.courses.length) return;
  await db
    .insertInto('training_courses')
    .values(
      settings.courses.map((c) => ({
        id: newId(),
        title: c.title,
        theme: c.theme,
        audience: c.audience,
        outcomes: c.outcomes,
        level: c.level,
        seed_key: c.key,
        created_by: null,
        updated_by: null,
      })),
    )
    .onConflict((oc) => oc.column('seed_key').doNothing())
    .execute();
}
