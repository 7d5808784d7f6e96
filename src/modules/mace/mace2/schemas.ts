import { z } from 'zod';
import { RECORD_DATES, dateInput } from '../../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../../platform/views/fields.ts';
import type { Mace2ActionStatus, Mace2Category } from '../../../platform/db/schema/index.ts';

/**
 * MACE 2's forms (issue 13): a place of concern, a person of concern, a meeting, a disruption action and its update,
 * and a version of the quadrant's problem profile. One schema a form; free text is kept as typed and escaped when
 * shown; NUL and broken Unicode are refused before any of this (decision 008).
 */

/** Seed 002: "to take appropriate action to detect, disrupt and prevent exploitation". */
export const CATEGORIES: Record<Mace2Category, { text: string; hint: string }> = {
  detect: { text: 'Detect', hint: 'Find out more: intelligence, patrols, checks' },
  disrupt: { text: 'Disrupt', hint: 'Stop it happening: licensing, closure orders, enforcement' },
  prevent: { text: 'Prevent', hint: 'Make it harder: awareness, training, design of places' },
};
export const ACTION_STATUSES: Record<Mace2ActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};
export const OPEN_ACTION_STATUSES: readonly Mace2ActionStatus[] = ['open', 'in-progress'];

const oneOf = (codes: readonly string[], message: string) =>
  z
    .string()
    .max(100, message)
    .refine((c) => codes.includes(c), message);
/** Ticked checkboxes: none is '' (or absent), one is a string, several an array. Only known codes. */
const ticked = (codes: readonly string[], message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.string().max(100, message))
      .max(codes.length, message)
      .refine((list) => list.every((c) => codes.includes(c)), message)
      .transform((list) => [...new Set(list)]),
  );
const optionalId = (codes: readonly string[], message: string) =>
  z
    .string()
    .max(100, message)
    .refine((c) => c === '' || codes.includes(c), message)
    .transform((c) => c || null);

export const PLACE_FIELDS = ['kind', 'name', 'district', 'description'];
export const placeSchema = (lists: { kinds: readonly string[]; districts: readonly string[] }) =>
  z.object({
    kind: oneOf(lists.kinds, 'Select what kind of place it is'),
    name: required(200, 'The name of the place', 'Enter the name of the place'),
    district: oneOf(lists.districts, 'Select the district'),
    description: text(5000, 'What is known about the place'),
  });
export type PlaceInput = z.output<ReturnType<typeof placeSchema>>;

export const PERSON_FIELDS = ['name', 'approximateAge', 'district', 'places', 'description'];
const AGE = 'Enter the approximate age as a number from 10 to 99, or leave it blank';
export const personSchema = (lists: { districts: readonly string[]; places: readonly string[] }) =>
  z.object({
    name: required(200, 'The name or alias', 'Enter the name or alias'),
    approximateAge: z
      .string()
      .trim()
      .max(3, AGE)
      .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= 10 && Number(v) <= 99), AGE)
      .transform((v) => (v === '' ? null : Number(v))),
    district: oneOf(lists.districts, 'Select the district'),
    places: ticked(lists.places, 'Select the places from the list'),
    description: text(5000, 'What is known about them'),
  });
export type PersonInput = z.output<ReturnType<typeof personSchema>>;

export const MEETING_FIELDS = ['heldOn-day', 'organisations', 'csps', 'notes'];
export const meetingSchema = (lists: { organisations: readonly string[]; districts: readonly string[] }) =>
  z.object({
    'heldOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the meeting' }),
    organisations: ticked(lists.organisations, 'Select the agencies from the list'),
    csps: ticked(lists.districts, 'Select the Community Safety Partnerships from the list'),
    notes: text(5000, 'Notes'),
  });
export type MeetingInput = z.output<ReturnType<typeof meetingSchema>>;

export const ACTION_FIELDS = ['category', 'what', 'organisation', 'ownerName', 'dueOn-day', 'link', 'inActionPlan'];
export const actionSchema = (lists: { organisations: readonly string[]; links: readonly string[] }) =>
  z.object({
    category: z.enum(['detect', 'disrupt', 'prevent'], 'Select detect, disrupt or prevent'),
    what: required(2000, 'What will be done', 'Enter what will be done'),
    organisation: oneOf(lists.organisations, 'Select the agency that owns the action'),
    ownerName: required(200, 'The owner’s name', 'Enter the name of the person who owns the action'),
    'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the date it is due' }),
    link: optionalId(lists.links, 'Select a place or person of concern from the list'),
    inActionPlan: z.enum(['', 'yes'], 'Select whether it is part of the action plan').transform((v) => v === 'yes'),
  });
export type ActionInput = z.output<ReturnType<typeof actionSchema>>;

export const UPDATE_FIELDS = ['status', 'note'];
export const actionUpdateSchema = z.object({
  status: z.enum(['open', 'in-progress', 'done', 'cancelled'], 'Select the status'),
  note: required(2000, 'The update', 'Enter what has happened'),
  version: versionField(),
});
export type ActionUpdateInput = z.output<typeof actionUpdateSchema>;

export const PROFILE_FIELDS = ['summary', 'themes'];
export const profileSchema = z.object({
  summary: required(10000, 'The summary', 'Enter the summary of the problem profile'),
  themes: text(5000, 'The themes'),
});
export type ProfileInput = z.output<typeof profileSchema>;

export const placeStatusSchema = z.object({
  status: z.enum(['open', 'closed'], 'Select open or closed'),
  version: versionField(),
});
