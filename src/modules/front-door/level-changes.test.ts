import { describe, expect, it } from 'vitest';
import type { LevelChangeInput, PractitionerAnswers } from './answers.ts';
import {
  levelChangeInputProblems,
  levelChangeProblem,
  practitionerLevelChange,
  practitionerProblems,
} from './rules.ts';
import { levelSchema, parseFormPage, supportSchema } from './schemas.ts';

const LEVELS = [1, 2, 3, 4];
const NAMES: Record<number, string> = { 1: 'Universal', 2: 'Additional', 3: 'Intensive', 4: 'Specialist' };
const messages = (result: ReturnType<typeof parseFormPage>) => (result.ok ? [] : result.errors.list.map((e) => e.text));

describe('step up and step down: the direction of the level', () => {
  it('lets a step up go only to a higher level, and a step down only to a lower one', () => {
    const up = { kind: 'step-up', currentLevel: 2 };
    expect(levelChangeProblem(up, 3)).toBeNull();
    expect(levelChangeProblem(up, 4)).toBeNull();
    expect(levelChangeProblem(up, 2, (n) => NAMES[n])).toBe(
      'A step up must ask for a higher level of need than the family’s level now (level 2, Additional). Choose a higher level, or change your answer to “Is the family already getting support?”',
    );
    expect(levelChangeProblem(up, 1)).toMatch(/^A step up must ask for a higher level/);
    const down = { kind: 'step-down', currentLevel: 4 };
    expect(levelChangeProblem(down, 2)).toBeNull();
    expect(levelChangeProblem(down, 4)).toMatch(
      /^A step down must ask for a lower level of need than the family’s level now \(level 4\)/,
    );
    expect(levelChangeProblem({ kind: 'new' }, 1)).toBeNull();
  });

  it('checks the level of need page against the answer to “already getting support?”', () => {
    const schema = levelSchema(LEVELS, { kind: 'step-up', currentLevel: 3, handoverSummary: 'x' }, (n) => NAMES[n]);
    expect(messages(parseFormPage(schema, { level: '3', levelReasons: 'Worse' }))).toEqual([
      expect.stringMatching(
        /^A step up must ask for a higher level of need than the family’s level now \(level 3, Intensive\)/,
      ),
    ]);
    expect(parseFormPage(schema, { level: '4', levelReasons: 'Worse' }).ok).toBe(true);
    expect(parseFormPage(levelSchema(LEVELS, { kind: 'new' }), { level: '1', levelReasons: 'x' }).ok).toBe(true);
  });

  it('refuses a level change the draft no longer agrees with, on the level section', () => {
    const answers: PractitionerAnswers = {
      support: { kind: 'step-down', currentLevel: 3, handoverSummary: 'Closing' },
      people: [{ role: 'child' } as never],
      district: 'harlow',
      worries: [{ area: 'housing', details: 'x' }],
      strengths: 'x',
      tried: { text: 'x', earlyHelpPlan: true, taf: true },
      level: { level: 3, reasons: 'x' },
      consent: { request: true, sharing: true, reason: '' },
    };
    expect(practitionerProblems(answers, '/d')).toEqual([
      expect.objectContaining({
        kind: 'rule',
        section: 'level',
        href: '/d/level',
        text: expect.stringMatching(/^A step down must ask for a lower level/),
      }),
    ]);
    expect(practitionerProblems({ ...answers, level: { level: 2, reasons: 'x' } }, '/d')).toEqual([]);
    expect(practitionerLevelChange({ ...answers, level: { level: 2, reasons: 'x' } })).toEqual({
      kind: 'step-down',
      currentLevel: 3,
      handoverSummary: 'Closing',
    });
    expect(practitionerLevelChange({ ...answers, support: { kind: 'new' } })).toBeNull();
  });
});

describe('the “already getting support?” page', () => {
  const schema = supportSchema(LEVELS);

  it('asks for the kind, and for a step up or down the level now and the handover summary', () => {
    expect(messages(parseFormPage(schema, {}))).toEqual(['Select whether the family is already getting support']);
    expect(messages(parseFormPage(schema, { requestKind: 'sideways' }))).toEqual([
      'Select whether the family is already getting support',
    ]);
    expect(messages(parseFormPage(schema, { requestKind: 'step-up' }))).toEqual([
      'Select the family’s level of need now',
      'Enter the handover summary: what has been done, what is working, what is not, and why the level should change',
    ]);
    expect(
      messages(parseFormPage(schema, { requestKind: 'step-up', currentLevel: '4', handoverSummary: 'x' })),
    ).toEqual([expect.stringMatching(/^Level 4 is the highest level of need/)]);
    expect(
      messages(parseFormPage(schema, { requestKind: 'step-down', currentLevel: '1', handoverSummary: 'x' })),
    ).toEqual([expect.stringMatching(/^Level 1 is the lowest level of need/)]);
    expect(
      messages(
        parseFormPage(schema, { requestKind: 'step-down', currentLevel: '3', handoverSummary: 'x'.repeat(5001) }),
      ),
    ).toEqual(['The handover summary must be 5,000 characters or fewer']);
  });

  it('keeps the level and handover only for a step up or down', () => {
    const up = parseFormPage(schema, {
      requestKind: 'step-up',
      currentLevel: '2',
      handoverSummary: '  Eight weeks of parenting support.  ',
    });
    expect(up.ok && up.data).toEqual({
      kind: 'step-up',
      currentLevel: 2,
      handoverSummary: 'Eight weeks of parenting support.',
    });
    const fresh = parseFormPage(schema, { requestKind: 'new', currentLevel: '2', handoverSummary: 'left over' });
    expect(fresh.ok && fresh.data).toEqual({ kind: 'new' });
  });
});

describe('a level change sent by casework', () => {
  const input = (overrides: Partial<LevelChangeInput> = {}): LevelChangeInput => ({
    key: 'episode-1:close',
    kind: 'step-down',
    currentLevel: 3,
    handoverSummary: 'Family Solutions closing.',
    fromEpisodeId: null,
    districtCode: 'harlow',
    people: [{ role: 'child' } as never],
    worries: [{ area: 'housing', details: 'x' }],
    strengths: 'x',
    tried: 'x',
    earlyHelpPlan: true,
    taf: true,
    requestedLevel: 2,
    levelReasons: 'x',
    consentToRequest: true,
    consentToSharing: true,
    noConsentReason: null,
    ...overrides,
  });
  const texts = (i: LevelChangeInput) => levelChangeInputProblems(i, ['harlow']).map((p) => p.text);

  it('accepts a complete one and names every problem of a bad one', () => {
    expect(texts(input())).toEqual([]);
    expect(
      texts(
        input({
          kind: 'sideways' as never,
          currentLevel: 7,
          handoverSummary: ' ',
          fromEpisodeId: 'episode-1',
          requestedLevel: null,
          districtCode: 'atlantis',
          key: '',
        }),
      ),
    ).toEqual([
      'The idempotency key must be 1 to 200 characters',
      'The kind must be step-up or step-down',
      'The current level must be a whole number from 1 to 4',
      'Give the handover summary: what has been done, what is working, what is not, and why the level should change',
      'The episode id must be a UUID, or null',
      'The requested level must be a whole number from 1 to 4',
      'The district must be one of the tenant’s districts',
    ]);
    expect(texts(input({ kind: 'new' as never }))).toEqual(['The kind must be step-up or step-down']);
    expect(texts(input({ kind: 'step-up', requestedLevel: 3 }))).toEqual([
      expect.stringMatching(/^A step up must ask for a higher level/),
    ]);
    expect(texts(input({ kind: 'step-down', currentLevel: 1, requestedLevel: 1 }))).toEqual([
      expect.stringMatching(/^Level 1 is the lowest/),
    ]);
    expect(texts(input({ people: [], worries: [] }))).toEqual(['Name at least one child', 'Give at least one worry']);
  });
});
