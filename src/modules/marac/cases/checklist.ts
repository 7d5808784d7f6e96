import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TENANTS_DIR } from '../../reference/index.ts';

/**
 * The tenant's DASH risk checklist (config/tenants/<tenant>/marac-risk-checklist.json): its name and its 24
 * questions in plain words, in order (question n is ticked as n). Read once.
 */
const checklistSchema = z.object({
  name: z.string().min(1).max(200),
  note: z.string().optional(),
  questions: z.array(z.string().min(1).max(300)).length(24),
});
export type RiskChecklist = z.infer<typeof checklistSchema>;

export function checklistLoader(tenant: string): () => Promise<RiskChecklist> {
  let loaded: Promise<RiskChecklist> | null = null;
  return () => {
    loaded ??= readFile(path.join(TENANTS_DIR, tenant, 'marac-risk-checklist.json'), 'utf8').then((text) =>
      checklistSchema.parse(JSON.parse(text)),
    );
    return loaded;
  };
}
