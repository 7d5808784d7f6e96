import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TENANTS_DIR } from '../reference/index.ts';

/**
 * The tenant's voice file (config/tenants/<tenant>/voice.json): the age groups a response is given in, the answer
 * scale and what counts as positive, the question themes, the surveys and their starting questions, the
 * decision-makers the Children in Care Council meets, how many meetings a year it should have, and the documents
 * (the Pledge, the Care Leavers Charter). Read once at start-up; a file that does not pass stops start-up.
 */
const CODE = /^[a-z0-9-]{1,60}$/;
const named = z.strictObject({ code: z.string().regex(CODE), name: z.string().trim().min(1).max(200) });
const fileSchema = z.strictObject({
  about: z.string().default(''),
  toConfirm: z.string().default(''),
  ageGroups: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z0-9+-]{1,20}$/), name: z.string().min(1).max(100) }))
    .min(1)
    .max(20),
  scale: z.strictObject({
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(10),
    positiveFrom: z.number().int().min(0).max(10),
    labels: z.array(z.string().min(1).max(60)),
    toConfirm: z.string().default(''),
  }),
  themes: z.array(named).min(1).max(30),
  surveys: z
    .array(
      z.strictObject({
        code: z.string().regex(CODE),
        name: z.string().min(1).max(200),
        about: z.string().max(1000).default(''),
        toConfirm: z.string().default(''),
        questions: z
          .array(
            z.strictObject({
              code: z.string().regex(CODE),
              text: z.string().min(1).max(400),
              theme: z.string().regex(CODE),
            }),
          )
          .min(1)
          .max(60),
      }),
    )
    .min(1)
    .max(10),
  decisionMakers: z.array(named).min(1).max(20),
  meetingsPerYear: z.number().int().min(0).max(52),
  meetingsNote: z.string().default(''),
  documents: z.array(named).min(1).max(10),
});
export type VoiceSettings = z.output<typeof fileSchema>;

export function loadVoiceFile(tenant: string, dir = TENANTS_DIR): VoiceSettings {
  const file = path.join(dir, tenant, 'voice.json');
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `Voice file ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const s = parsed.data;
  if (s.scale.labels.length !== s.scale.max - s.scale.min + 1)
    throw new Error(
      `Voice file ${file}: the scale needs one label for each point from ${s.scale.min} to ${s.scale.max}`,
    );
  for (const survey of s.surveys)
    for (const q of survey.questions)
      if (!s.themes.some((t) => t.code === q.theme))
        throw new Error(
          `Voice file ${file}: question ${survey.code}/${q.code} has theme ${q.theme}, not in the themes`,
        );
  return s;
}

/** The name of a code in a list of the file, or the code itself. */
export const nameOf = (list: readonly { code: string; name: string }[], code: string) =>
  list.find((i) => i.code === code)?.name ?? code;
