import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AssuranceCycleKind } from '../../platform/db/schema/index.ts';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * The tenant's audit standards (config/tenants/<tenant>/audit-standards.json): the Section 11 and Section 175
 * standards each return rates, and the reminder days. A file that does not pass the schema stops start-up, naming
 * each problem. The Essex file is marked "toConfirm": seed 004 names the audits, not the Board's own audit tool.
 */
const CODE = /^[a-z0-9-]{1,60}$/;
const standard = z.strictObject({
  code: z.string().regex(CODE),
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000),
});
const fileSchema = z.strictObject({
  toConfirm: z.string().optional(),
  reminderDaysBeforeDue: z.array(z.number().int().min(0).max(180)).max(10),
  reminderEveryDaysWhenOverdue: z.number().int().min(1).max(90),
  section11IntervalYears: z.number().int().min(1).max(5),
  standards: z.strictObject({
    'section-11': z.array(standard).min(1).max(40),
    'section-175': z.array(standard).min(1).max(40),
  }),
});
export type AuditStandards = z.output<typeof fileSchema>;
export type Standard = z.output<typeof standard>;

export const CYCLE_KINDS: Record<AssuranceCycleKind, string> = {
  'section-11': 'Section 11',
  'section-175': 'Section 175',
};
export const RATINGS = { met: 'Met', 'partly-met': 'Partly met', 'not-met': 'Not met' } as const;
export const GRADES = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
} as const;
export const ACTION_STATUSES = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done' } as const;
export const AUDIT_KINDS = { single: 'Single-case audit (MACA)', thematic: 'Thematic audit (MATA)' } as const;

export async function loadAuditStandards(tenant: string, dir = TENANTS_DIR): Promise<AuditStandards> {
  const file = path.join(dir, tenant, 'audit-standards.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Audit standards file ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Audit standards file ${file} is not valid:\n${problems}`);
  }
  for (const kind of ['section-11', 'section-175'] as const) {
    const codes = parsed.data.standards[kind].map((s) => s.code);
    if (new Set(codes).size !== codes.length) throw new Error(`Audit standards file ${file}: ${kind} repeats a code`);
  }
  return parsed.data;
}
