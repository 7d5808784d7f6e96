import { addMonths as addCalendarMonths, differenceInYears, format, parseISO } from 'date-fns';
import { isUuid } from '../../platform/db/ids.ts';
import type {
  LevelChange,
  LevelChangeInput,
  PersonEntry,
  PractitionerAnswers,
  FamilyAnswers,
  RequestInput,
} from './answers.ts';

/**
 * The rules of a Request for Support that do not need the database: ages and flags, whether every
 * section is answered, and the consent rule. Kept pure so they are tested directly.
 */

export { todayInLondon } from '../../platform/calendar/london.ts';

// Calendar days ('YYYY-MM-DD') are read with parseISO as local midnights and written back with format: date-fns
// then counts whole calendar days and months, whatever the server's time zone.

/** Whole years between a date of birth and a day ('YYYY-MM-DD' both). */
export function ageOn(dateOfBirth: string, day: string): number {
  return differenceInYears(parseISO(day), parseISO(dateOfBirth));
}

/** 'YYYY-MM-DD' plus (or minus) whole months, clamped to the month's last day. */
export function addMonths(day: string, months: number): string {
  return format(addCalendarMonths(parseISO(day), months), 'yyyy-MM-dd');
}

export const FLAG_NAMES: Record<string, string> = {
  'over-18': 'A child is 18 or over',
  'over-25-with-send': 'A child with special educational needs or a disability is 25 or over',
};

/**
 * Children past the age the Hub usually serves: 18, or 25 with special educational needs or a
 * disability. A flag for the screener, never a reason to refuse the request.
 */
export function personFlag(
  person: Pick<PersonEntry, 'role' | 'dateOfBirth' | 'isExpected' | 'hasSend'>,
  today: string,
): string | null {
  if (person.role !== 'child' || !person.dateOfBirth || person.isExpected) return null;
  const age = ageOn(person.dateOfBirth, today);
  if (person.hasSend) return age >= 25 ? 'over-25-with-send' : null;
  return age >= 18 ? 'over-18' : null;
}

export function requestFlags(
  people: Pick<PersonEntry, 'role' | 'dateOfBirth' | 'isExpected' | 'hasSend'>[],
  today: string,
): string[] {
  return [...new Set(people.map((p) => personFlag(p, today)).filter((f): f is string => f !== null))].sort();
}

/** Without the family's agreement, a request can only go ahead as a safeguarding concern (level 4). */
export const CONSENT_RULE =
  'Without the family’s agreement, a request can only go ahead as a safeguarding concern at level 4 (Specialist).';

export interface Problem {
  /** 'missing': a section not yet answered; 'rule': answered, but the answers break a rule. */
  kind: 'missing' | 'rule';
  section: string;
  text: string;
  href: string;
  /** Other sections whose answers break the rule too (the task list marks them all as needing a change). */
  also?: string[];
}

/** The task-list sections whose answers break a rule, so the list never calls them complete when Send would refuse. */
export const sectionsNeedingChange = (problems: Problem[]): Map<string, string> => {
  const found = new Map<string, string>();
  for (const p of problems.filter((x) => x.kind === 'rule'))
    for (const section of [p.section, ...(p.also ?? [])]) if (!found.has(section)) found.set(section, p.text);
  return found;
};

/** What still stops a practitioner's draft being sent, in task-list order. Empty when it can go. */
export function practitionerProblems(answers: PractitionerAnswers, base: string): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: unknown, section: string, text: string) => {
    if (!ok) problems.push({ kind: 'missing', section, text, href: `${base}/${section}` });
  };
  need(answers.support, 'support', 'Say whether the family is already getting support');
  need(
    answers.people.some((p) => p.role === 'child') && answers.district,
    'people',
    'Add the child or children and where the family lives',
  );
  need(answers.worries?.length, 'worries', 'Say what the worries are');
  need(answers.strengths, 'strengths', 'Describe the family’s strengths');
  need(answers.tried, 'tried', 'Say what has already been tried');
  need(answers.level, 'level', 'Choose the level of need you think applies');
  need(answers.consent, 'consent', 'Answer the questions about consent');
  if (answers.consent && answers.level && !consentAllows(answers.consent, answers.level.level)) {
    problems.push({
      kind: 'rule',
      section: 'level',
      text: `${CONSENT_RULE} Change the level of need to 4, or ask the family for their agreement first.`,
      href: `${base}/level`,
      also: ['consent'],
    });
  }
  const direction = answers.support && answers.level ? levelChangeProblem(answers.support, answers.level.level) : null;
  if (direction) problems.push({ kind: 'rule', section: 'level', text: direction, href: `${base}/level` });
  const floor = answers.level ? levelFloorProblem(answers, answers.level.level) : null;
  if (floor) problems.push({ kind: 'rule', section: 'level', text: floor, href: `${base}/level` });
  return problems;
}

// ---- Step up and step down ----

/** The longest handover summary kept: enough for a closing summary, short enough for a screener to read. */
export const HANDOVER_LIMIT = 5000;

export const REQUEST_KINDS = ['new', 'step-up', 'step-down'] as const;

const levelWords = (level: number, levelName?: (level: number) => string | undefined) => {
  const name = levelName?.(level);
  return name ? `level ${level}, ${name}` : `level ${level}`;
};

/** A level below the lowest the request may ask for (`levelAtLeast`): the message says why; null when fine. */
export function levelFloorProblem(answers: Pick<PractitionerAnswers, 'levelAtLeast'>, level: number): string | null {
  const floor = answers.levelAtLeast;
  return floor && level < floor.level ? `Choose level ${floor.level}. ${floor.why}` : null;
}

/**
 * Whether the level asked for goes the way the change says: a step up to a higher level than the
 * family's now, a step down to a lower one. The message says which way and what to change; null
 * when it is fine (or for a new request, which has no direction).
 */
export function levelChangeProblem(
  support: { kind: string; currentLevel?: number },
  requestedLevel: number,
  levelName?: (level: number) => string | undefined,
): string | null {
  if (support.kind === 'new' || support.currentLevel === undefined) return null;
  const now = levelWords(support.currentLevel, levelName);
  if (support.kind === 'step-up' && requestedLevel <= support.currentLevel) {
    return `A step up must ask for a higher level of need than the family’s level now (${now}). Choose a higher level, or change your answer to “Is the family already getting support?”`;
  }
  if (support.kind === 'step-down' && requestedLevel >= support.currentLevel) {
    return `A step down must ask for a lower level of need than the family’s level now (${now}). Choose a lower level, or change your answer to “Is the family already getting support?”`;
  }
  return null;
}

/** Whether there is a level to step to from `currentLevel` in this direction (no step up from 4, no step down from 1). */
export function levelChangePossible(kind: LevelChange['kind'], currentLevel: number): string | null {
  if (kind === 'step-up' && currentLevel >= 4)
    return 'Level 4 is the highest level of need, so a family at level 4 cannot be stepped up. Choose step down, or a new request';
  if (kind === 'step-down' && currentLevel <= 1)
    return 'Level 1 is the lowest level of need, so a family at level 1 cannot be stepped down. Choose step up, or a new request';
  return null;
}

/** The draft's level change, or null for a new request. */
export function practitionerLevelChange(answers: PractitionerAnswers): LevelChange | null {
  const support = answers.support;
  return support && support.kind !== 'new'
    ? { kind: support.kind, currentLevel: support.currentLevel, handoverSummary: support.handoverSummary }
    : null;
}

/**
 * Everything wrong with a level change sent by casework (submitLevelChange), checked before the
 * database sees it so the caller gets reasons rather than a constraint name. `districts` are the
 * tenant's district codes.
 */
export function levelChangeInputProblems(input: LevelChangeInput, districts: string[]): Problem[] {
  const problems: Problem[] = [];
  const add = (section: string, text: string) => problems.push({ kind: 'rule', section, text, href: '' });
  const isLevel = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4;
  if (typeof input.key !== 'string' || !input.key.trim() || input.key.length > 200)
    add('key', 'The idempotency key must be 1 to 200 characters');
  if (!(REQUEST_KINDS as readonly string[]).includes(input.kind) || input.kind === ('new' as string))
    add('support', 'The kind must be step-up or step-down');
  if (!isLevel(input.currentLevel)) add('support', 'The current level must be a whole number from 1 to 4');
  if (typeof input.handoverSummary !== 'string' || !input.handoverSummary.trim())
    add(
      'support',
      'Give the handover summary: what has been done, what is working, what is not, and why the level should change',
    );
  else if (input.handoverSummary.length > HANDOVER_LIMIT)
    add('support', `The handover summary must be ${HANDOVER_LIMIT.toLocaleString('en-GB')} characters or fewer`);
  if (input.fromEpisodeId !== null && !isUuid(input.fromEpisodeId))
    add('support', 'The episode id must be a UUID, or null');
  if (!isLevel(input.requestedLevel)) add('level', 'The requested level must be a whole number from 1 to 4');
  if (!districts.includes(input.districtCode)) add('people', 'The district must be one of the tenant’s districts');
  if (!input.people?.some((p) => p.role === 'child')) add('people', 'Name at least one child');
  if (!input.worries?.length) add('worries', 'Give at least one worry');
  if (!problems.length) {
    const impossible = levelChangePossible(input.kind, input.currentLevel);
    const direction = levelChangeProblem(input, input.requestedLevel!);
    if (impossible) add('support', impossible);
    else if (direction) add('level', direction);
  }
  return problems;
}

export function consentAllows(consent: { request: boolean; sharing: boolean; reason: string }, level: number): boolean {
  return (consent.request && consent.sharing) || (level === 4 && consent.reason.trim().length > 0);
}

export function familyProblems(answers: FamilyAnswers, base: string): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: unknown, section: string, text: string) => {
    if (!ok) problems.push({ kind: 'missing', section, text, href: `${base}/${section}` });
  };
  // Answers begun before "how should we contact you?" was asked are asked again.
  need(answers.aboutYou?.contactBy, 'about-you', 'Tell us about you');
  need(answers.children.length, 'children', 'Tell us about your children');
  need(answers.worries?.length, 'worries', 'Tell us what is worrying you');
  need(answers.helped, 'what-has-helped', 'Tell us what is going well and what has helped');
  need(answers.sharing?.agree, 'sharing', 'Tell us if you agree to us keeping and sharing what you tell us');
  return problems;
}

/** A complete practitioner draft as the service stores it (call only when practitionerProblems is empty). */
export function practitionerInput(answers: PractitionerAnswers): RequestInput {
  const { people, district, worries, strengths, tried, level, consent } = answers;
  if (!district || !worries || strengths === undefined || !tried || !level || !consent)
    throw new Error('incomplete draft');
  const consented = consent.request && consent.sharing;
  return {
    districtCode: district,
    people: people.map(({ id: _id, ...person }) => person),
    worries,
    strengths,
    tried: tried.text,
    earlyHelpPlan: tried.earlyHelpPlan,
    taf: tried.taf,
    requestedLevel: level.level,
    levelReasons: level.reasons,
    consentToRequest: consent.request,
    consentToSharing: consent.sharing,
    noConsentReason: consented ? null : consent.reason,
  };
}

/** A complete family request as the service stores it: the person asking is a family member too. */
export function familyInput(answers: FamilyAnswers): RequestInput {
  const { aboutYou, children, worries, helped, sharing } = answers;
  if (!aboutYou || !worries || !helped || !sharing) throw new Error('incomplete request');
  const [firstName, ...rest] = aboutYou.name.trim().split(/\s+/);
  const parent = {
    role: 'parent-carer' as const,
    relationship: aboutYou.relationship,
    firstName: firstName ?? aboutYou.name,
    lastName: rest.join(' '),
    dateOfBirth: null,
    isExpected: false,
    gender: '',
    address: aboutYou.address,
    postcode: aboutYou.postcode,
    school: '',
    gp: '',
    nhsNumber: '',
    upn: '',
    phone: aboutYou.phone,
    contactNotes: aboutYou.contactNotes,
    language: aboutYou.language,
    interpreterNeeded: aboutYou.interpreterNeeded,
    hasSend: false,
    sendDetails: '',
  };
  return {
    districtCode: aboutYou.district,
    people: [
      ...children.map(({ id: _id, ...child }) => ({
        ...child,
        address: aboutYou.address,
        postcode: aboutYou.postcode,
      })),
      parent,
    ],
    worries,
    strengths: helped.strengths,
    tried: helped.tried,
    earlyHelpPlan: null,
    taf: null,
    requestedLevel: null,
    levelReasons: null,
    consentToRequest: sharing.agree,
    consentToSharing: sharing.sharing,
    noConsentReason: null,
  };
}
