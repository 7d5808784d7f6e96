import { TZDate } from '@date-fns/tz';
import { addMonths as addCalendarMonths, differenceInYears, format } from 'date-fns';
import type { PersonEntry, PractitionerAnswers, FamilyAnswers, RequestInput } from './answers.ts';

/**
 * The rules of a Request for Support that do not need the database: ages and flags, whether every
 * section is answered, and the consent rule. Kept pure so they are tested directly.
 */

/** Today's date in England, 'YYYY-MM-DD': a child's age turns over at midnight in London, not UTC. */
export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A 'YYYY-MM-DD' day as midnight UTC, so date-fns counts calendar days whatever the server's zone. */
const utcDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, 'UTC');
};

/** Whole years between a date of birth and a day ('YYYY-MM-DD' both). */
export function ageOn(dateOfBirth: string, day: string): number {
  return differenceInYears(utcDay(day), utcDay(dateOfBirth));
}

/** 'YYYY-MM-DD' plus (or minus) whole months, clamped to the month's last day. */
export function addMonths(day: string, months: number): string {
  return format(addCalendarMonths(utcDay(day), months), 'yyyy-MM-dd');
}

export const FLAG_NAMES: Record<string, string> = {
  'over-18': 'A child is 18 or over',
  'over-25-with-send': 'A child with special educational needs or a disability is 25 or over',
};

/**
 * Children past the age the Hub usually serves: 18, or 25 with special educational needs or a
 * disability. A flag for the screener, never a reason to refuse the request.
 */
export function personFlag(person: Pick<PersonEntry, 'role' | 'dateOfBirth' | 'isExpected' | 'hasSend'>, today: string): string | null {
  if (person.role !== 'child' || !person.dateOfBirth || person.isExpected) return null;
  const age = ageOn(person.dateOfBirth, today);
  if (person.hasSend) return age >= 25 ? 'over-25-with-send' : null;
  return age >= 18 ? 'over-18' : null;
}

export function requestFlags(people: Pick<PersonEntry, 'role' | 'dateOfBirth' | 'isExpected' | 'hasSend'>[], today: string): string[] {
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
}

/** What still stops a practitioner's draft being sent, in task-list order. Empty when it can go. */
export function practitionerProblems(answers: PractitionerAnswers, base: string): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: unknown, section: string, text: string) => {
    if (!ok) problems.push({ kind: 'missing', section, text, href: `${base}/${section}` });
  };
  need(answers.people.some((p) => p.role === 'child') && answers.district, 'people', 'Add the child or children and where the family lives');
  need(answers.worries?.length, 'worries', 'Say what the worries are');
  need(answers.strengths, 'strengths', 'Describe the family’s strengths');
  need(answers.tried, 'tried', 'Say what has already been tried');
  need(answers.level, 'level', 'Choose the level of need you think applies');
  need(answers.consent, 'consent', 'Answer the questions about consent');
  if (answers.consent && answers.level && !consentAllows(answers.consent, answers.level.level)) {
    problems.push({ kind: 'rule', section: 'level', text: `${CONSENT_RULE} Change the level of need to 4, or ask the family for their agreement first.`, href: `${base}/level` });
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
  need(answers.aboutYou, 'about-you', 'Tell us about you');
  need(answers.children.length, 'children', 'Tell us about your children');
  need(answers.worries?.length, 'worries', 'Tell us what is worrying you');
  need(answers.helped, 'what-has-helped', 'Tell us what is going well and what has helped');
  need(answers.sharing?.agree, 'sharing', 'Tell us if you agree to us keeping and sharing what you tell us');
  return problems;
}

/** A complete practitioner draft as the service stores it (call only when practitionerProblems is empty). */
export function practitionerInput(answers: PractitionerAnswers): RequestInput {
  const { people, district, worries, strengths, tried, level, consent } = answers;
  if (!district || !worries || strengths === undefined || !tried || !level || !consent) throw new Error('incomplete draft');
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
    language: aboutYou.language,
    interpreterNeeded: aboutYou.interpreterNeeded,
    hasSend: false,
    sendDetails: '',
  };
  return {
    districtCode: aboutYou.district,
    people: [...children.map(({ id: _id, ...child }) => ({ ...child, address: aboutYou.address, postcode: aboutYou.postcode })), parent],
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
