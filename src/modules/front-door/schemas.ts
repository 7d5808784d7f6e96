import { z } from 'zod';
import { versionField } from '../../platform/views/fields.ts';
import { parseForm } from '../../platform/views/forms.ts';
import { nameField } from '../people/index.ts';
import { CONTACT_BY, type SupportAnswer } from './answers.ts';
import { levelChangePossible, levelChangeProblem, REQUEST_KINDS } from './rules.ts';

/**
 * One zod schema per form page of both journeys. Messages follow the GOV.UK pattern ("Enter …",
 * "Select …"); the family's pages use their own, plainer, words where they differ. Free text is
 * kept exactly as typed (HTML included) and escaped when shown.
 */

import { LIMITS, checked, list, phone, postcode, required, text, yesNo } from './schema-parts.ts';

export { LIMITS } from './schema-parts.ts';
export * from './person-schema.ts';

/** The family list page: where the family lives. */
export const districtSchema = (districts: string[]) =>
  z.object({ district: z.string().refine((v) => districts.includes(v), 'Select the district the family lives in') });

// ---- Worries, by Supporting Families outcome area ----

export const worryField = (area: string) => `worry-${area}`;

/** Worries page: at least one outcome area ticked, and for each ticked one, what the worry is. */
export function worriesSchema(areas: { code: string; name: string }[], audience: 'practitioner' | 'family') {
  const codes = areas.map((a) => a.code);
  const details = Object.fromEntries(
    areas.map((a) => [
      worryField(a.code),
      text(LIMITS.worry, `What you tell us about ‘${a.name}’ must be ${LIMITS.worry} characters or fewer`),
    ]),
  );
  return z
    .object({
      areas: list(z.string()).pipe(
        z
          .array(z.string().refine((v) => codes.includes(v), 'Select worries from the list'))
          .min(
            1,
            audience === 'family'
              ? 'Select at least one thing that is worrying you'
              : 'Select at least one area of worry',
          ),
      ),
      ...details,
    })
    .superRefine((v, ctx) => {
      for (const area of areas) {
        const field = worryField(area.code);
        if (v.areas.includes(area.code) && !(v as Record<string, unknown>)[field]) {
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message:
              audience === 'family'
                ? `Tell us what is worrying you about ‘${area.name}’`
                : `Describe the worries about ‘${area.name}’`,
          });
        }
      }
    })
    .transform((v) =>
      areas
        .filter((a) => v.areas.includes(a.code))
        .map((a) => ({ area: a.code, details: String((v as Record<string, unknown>)[worryField(a.code)] ?? '') })),
    );
}

// ---- Strengths, what has been tried, level of need, consent ----

export const strengthsSchema = z.object({
  strengths: required(
    LIMITS.long,
    'Describe the family’s strengths',
    `Strengths must be ${LIMITS.long} characters or fewer`,
  ),
});

export const triedSchema = z.object({
  tried: required(
    LIMITS.long,
    'Describe what has already been tried',
    `What has been tried must be ${LIMITS.long} characters or fewer`,
  ),
  earlyHelpPlan: yesNo('Select yes if the family has an Early Help Plan'),
  taf: yesNo('Select yes if there is a Team Around the Family'),
});

/**
 * "Is the family already getting support?": a new request, or a step up or down with the family's
 * level now and the handover. The level and handover are only read (and kept) for a step up or down.
 */
export const supportSchema = (levels: number[]) =>
  z
    .object({
      requestKind: z.enum(REQUEST_KINDS, { message: 'Select whether the family is already getting support' }),
      currentLevel: z.string(),
      handoverSummary: text(
        LIMITS.handover,
        `The handover summary must be ${LIMITS.handover.toLocaleString('en-GB')} characters or fewer`,
      ),
    })
    .superRefine((v, ctx) => {
      if (v.requestKind === 'new') return;
      if (!levels.map(String).includes(v.currentLevel)) {
        ctx.addIssue({ code: 'custom', path: ['currentLevel'], message: 'Select the family’s level of need now' });
      } else {
        const impossible = levelChangePossible(v.requestKind, Number(v.currentLevel));
        if (impossible) ctx.addIssue({ code: 'custom', path: ['currentLevel'], message: impossible });
      }
      if (!v.handoverSummary) {
        ctx.addIssue({
          code: 'custom',
          path: ['handoverSummary'],
          message:
            'Enter the handover summary: what has been done, what is working, what is not, and why the level should change',
        });
      }
    })
    .transform((v): SupportAnswer =>
      v.requestKind === 'new'
        ? { kind: 'new' }
        : { kind: v.requestKind, currentLevel: Number(v.currentLevel), handoverSummary: v.handoverSummary },
    );

/** Level of need; for a step up or down, checked against the family's level now (see levelChangeProblem). */
export const levelSchema = (
  levels: number[],
  support?: SupportAnswer,
  levelName?: (level: number) => string | undefined,
) =>
  z
    .object({
      level: z
        .string()
        .refine((v) => levels.map(String).includes(v), 'Select the level of need you think applies')
        .transform(Number),
      levelReasons: required(
        LIMITS.long,
        'Explain why you think this level of need applies',
        `Reasons must be ${LIMITS.long} characters or fewer`,
      ),
    })
    .superRefine((v, ctx) => {
      const problem = support ? levelChangeProblem(support, v.level, levelName) : null;
      if (problem) ctx.addIssue({ code: 'custom', path: ['level'], message: problem });
    });

export const consentSchema = z
  .object({
    consentToRequest: yesNo('Select yes if the family has agreed to this request'),
    consentToSharing: yesNo('Select yes if the family has agreed to information about them being shared'),
    noConsentReason: text(LIMITS.long, `Why consent was not sought must be ${LIMITS.long} characters or fewer`),
  })
  .superRefine((v, ctx) => {
    if ((v.consentToRequest === false || v.consentToSharing === false) && !v.noConsentReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['noConsentReason'],
        message: 'Explain why the family’s consent was not sought',
      });
    }
  })
  .transform((v) => ({
    request: v.consentToRequest,
    sharing: v.consentToSharing,
    reason: v.consentToRequest && v.consentToSharing ? '' : v.noConsentReason,
  }));

// ---- The family's own pages ----

export const RELATIONSHIPS = ['parent', 'step-parent', 'carer', 'grandparent', 'other-family', 'young-person'] as const;

/** `fromPostcode`: the district can be taken from the postcode, so the message says it could not be. */
export const aboutYouSchema = (districts: string[], fromPostcode = false) =>
  z
    .object({
      name: nameField({ label: 'your name', empty: 'Enter your full name', max: LIMITS.name }),
      relationship: z.enum(RELATIONSHIPS, { message: 'Select how you are related to the children' }),
      contactBy: z.enum(CONTACT_BY, { message: 'Select how we should contact you' }),
      email: z
        .string()
        .trim()
        .max(LIMITS.email, `Email address must be ${LIMITS.email} characters or fewer`)
        .refine(
          (v) => v === '' || z.email().safeParse(v).success,
          'Enter an email address in the correct format, like name@example.com',
        ),
      phone,
      helper: text(LIMITS.short, `Who is helping you must be ${LIMITS.short} characters or fewer`),
      address: required(
        LIMITS.address,
        'Enter your address',
        `Your address must be ${LIMITS.address} characters or fewer`,
      ),
      postcode: z.string().trim().min(1, 'Enter your postcode').pipe(postcode),
      district: z
        .string()
        .refine(
          (v) => districts.includes(v),
          fromPostcode
            ? 'Select the area you live in: we could not tell it from your postcode'
            : 'Select the area you live in',
        ),
      language: text(LIMITS.name, `Language must be ${LIMITS.name} characters or fewer`),
      interpreterNeeded: checked,
      contactNotes: text(
        LIMITS.notes,
        `What you tell us about contacting you must be ${LIMITS.notes} characters or fewer`,
      ),
    })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (v.contactBy === 'email' && !v.email)
        issue('email', 'Enter your email address, or choose another way for us to contact you');
      if (v.contactBy === 'phone' && !v.phone)
        issue('phone', 'Enter your phone number, or choose another way for us to contact you');
      if (v.contactBy === 'through-helper' && !v.helper)
        issue('helper', 'Tell us who is helping you and how we can reach them');
    })
    // Only what the chosen way needs is kept as the way to contact them; a phone number is kept either way.
    .transform((v) => ({ ...v, helper: v.contactBy === 'through-helper' ? v.helper : '' }));

export const helpedSchema = z.object({
  strengths: required(
    LIMITS.long,
    'Tell us what is going well for your family',
    `What is going well must be ${LIMITS.long} characters or fewer`,
  ),
  tried: required(
    LIMITS.long,
    'Tell us what you have tried, or write ‘nothing yet’',
    `What you have tried must be ${LIMITS.long} characters or fewer`,
  ),
});

export const sharingSchema = z
  .object({
    agree: z
      .enum(['yes', 'no'], { message: 'Select yes if you agree to us keeping what you have told us' })
      .refine((v) => v === 'yes', {
        message:
          'We can only look at your request if you agree to us keeping what you have told us. If you would rather talk to someone first, call us',
      }),
    sharing: yesNo('Select yes if we can talk to other people who know your family'),
  })
  .transform((v) => ({ agree: v.agree === 'yes', sharing: v.sharing }));

/** The draft's version travels with every section form, so an edit from an older tab is caught. */
export const versionSchema = z.object({ version: versionField() });

/**
 * parseForm for these pages: a field the browser left out (an unticked radio or checkbox) counts as
 * an empty answer, found through refinements and transforms to the object schema's shape.
 */
export function parseFormPage<S extends z.ZodType>(schema: S, body: unknown) {
  let inner = schema as unknown as { shape?: Record<string, unknown>; in?: unknown };
  while (inner && !inner.shape && inner.in) inner = inner.in as typeof inner;
  const blanks = Object.fromEntries(Object.keys(inner?.shape ?? {}).map((key) => [key, '']));
  return parseForm(schema, { ...blanks, ...(body && typeof body === 'object' ? body : {}) });
}
