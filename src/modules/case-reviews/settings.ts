import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * The tenant's case review settings (config/tenants/<tenant>/case-reviews.json): Working Together's criteria, the
 * Rapid Review's working days, how the three partners' triage decides, the review methods, themes and delay reasons.
 */
const item = z.object({
  code: z.string().regex(/^[a-z0-9-]{1,60}$/),
  name: z.string().min(1).max(300),
  note: z.string().optional(),
  toConfirm: z.boolean().optional(),
});
const list = z
  .array(item)
  .min(1)
  .refine((items) => new Set(items.map((i) => i.code)).size === items.length, 'names a code twice');

export const caseReviewSettingsSchema = z.object({
  about: z.string().optional(),
  rapidReviewWorkingDays: z.number().int().min(1).max(60),
  rapidReviewNote: z.string().optional(),
  progressWhen: z.enum(['any', 'all']),
  progressWhenNote: z.string().optional(),
  criteria: list,
  methods: list,
  themes: list,
  delayReasons: list,
});
export type CaseReviewSettings = z.infer<typeof caseReviewSettingsSchema>;

export async function loadCaseReviewSettings(tenant: string, dir = TENANTS_DIR): Promise<CaseReviewSettings> {
  const file = path.join(dir, tenant, 'case-reviews.json');
  const parsed = caseReviewSettingsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export const nameOf = (items: readonly { code: string; name: string }[], code: string) =>
  items.find((i) => i.code === code)?.name ?? code;
