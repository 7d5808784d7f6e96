import { z } from 'zod';
import { parsePostcode } from '../../../platform/postcodes.ts';
import { BIRTH_DATES, dateInput } from '../../../platform/views/date-input.ts';
import { GENDERS, nameField } from '../../people/index.ts';

/**
 * The MARAC referral form (one zod schema, decision 008): the adult victim, up to CHILD_SLOTS children and young
 * people in the household, up to HARM_SLOTS people causing harm, the referring agency, the district, a summary, and
 * why the case is high risk (the DASH risk checklist ticked or its score typed, professional judgement, police
 * call-outs). Whether the referral meets a criterion is the service's rule (rules.ts); free text is kept as typed and
 * escaped when shown. Date inputs are gathered by `withDateInputs(body, referralDateFields())` first.
 */
export const CHILD_SLOTS = 4;
export const HARM_SLOTS = 2;
export const childSlots = Array.from({ length: CHILD_SLOTS }, (_, i) => `child${i + 1}`);
export const harmSlots = Array.from({ length: HARM_SLOTS }, (_, i) => `harm${i + 1}`);

export const referralDateFields = () => [
  'victimDateOfBirth',
  ...childSlots.map((s) => `${s}DateOfBirth`),
  ...harmSlots.map((s) => `${s}DateOfBirth`),
];

const text = (max: number, label: string) =>
  z
    .string({ message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalName = (label: string) => nameField({ label, empty: null });
const birth = (label: string) => dateInput({ ...BIRTH_DATES, label, required: false });
const gender = z
  .string({ message: 'Select a gender from the list' })
  .refine((v) => v === '' || (GENDERS as readonly string[]).includes(v), 'Select a gender from the list');
const postcode = (label: string) =>
  z
    .string({ message: `Enter a real postcode for ${label}, like CM1 1QH` })
    .trim()
    .max(10, `Enter a real postcode for ${label}, like CM1 1QH`)
    .transform((v, ctx) => {
      if (v === '') return '';
      const parsed = parsePostcode(v);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: `Enter a real postcode for ${label}, like CM1 1QH` });
        return z.NEVER;
      }
      return parsed.display;
    });
const ticked = z.unknown().transform((v, ctx) => {
  const list = v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];
  const numbers = list.map((x) => (typeof x === 'string' && /^\d{1,2}$/.test(x) ? Number(x) : NaN));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 24)) {
    ctx.addIssue({ code: 'custom', message: 'Tick only the risk checklist’s questions, 1 to 24' });
    return z.NEVER;
  }
  return [...new Set(numbers)].sort((a, b) => a - b);
});
/** A whole number typed in a box, or null when left blank. */
const count = (min: number, max: number, message: string) =>
  z.unknown().transform((v, ctx) => {
    if (v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
    if (typeof v !== 'string' || !/^\s*\d{1,4}\s*$/.test(v) || Number(v) < min || Number(v) > max) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return Number(v);
  });

const personFields = (slot: string, who: string) => ({
  [`${slot}FirstName`]: optionalName(`${who}’s first name`),
  [`${slot}LastName`]: optionalName(`${who}’s last name`),
  [`${slot}DateOfBirth-day`]: birth(`${who}’s date of birth`),
  [`${slot}Relationship`]: text(100, `${capital(who)}’s relationship to the victim`),
});
function capital(s: string) {
  return s.replace(/^./, (c) => c.toUpperCase());
}

export const referralSchema = (agencyCodes: readonly string[], districtCodes: readonly string[]) =>
  z.object({
    victimFirstName: nameField({ label: 'the victim’s first name', empty: 'Enter the adult victim’s first name' }),
    victimLastName: nameField({ label: 'the victim’s last name', empty: 'Enter the adult victim’s last name' }),
    'victimDateOfBirth-day': birth('the victim’s date of birth'),
    victimGender: gender,
    victimAddress: text(500, 'The victim’s address'),
    victimPostcode: postcode('the victim'),
    victimRefuge: z.unknown().transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes'))),
    ...Object.fromEntries(
      childSlots.flatMap((slot, i) =>
        Object.entries({
          ...personFields(slot, `child ${i + 1}`),
          [`${slot}School`]: text(200, `Child ${i + 1}’s school`),
        }),
      ),
    ),
    ...Object.fromEntries(
      harmSlots.flatMap((slot, i) =>
        Object.entries({
          ...personFields(slot, `the person causing harm${i ? ` ${i + 1}` : ''}`),
          [`${slot}Gender`]: gender,
          [`${slot}Address`]: text(500, 'The address of the person causing harm'),
          [`${slot}Postcode`]: postcode('the person causing harm'),
        }),
      ),
    ),
    referringAgency: z
      .string({ message: 'Select the referring agency' })
      .refine((v) => v === 'other' || agencyCodes.includes(v), 'Select the referring agency'),
    district: z
      .string({ message: 'Select the district where the victim lives' })
      .refine((v) => districtCodes.includes(v), 'Select the district where the victim lives'),
    summary: text(5000, 'The summary').min(1, 'Enter a summary of what has happened and why you are referring'),
    ticked,
    typedScore: count(0, 24, 'The risk checklist score must be a whole number from 0 to 24'),
    judgement: z.unknown().transform((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes'))),
    judgementReason: text(5000, 'The reason for professional judgement'),
    policeCallouts: count(0, 999, 'Police call-outs must be a whole number from 0 to 999'),
  });

export type ReferralInput = z.output<ReturnType<typeof referralSchema>>;

/** One person of a referral, gathered from the form's slots. */
export interface ReferredPerson {
  slot: string;
  role: 'victim' | 'child' | 'person-causing-harm';
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  gender: string | null;
  relationship: string | null;
  address: string | null;
  postcode: string | null;
  refuge: boolean;
  school: string | null;
}

const str = (input: Record<string, unknown>, key: string) => {
  const v = input[key];
  return typeof v === 'string' && v !== '' ? v : null;
};

/** The people a referral names, each from its slot; a slot left blank is no one. */
export function referredPeople(input: ReferralInput): ReferredPerson[] {
  const i = input as unknown as Record<string, unknown>;
  const person = (slot: string, role: ReferredPerson['role']): ReferredPerson => ({
    slot,
    role,
    firstName: str(i, `${slot}FirstName`) ?? '',
    lastName: str(i, `${slot}LastName`) ?? '',
    dateOfBirth: str(i, `${slot}DateOfBirth-day`),
    gender: str(i, `${slot}Gender`),
    relationship: str(i, `${slot}Relationship`),
    address: str(i, `${slot}Address`),
    postcode: str(i, `${slot}Postcode`),
    refuge: slot === 'victim' && input.victimRefuge,
    school: str(i, `${slot}School`),
  });
  const named = (p: ReferredPerson) => p.firstName !== '' || p.lastName !== '' || p.dateOfBirth !== null;
  return [
    person('victim', 'victim'),
    ...childSlots.map((s) => person(s, 'child')).filter(named),
    ...harmSlots.map((s) => person(s, 'person-causing-harm')).filter(named),
  ];
}

/** Problems across a slot's fields (a child without a last name or date of birth), in form order. */
export function slotProblems(people: readonly ReferredPerson[]) {
  const problems: { field: string; text: string }[] = [];
  for (const p of people) {
    if (p.role === 'victim') continue;
    const who = p.role === 'child' ? `child ${p.slot.slice(5)}` : 'the person causing harm';
    if (!p.firstName) problems.push({ field: `${p.slot}FirstName`, text: `Enter ${who}’s first name` });
    if (!p.lastName) problems.push({ field: `${p.slot}LastName`, text: `Enter ${who}’s last name` });
    if (p.role === 'child' && !p.dateOfBirth)
      problems.push({ field: `${p.slot}DateOfBirth-day`, text: `Enter ${who}’s date of birth` });
  }
  return problems;
}
