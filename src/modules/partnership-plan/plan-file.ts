import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The tenant's partnership plan file (config/tenants/<tenant>/plan.json): the plan's versions with their outcomes,
 * principles, priorities and strategic objectives, and the Locality Children's Partnerships. Essex's follows the
 * seeds (000, 001, 003); another authority writes its own, and a tenant without the file has no plan.
 */

const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case code');
const name = z.string().trim().min(1, 'must not be empty').max(400, 'must be 400 characters or fewer');
const description = z.string().max(10000, 'must be 10,000 characters or fewer').default('');

const itemSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "must be '<version>/<item>', for example '2020/send'"),
  name,
  description,
  /** An outcome lead (a person or role), when named. */
  lead: z.string().max(400).optional(),
  /** The forum the seeds say leads the work ("led by the SEND Improvement Board"). */
  ledBy: z.string().max(400).optional(),
  /** The board that owns it, by its code (the boards are another module's: only the code is kept). */
  forum: kebab.optional(),
});

const versionSchema = z.object({
  code: kebab,
  name,
  period: z.string().trim().min(1, 'must not be empty').max(100),
  summary: description,
  outcomes: z.array(itemSchema).default([]),
  principles: z.array(itemSchema).default([]),
  priorities: z.array(itemSchema).default([]),
  objectives: z.array(itemSchema).default([]),
});

const RESERVED = ['versions', 'localities', 'actions'];

export const planFileSchema = z
  .object({
    note: z.string().optional(),
    /** The version the plan's home page shows. */
    current: kebab,
    /** The names of the forums the plan names by code (the boards themselves are kept elsewhere). */
    forums: z.record(kebab, name).default({}),
    versions: z.array(versionSchema).min(1, 'needs at least one version'),
    localities: z.array(z.object({ quadrant: kebab, name, forum: kebab, description })).default([]),
  })
  .superRefine((file, ctx) => {
    const versions = file.versions.map((v) => v.code);
    if (!versions.includes(file.current))
      ctx.addIssue({ code: 'custom', path: ['current'], message: `"${file.current}" is not one of the versions` });
    const seen = new Set<string>();
    const check = (values: string[], where: string) => {
      for (const value of values) {
        if (seen.has(`${where}:${value}`))
          ctx.addIssue({ code: 'custom', path: [where], message: `code "${value}" appears twice` });
        seen.add(`${where}:${value}`);
      }
    };
    check(versions, 'versions');
    // The plan's pages are /plan/<version>/<item>: a version may not take the name of another page.
    for (const code of versions.filter((c) => RESERVED.includes(c)))
      ctx.addIssue({ code: 'custom', path: ['versions'], message: `"${code}" cannot be a version's code` });
    check(
      file.localities.map((l) => l.quadrant),
      'localities',
    );
    const forums = [
      ...file.localities.map((l) => l.forum),
      ...file.versions
        .flatMap((v) => [...v.outcomes, ...v.principles, ...v.priorities, ...v.objectives])
        .flatMap((item) => (item.forum ? [item.forum] : [])),
    ];
    for (const forum of new Set(forums))
      if (!(forum in file.forums))
        ctx.addIssue({ code: 'custom', path: ['forums'], message: `the forum "${forum}" needs a name here` });
    for (const [i, version] of file.versions.entries()) {
      for (const kind of ['outcomes', 'principles', 'priorities', 'objectives'] as const) {
        for (const [j, item] of version[kind].entries()) {
          if (!item.code.startsWith(`${version.code}/`))
            ctx.addIssue({
              code: 'custom',
              path: ['versions', i, kind, j, 'code'],
              message: `"${item.code}" must start with its version's code "${version.code}/"`,
            });
        }
        check(
          version[kind].map((item) => item.code),
          'items',
        );
      }
    }
  });

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanFileItem = z.infer<typeof itemSchema>;

/** Where a tenant's plan file is. */
export const planFilePath = (tenantsDir: string, tenant: string) => path.join(tenantsDir, tenant, 'plan.json');

/**
 * Reads and checks the tenant's plan file: null when the tenant has none; a clear error naming the file and every
 * problem when it cannot be read or is not valid, so start-up stops there.
 */
export async function loadPlanFile(file: string, quadrants?: readonly string[]): Promise<PlanFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Partnership plan file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`Partnership plan file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = planFileSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `  ${i.path.join('.') || '(the file)'}: ${i.message}`);
  if (parsed.success && quadrants) {
    for (const [i, locality] of parsed.data.localities.entries())
      if (!quadrants.includes(locality.quadrant))
        problems.push(`  localities.${i}.quadrant: "${locality.quadrant}" is not one of the tenant's quadrants`);
  }
  if (problems.length) throw new Error(`Partnership plan file ${file} is not valid:\n${problems.join('\n')}`);
  return parsed.data!;
}
