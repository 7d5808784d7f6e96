import { z } from 'zod';
import type {
  MissingChatHeldHow,
  MissingChatKind,
  MissingChatOfferHow,
  MissingChatStatus,
} from '../../../platform/db/schema/index.ts';
import { RECORD_DATES, checkDateInput, type DateParts } from '../../../platform/views/date-input.ts';
import { versionField } from '../../../platform/views/fields.ts';
import { pageField } from '../../../platform/views/pagination.ts';
import { parseTimeOfDay } from '../../../platform/time-of-day.ts';

/**
 * The Missing Chat's edge: the due list's query, the chat form (the offer, the child's choice, the chat itself,
 * what it found and with whom it was shared) and the words the pages use. Seed 004: "The child or young person has
 * control over if, how and when support is provided": "not now" keeps the chat open with a day to offer again.
 */

export const CHAT_KINDS: Record<MissingChatKind, string> = { child: 'Missing Chat', parent: 'Parental Missing Chat' };
export const OFFER_HOW: Record<MissingChatOfferHow, string> = {
  'in-person': 'In person',
  phone: 'By phone',
  'text-message': 'By text message',
  letter: 'By letter',
  'through-worker': 'Through the child’s worker',
};
export const CHOICES = { accepted: 'Accepted', declined: 'Declined', 'not-now': 'Not now' } as const;
export type ChatChoice = keyof typeof CHOICES;
export const HELD_HOW: Record<MissingChatHeldHow, string> = {
  'face-to-face': 'Face to face',
  phone: 'Phone',
  video: 'Video call',
  message: 'Messages (text or WhatsApp)',
};
export const STATUSES: Record<MissingChatStatus, string> = {
  due: 'Not yet offered',
  offered: 'Offered: waiting for an answer',
  'not-now': 'Not now: offer again',
  accepted: 'Accepted: not yet held',
  declined: 'Declined',
  held: 'Held',
};
export const STATUS_TAGS: Record<MissingChatStatus, string> = {
  due: 'govuk-tag--red',
  offered: 'govuk-tag--yellow',
  'not-now': 'govuk-tag--orange',
  accepted: 'govuk-tag--blue',
  declined: 'govuk-tag--grey',
  held: 'govuk-tag--green',
};
export const RAG_TAGS = { red: 'govuk-tag--red', amber: 'govuk-tag--orange', green: 'govuk-tag--green' } as const;

export const dueListQuery = z.object({
  page: pageField().catch(1),
  kind: z.enum(['child', 'parent']).catch('child'),
});

/** The form's fields in page order, so the error summary lists problems as the page shows them. */
export const CHAT_FIELDS = [
  'offeredOn-day',
  'offeredTime',
  'offeredHow',
  'offeredTo',
  'choice',
  'offerAgainOn-day',
  'heldOn-day',
  'heldHow',
  'said',
  'pushFactors',
  'pullFactors',
  'factorsOther',
  'risks',
  'actions',
  'sharedWith',
  'sharedWithOther',
];

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .transform((v) => v || null);

/** Ticked checkboxes: none is '' (or absent), one is a string, several an array. Only codes from the list. */
const ticked = (codes: readonly string[], message: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.string().max(100, message))
      .max(codes.length, message)
      .refine((list) => list.every((c) => codes.includes(c)), message)
      .transform((list) => [...new Set(list)]),
  );

const parts = (v: Record<string, unknown>, name: string): DateParts => ({
  day: v[`${name}-day`] ?? '',
  month: v[`${name}-month`] ?? '',
  year: v[`${name}-year`] ?? '',
});

export interface ChatLists {
  pushFactors: readonly string[];
  pullFactors: readonly string[];
  partners: readonly string[];
}

/**
 * One chat's form. The offer is required (when, how; to whom for a parent); the choice may wait for the answer;
 * "not now" needs the day to offer again; the chat itself (when held, how, what was said) only once accepted.
 */
export const chatSchema = (kind: MissingChatKind, lists: ChatLists, today?: string) =>
  z
    .object({
      version: versionField(),
      'offeredOn-day': z.string().max(10),
      'offeredOn-month': z.string().max(10),
      'offeredOn-year': z.string().max(10),
      offeredTime: z.string().max(20),
      offeredHow: z.enum(Object.keys(OFFER_HOW) as [MissingChatOfferHow], 'Select how the chat was offered'),
      offeredTo: text(200, 'Who it was offered to'),
      choice: z.enum(['', ...(Object.keys(CHOICES) as ChatChoice[])], 'Select the answer from the list'),
      'offerAgainOn-day': z.string().max(10),
      'offerAgainOn-month': z.string().max(10),
      'offerAgainOn-year': z.string().max(10),
      'heldOn-day': z.string().max(10),
      'heldOn-month': z.string().max(10),
      'heldOn-year': z.string().max(10),
      heldHow: z.enum(['', ...(Object.keys(HELD_HOW) as MissingChatHeldHow[])], 'Select how the chat was held'),
      said: text(10_000, 'What they said'),
      pushFactors: ticked(lists.pushFactors, 'Select the push factors from the list'),
      pullFactors: ticked(lists.pullFactors, 'Select the pull factors from the list'),
      factorsOther: text(4000, 'Other factors'),
      risks: text(4000, 'Risks found'),
      actions: text(4000, 'Actions'),
      sharedWith: ticked(lists.partners, 'Select who it was shared with from the list'),
      sharedWithOther: text(1000, 'Who else it was shared with'),
    })
    .superRefine(
      (input, ctx) => {
        // Runs even when a field above failed, so every problem is listed at once.
        const v = input as unknown as Record<string, string>;
        const problem = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
        const raw = input as unknown as Record<string, unknown>;
        const offered = checkDateInput(parts(raw, 'offeredOn'), {
          ...RECORD_DATES,
          label: 'the date the chat was offered',
          when: 'past',
          ...(today ? { today } : {}),
        });
        if (offered.problem) problem('offeredOn-day', offered.problem);
        if (!String(v.offeredTime ?? '').trim()) problem('offeredTime', 'Enter the time the chat was offered');
        else if (!parseTimeOfDay(v.offeredTime)) problem('offeredTime', 'Enter the time like 9:30am or 14:30');
        if (kind === 'parent' && !v.offeredTo)
          problem('offeredTo', 'Enter the parent or carer the chat was offered to');
        const again = checkDateInput(parts(raw, 'offerAgainOn'), {
          label: 'the day to offer it again',
          required: v.choice === 'not-now',
          when: 'future',
          ...(today ? { today } : {}),
        });
        if (v.choice === 'not-now' && again.problem) problem('offerAgainOn-day', again.problem);
        const held = checkDateInput(parts(raw, 'heldOn'), {
          ...RECORD_DATES,
          label: 'the date the chat was held',
          required: false,
          when: 'past',
          ...(today ? { today } : {}),
        });
        const chatGiven = Boolean(held.date || held.problem || v.heldHow || v.said);
        if (chatGiven && v.choice !== 'accepted')
          problem('choice', 'Select accepted to record the chat: a chat is held only when they choose to have it');
        if (held.problem) problem('heldOn-day', held.problem);
        else if (v.choice === 'accepted' && (v.heldHow || v.said) && !held.date)
          problem('heldOn-day', 'Enter the date the chat was held');
        else if (held.date && offered.date && held.date < offered.date)
          problem('heldOn-day', 'The date the chat was held must be the same as or after the date it was offered');
        if (held.date && !v.heldHow) problem('heldHow', 'Select how the chat was held');
      },
      { when: () => true },
    )
    .transform((v) => {
      const raw = v as unknown as Record<string, unknown>;
      const day = (name: string) => checkDateInput(parts(raw, name), { label: name, required: false }).date;
      const heldOn = v.choice === 'accepted' ? day('heldOn') : null;
      return {
        version: v.version,
        offeredOn: day('offeredOn')!,
        offeredTime: parseTimeOfDay(v.offeredTime)!,
        offeredHow: v.offeredHow,
        offeredTo: kind === 'parent' ? v.offeredTo : null,
        choice: v.choice || null,
        offerAgainOn: v.choice === 'not-now' ? day('offerAgainOn') : null,
        heldOn,
        heldHow: heldOn && v.heldHow ? v.heldHow : null,
        said: v.said,
        pushFactors: kind === 'child' ? v.pushFactors : [],
        pullFactors: kind === 'child' ? v.pullFactors : [],
        factorsOther: kind === 'child' ? v.factorsOther : null,
        risks: v.risks,
        actions: v.actions,
        sharedWith: v.sharedWith,
        sharedWithOther: v.sharedWithOther,
      };
    });
export type ChatInput = z.output<ReturnType<typeof chatSchema>>;

/** Starting a chat for an episode (from its page): which kind. */
export const startSchema = z.object({ kind: z.enum(['child', 'parent'], 'Select which chat to start') });
