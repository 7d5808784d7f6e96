import type { z } from 'zod';
import type { PractitionerAnswers } from './answers.ts';
import { levelChangeProblem, levelFloorProblem } from './rules.ts';
import {
  consentSchema,
  levelSchema,
  strengthsSchema,
  supportSchema,
  triedSchema,
  worriesSchema,
  worryField,
} from './schemas.ts';
import type { FrontDoorOptions } from './service.ts';

/** A section of the task list: its page, its form schema, and how its answers are read and saved. */
export interface Section<T> {
  slug: string;
  title: string;
  template: string;
  schema: (options: FrontDoorOptions, answers: PractitionerAnswers) => z.ZodType<T>;
  values: (answers: PractitionerAnswers) => Record<string, unknown>;
  save: (answers: PractitionerAnswers, data: T) => PractitionerAnswers;
  done: (answers: PractitionerAnswers) => boolean;
  /** Another section the saved answers now need looking at (its slug), instead of going back. */
  next?: (answers: PractitionerAnswers) => string | null;
}

const section = <T>(s: Section<T>) => s as unknown as Section<unknown>;

/** The answers to "Is the family already getting support?", as the radios say them. */
export const SUPPORT_ANSWERS: Record<string, string> = {
  new: 'No, this is a new request',
  'step-up': 'Yes, and they need more help (step up)',
  'step-down': 'Yes, and they need less help (step down)',
};

const yes = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');

const levelNames = (o: FrontDoorOptions) => (level: number) => {
  const found = o.levels.find((l) => l.level === level);
  return found ? found.name : undefined;
};

/** The first section: a new request, or a step up or down for a family already getting support. */
export const SUPPORT_SECTION = section({
  slug: 'support',
  title: 'Is the family already getting support?',
  template: 'support.njk',
  schema: (o) => supportSchema(o.levels.map((l) => l.level)),
  values: (a) => ({
    requestKind: a.support?.kind,
    currentLevel: a.support && a.support.kind !== 'new' ? String(a.support.currentLevel) : undefined,
    handoverSummary: a.support && a.support.kind !== 'new' ? a.support.handoverSummary : undefined,
  }),
  save: (a, support) => ({ ...a, support }),
  done: (a) => a.support !== undefined,
  // A level already chosen that now goes the wrong way for the change: ask for it again at once.
  next: (a) => (a.support && a.level && levelChangeProblem(a.support, a.level.level) ? 'level' : null),
});

export const SECTIONS: Section<unknown>[] = [
  SUPPORT_SECTION,
  section({
    slug: 'worries',
    title: 'What the worries are',
    template: 'worries.njk',
    schema: (o) => worriesSchema(o.outcomeAreas, 'practitioner'),
    values: (a) => ({
      areas: (a.worries ?? []).map((w) => w.area),
      ...Object.fromEntries((a.worries ?? []).map((w) => [worryField(w.area), w.details])),
    }),
    save: (a, worries) => ({ ...a, worries }),
    done: (a) => Boolean(a.worries?.length),
  }),
  section({
    slug: 'strengths',
    title: 'Strengths',
    template: 'strengths.njk',
    schema: () => strengthsSchema,
    values: (a) => ({ strengths: a.strengths }),
    save: (a, d) => ({ ...a, strengths: d.strengths }),
    done: (a) => a.strengths !== undefined,
  }),
  section({
    slug: 'tried',
    title: 'What has already been tried',
    template: 'tried.njk',
    schema: () => triedSchema,
    values: (a) => ({ tried: a.tried?.text, earlyHelpPlan: yes(a.tried?.earlyHelpPlan), taf: yes(a.tried?.taf) }),
    save: (a, d) => ({ ...a, tried: { text: d.tried, earlyHelpPlan: d.earlyHelpPlan, taf: d.taf } }),
    done: (a) => a.tried !== undefined,
  }),
  section({
    slug: 'level',
    title: 'Level of need',
    template: 'level.njk',
    schema: (o, a) =>
      levelSchema(
        o.levels.map((l) => l.level),
        a.support,
        levelNames(o),
      ).superRefine((d, ctx) => {
        const problem = levelFloorProblem(a, d.level);
        if (problem) ctx.addIssue({ code: 'custom', path: ['level'], message: problem });
      }),
    values: (a) => ({ level: a.level ? String(a.level.level) : undefined, levelReasons: a.level?.reasons }),
    save: (a, d) => ({ ...a, level: { level: d.level, reasons: d.levelReasons } }),
    done: (a) => a.level !== undefined,
  }),
  section({
    slug: 'consent',
    title: 'Consent',
    template: 'consent.njk',
    schema: () => consentSchema,
    values: (a) => ({
      consentToRequest: yes(a.consent?.request),
      consentToSharing: yes(a.consent?.sharing),
      noConsentReason: a.consent?.reason,
    }),
    save: (a, consent) => ({ ...a, consent }),
    done: (a) => a.consent !== undefined,
  }),
];
