import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { LARGEST_VALUE } from './imports/check.ts';
import { TENANTS_DIR } from '../reference/index.ts';
import { UNITS } from '../../platform/indicators/computed.ts';

/**
 * The tenant's indicator definitions (config/tenants/<tenant>/indicators.json): what each indicator is, what it
 * serves, how it is measured and where its figures come from. Seeded at start-up; targets and tolerances are then
 * the analysts' to change in Hearth (the seed does not overwrite them).
 */
const code = z.string().regex(/^[a-z0-9][a-z0-9./-]{0,99}$/, 'codes are lower-case words, dots, slashes and hyphens');

export const indicatorDefinitionSchema = z
  .object({
    code,
    name: z.string().min(1).max(400),
    why: z.string().max(4000).default(''),
    serves: z.array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/)).min(1),
    polarity: z.enum(['higher-is-better', 'lower-is-better', 'neither']),
    unit: z.enum(UNITS),
    frequency: z.enum(['monthly', 'quarterly', 'annual', 'academic-year']),
    target: z.number().finite().max(LARGEST_VALUE).optional(),
    tolerance: z.number().finite().min(0).max(LARGEST_VALUE).optional(),
    breakdowns: z.array(z.string().regex(/^[a-z][a-z-]{0,49}$/)).default([]),
    source: z.union([
      z.object({ computed: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/) }).strict(),
      z.object({ imported: z.object({ from: z.string().min(1).max(400) }).strict() }).strict(),
    ]),
    note: z.string().max(2000).optional(),
    confirm: z.string().max(2000).optional(),
  })
  .strict()
  .refine((d) => d.unit !== 'percentage' || d.target === undefined || (d.target >= 0 && d.target <= 100), {
    message: 'a percentage target is from 0 to 100',
  });
export type IndicatorDefinition = z.infer<typeof indicatorDefinitionSchema>;

export const indicatorsFileSchema = z
  .object({
    about: z.string().optional(),
    suppression: z.object({ below: z.number().int().min(0).max(100), confirm: z.string().optional() }).strict(),
    /**
     * How many finished periods back the nightly recount looks for records entered late (a request recorded in May
     * about April). Kept figures older than that stand as counted.
     */
    recount: z
      .object({
        periods: z
          .object({
            monthly: z.number().int().min(0).max(24),
            quarterly: z.number().int().min(0).max(8),
            annual: z.number().int().min(0).max(3),
            'academic-year': z.number().int().min(0).max(3),
          })
          .strict(),
        confirm: z.string().optional(),
      })
      .strict()
      .default({ periods: { monthly: 3, quarterly: 2, annual: 1, 'academic-year': 1 } }),
    groups: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/), name: z.string().min(1) }).strict()),
    indicators: z.array(indicatorDefinitionSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const codes = new Set<string>();
    const groups = new Set(file.groups.map((g) => g.code));
    file.indicators.forEach((d, i) => {
      if (codes.has(d.code)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'code'], message: 'used twice' });
      codes.add(d.code);
      for (const s of d.serves)
        if (!groups.has(s))
          ctx.addIssue({ code: 'custom', path: ['indicators', i, 'serves'], message: `${s} is not in groups` });
    });
  });
export type IndicatorsFile = z.infer<typeof indicatorsFileSchema>;

/** The tenant's indicators file, checked; a mistake stops start-up with the path of the bad field. */
export async function loadIndicatorsFile(tenant: string): Promise<IndicatorsFile> {
  const file = path.join(TENANTS_DIR, tenant, 'indicators.json');
  const parsed = indicatorsFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
