import { readFile } from 'node:fs/promises';
import { ETHNICITY_CODES, ETHNICITY_NAMES } from '../../platform/demographics.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { timescaleSchema, workingHoursSchema } from '../../platform/calendar/working-time.ts';
import { educationSettingsSchema } from './education-settings.ts';
import { maracSettingsSchema } from './marac-settings.ts';

export const TENANTS_DIR = fileURLToPath(new URL('../../../config/tenants/', import.meta.url));

const code = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case code');

/**
 * How the Children and Families Hub works its queue: office hours (bank holidays closed), a
 * timescale per priority, when the age of an item turns amber, and which decisions a manager
 * approves. The seeds set no Hub timescales (the Early Help Offer, seed 002, asks partners to "act
 * quickly on new information"); Essex's defaults follow Working Together to Safeguard Children 2018,
 * which seed 002 names: a decision on the response to a referral within one working day.
 */
const windscreenLevels = z
  .array(z.number().int('must be a whole number').min(1).max(4))
  .min(1, 'needs at least one level of need');

/**
 * The Windscreen levels each Hub pathway is offered at. Essex's file follows the seeds: a Team Around the
 * Family (supported by a TAF Support Officer) at level 2 only (seed 004: "The TAFSOs do not case hold and
 * operate within Level 2"), Family Solutions at level 3 and social care at level 4 (seed 002).
 */
export const pathwayLevelsSchema = z.object({
  'advice-signposting': windscreenLevels,
  taf: windscreenLevels,
  'family-solutions': windscreenLevels,
  'social-care': windscreenLevels,
  'no-further-action': windscreenLevels,
  /** Linked to another open request about the same child (issue 17): any level. */
  'linked-request': windscreenLevels.default([1, 2, 3, 4]),
  note: z.string().optional(),
});
export type PathwayLevels = z.infer<typeof pathwayLevelsSchema>;

export const hubSettingsSchema = z.object({
  workingHours: workingHoursSchema,
  pathwayLevels: pathwayLevelsSchema.default({
    'advice-signposting': [1, 2],
    taf: [2],
    'family-solutions': [3],
    'social-care': [4],
    'no-further-action': [1, 2, 3, 4],
    'linked-request': [1, 2, 3, 4],
  }),
  priorities: z
    .array(z.object({ code, name: z.string().min(1), timescale: timescaleSchema, note: z.string().optional() }))
    .min(1, 'needs at least one priority'),
  /** Percentage of the timescale gone (in working time) at which an item turns amber. */
  amberAtPercent: z.number().int('must be a whole number').min(1).max(99).default(75),
  requireManagerApproval: z.object({
    /** A decision at Windscreen level 4 (Specialist). */
    level4: z.boolean(),
    /** A decided level different from the one the requester gave. */
    override: z.boolean(),
  }),
});
export type HubSettings = z.infer<typeof hubSettingsSchema>;

/**
 * Family Solutions (level 3): how many families a worker (and, if set, a team) holds before a
 * manager must give a reason to allocate more, and the time limits. Seed 002: "up to 12 months of
 * support"; the warnings before the limit and the 6-month sustainment check (Supporting Families)
 * are settings so another authority can change them.
 */
export const familySolutionsSettingsSchema = z
  .object({
    workerCapacity: z.number().int('must be a whole number').min(1).max(1000),
    teamCapacity: z.number().int('must be a whole number').min(1).max(100_000).optional(),
    warningMonths: z.array(z.number().int('must be a whole number').min(1).max(120)).default([9, 11]),
    limitMonths: z.number().int('must be a whole number').min(1).max(120).default(12),
    sustainmentMonths: z.number().int('must be a whole number').min(1).max(120).default(6),
  })
  .refine((s) => s.warningMonths.every((m) => m < s.limitMonths), {
    message: 'every warning month must come before limitMonths',
    path: ['warningMonths'],
  });
export type FamilySolutionsSettings = z.infer<typeof familySolutionsSettingsSchema>;

/**
 * The SET Child Exploitation Partner Pathway's lists (issue 13): the indicators of exploitation and the
 * vulnerability factors a worried practitioner ticks, and whom someone who may not see a restricted record
 * should ask. Lists, not code, so the partnership can change them without a release.
 */
const exploitationItem = z.object({ code, name: z.string().min(1).max(200), hint: z.string().max(300).optional() });
export const exploitationSettingsSchema = z.object({
  indicators: z.array(exploitationItem).min(1).max(100),
  vulnerabilities: z.array(exploitationItem).min(1).max(100),
  /** Shown to anyone who opens a restricted record they may not see: "a restricted record exists, ask …". */
  askAbout: z.string().min(1).max(300),
  note: z.string().optional(),
});
export type ExploitationSettings = z.infer<typeof exploitationSettingsSchema>;

const DEFAULT_EXPLOITATION: ExploitationSettings = {
  indicators: [{ code: 'other', name: 'Something else (describe it below)' }],
  vulnerabilities: [{ code: 'other', name: 'Something else (describe it below)' }],
  askAbout: 'the Children and Families Hub',
};

/**
 * Missing children (issue 13). Missing Chats: who is offered one (seed 002: "aged between 10 and 18 years old") and
 * the timescale of the offer from the child's return (72 hours by national guidance; calendar hours unless the file
 * says working time), with the Hub queue's amber point. Repeat missing: how many episodes in how many days mark a
 * child as going missing repeatedly. The seeds set neither number: Essex to confirm.
 */
const chatChoice = z.object({ code, name: z.string().min(1).max(200) });

export const missingSettingsSchema = z.object({
  chats: z
    .object({
      fromAge: z.number().int().min(0).max(25).default(10),
      toAge: z.number().int().min(0).max(25).default(18),
      offerWithin: timescaleSchema.default({ hours: 72 }),
      amberAtPercent: z.number().min(1).max(99).default(75),
      /** What a chat may find pushed the child away or pulled them out, and whom it may be shared with. */
      pushFactors: z.array(chatChoice).default([]),
      pullFactors: z.array(chatChoice).default([]),
      partners: z.array(chatChoice).default([]),
      note: z.string().optional(),
    })
    .default({
      fromAge: 10,
      toAge: 18,
      offerWithin: { hours: 72 },
      amberAtPercent: 75,
      pushFactors: [],
      pullFactors: [],
      partners: [],
    }),
  /** Under this age every episode goes to the Missing Co-ordinator's scrutiny (seed 002: "All children under 10"). */
  scrutinyUnderAge: z.number().int().min(1).max(25).default(10),
  repeat: z
    .object({
      episodes: z.number().int().min(2).max(100).default(3),
      withinDays: z.number().int().min(1).max(3650).default(90),
      note: z.string().optional(),
    })
    .default({ episodes: 3, withinDays: 90 }),
  note: z.string().optional(),
});
export type MissingSettings = z.infer<typeof missingSettingsSchema>;

/**
 * MACE (issue 13). MACE 1's reasons for a child's exit from MACE 1 (seed 002 names none); MACE 2's kinds of place
 * of concern, and the small-number suppression of its local picture: a count under `threshold` is shown as "fewer
 * than <threshold>", so a small figure cannot point at a child. Lists, not code, so the partnership can change them
 * without a release. The seeds name none of them: Essex to confirm.
 */
const maceItem = z.object({ code, name: z.string().min(1).max(200) });
const DEFAULT_MACE_EXIT_REASONS = [
  { code: 'risk-reduced', name: 'Risk reduced' },
  { code: 'moved-out-of-area', name: 'Moved out of area' },
  { code: '18th-birthday', name: 'Reached their 18th birthday' },
  { code: 'stepped-to-another-plan', name: 'Stepped to another plan' },
];
export const maceSettingsSchema = z.object({
  exitReasons: z.array(maceItem).min(1).max(50).default(DEFAULT_MACE_EXIT_REASONS),
  exitReasonsNote: z.string().optional(),
  placeKinds: z
    .array(maceItem)
    .min(1)
    .max(50)
    .default([{ code: 'other', name: 'Somewhere else' }]),
  smallNumbers: z
    .object({ threshold: z.number().int().min(1).max(100).default(5), note: z.string().optional() })
    .default({ threshold: 5 }),
  note: z.string().optional(),
});
export type MaceSettings = z.infer<typeof maceSettingsSchema>;

/**
 * The level 4 hand-off and escalation (issue 15). `intake`: children's social care works the hand-offs in Hearth
 * ('hearth'), or its own system reads them through the outbound API and CSV ('api'; the intake queue is then a
 * read-only list). `apiOrganisations`: the organisations whose API clients may read hand-offs (a police force's
 * client may not). `hubEmail`: where the Hub is told of social care's outcomes (none: told on the request only).
 * `escalationStages`: the stages an escalation moves up, in order; `managersStage` is where escalation managers respond.
 */
const escalationStage = z.object({ code, name: z.string().min(1).max(60) });
export const socialCareSettingsSchema = z.object({
  intake: z.enum(['hearth', 'api']).default('hearth'),
  apiOrganisations: z.array(code).max(20).default([]),
  hubEmail: z.string().email().optional(),
  escalationStages: z
    .array(escalationStage)
    .min(1)
    .max(10)
    .default([
      { code: 'practitioners', name: 'Practitioner to practitioner' },
      { code: 'managers', name: 'Managers' },
      { code: 'senior-managers', name: 'Senior managers' },
      { code: 'partnership', name: 'The partnership' },
    ]),
  managersStage: code.default('managers'),
  note: z.string().optional(),
});
export type SocialCareSettings = z.infer<typeof socialCareSettingsSchema>;

/**
 * A tenant file describes one local authority: its districts and quadrants, levels of need,
 * outcome areas, partner organisations and teams. Another authority is another file.
 */
export const tenantConfigSchema = z
  .object({
    localAuthority: z.object({
      code,
      name: z.string().min(1),
      shortName: z.string().min(1),
      onsCode: z.string().optional(),
      partnershipName: z.string().min(1),
      hubName: z.string().min(1),
      hubPhone: z.string().optional(),
      /** Who a family calls when the Hub is closed (evenings, weekends, bank holidays). */
      outOfHoursPhone: z.string().optional(),
      website: z.string().url().optional(),
    }),
    quadrants: z.array(z.object({ code, name: z.string().min(1) })).min(1),
    districts: z
      .array(z.object({ code, name: z.string().min(1), onsCode: z.string().optional(), quadrant: code }))
      .min(1),
    windscreenLevels: z
      .array(
        z.object({
          level: z.number().int().min(1).max(9),
          code,
          name: z.string().min(1),
          summary: z.string().min(1),
          support: z.string().min(1),
          descriptors: z.array(z.string().min(1)).min(1),
        }),
      )
      .min(1),
    outcomeAreas: z.array(z.object({ code, name: z.string().min(1), description: z.string().min(1) })).min(1),
    organisationTypes: z.array(z.object({ code, name: z.string().min(1) })).min(1),
    organisations: z.array(z.object({ code, name: z.string().min(1), type: code, note: z.string().optional() })).min(1),
    /** Categories of the Directory of Services (an ORUK taxonomy of their own). */
    directoryCategories: z
      .array(z.object({ code, name: z.string().min(1), description: z.string().min(1) }))
      .default([]),
    teams: z.array(
      z.object({
        code,
        name: z.string().min(1),
        organisation: code,
        districts: z.array(code).optional(),
        note: z.string().optional(),
      }),
    ),
    hub: hubSettingsSchema,
    /** Early help casework: Early Help Plans are reviewed every `reviewWeeks` weeks (6 unless the file says otherwise). */
    earlyHelp: z
      .object({ reviewWeeks: z.number().int('must be a whole number').min(1).max(52).default(6) })
      .default({ reviewWeeks: 6 }),
    familySolutions: familySolutionsSettingsSchema.default({
      workerCapacity: 12,
      warningMonths: [9, 11],
      limitMonths: 12,
      sustainmentMonths: 6,
    }),
    exploitation: exploitationSettingsSchema.default(DEFAULT_EXPLOITATION),
    missing: missingSettingsSchema.default(missingSettingsSchema.parse({})),
    mace: maceSettingsSchema.default(maceSettingsSchema.parse({})),
    socialCare: socialCareSettingsSchema.default(socialCareSettingsSchema.parse({})),
    /** Issue 15: Education Compliance's sources (education-settings.ts). */
    education: educationSettingsSchema.default(educationSettingsSchema.parse({})),
    /** Issue 15: MARAC's agencies, thresholds and meetings (marac-settings.ts). */
    marac: maracSettingsSchema.default(maracSettingsSchema.parse({})),
    /**
     * The words for a person's ethnicity the forms offer (issue 14's breakdowns): codes of the platform's list
     * (platform/demographics.ts); by default the ONS 2021 census's own words, in its order.
     */
    people: z
      .object({
        ethnicities: z
          .array(z.object({ code: z.enum(ETHNICITY_CODES as [string, ...string[]]), name: z.string().min(1).max(200) }))
          .min(1)
          .default(ETHNICITY_CODES.map((c) => ({ code: c, name: ETHNICITY_NAMES[c]! }))),
        note: z.string().optional(),
      })
      .default({ ethnicities: ETHNICITY_CODES.map((c) => ({ code: c, name: ETHNICITY_NAMES[c]! })) }),
  })
  .superRefine((config, ctx) => {
    const known = (list: { code: string }[]) => new Set(list.map((item) => item.code));
    const check = (set: Set<string>, value: string, path: (string | number)[], what: string) => {
      if (!set.has(value)) ctx.addIssue({ code: 'custom', path, message: `unknown ${what} "${value}"` });
    };
    const quadrants = known(config.quadrants);
    const districts = known(config.districts);
    const types = known(config.organisationTypes);
    const organisations = known(config.organisations);
    config.districts.forEach((d, i) => check(quadrants, d.quadrant, ['districts', i, 'quadrant'], 'quadrant'));
    config.organisations.forEach((o, i) => check(types, o.type, ['organisations', i, 'type'], 'organisation type'));
    config.marac.agencies.forEach((a, i) =>
      a.organisations.forEach((o, j) =>
        check(organisations, o, ['marac', 'agencies', i, 'organisations', j], 'organisation'),
      ),
    );
    config.teams.forEach((t, i) => {
      check(organisations, t.organisation, ['teams', i, 'organisation'], 'organisation');
      t.districts?.forEach((d, j) => check(districts, d, ['teams', i, 'districts', j], 'district'));
    });
    for (const [name, list] of Object.entries({
      quadrants: config.quadrants,
      districts: config.districts,
      organisations: config.organisations,
      teams: config.teams,
      windscreenLevels: config.windscreenLevels,
      'hub.priorities': config.hub.priorities,
      'exploitation.indicators': config.exploitation.indicators,
      'exploitation.vulnerabilities': config.exploitation.vulnerabilities,
      'mace.exitReasons': config.mace.exitReasons,
      'mace.placeKinds': config.mace.placeKinds,
      'people.ethnicities': config.people.ethnicities,
      'marac.agencies': config.marac.agencies,
      'marac.meetings.slots': config.marac.meetings.slots,
    })) {
      const codes = list.map((item) => item.code);
      const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
      if (duplicate)
        ctx.addIssue({ code: 'custom', path: name.split('.'), message: `code "${duplicate}" appears twice` });
    }
  });

export type TenantConfig = z.infer<typeof tenantConfigSchema>;

export async function loadTenantConfig(tenant: string, dir = TENANTS_DIR): Promise<TenantConfig> {
  const file = path.join(dir, `${tenant}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`Tenant configuration ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = tenantConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Tenant configuration ${file} is not valid:\n${problems}`);
  }
  return parsed.data;
}
