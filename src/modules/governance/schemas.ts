import { z } from 'zod';
import type {
  GovernanceActionStatus,
  GovernanceBoardKind,
  GovernanceMeetingStatus,
  GovernanceMemberRole,
} from '../../platform/db/schema/index.ts';
import { parseTimeOfDay } from '../../platform/time-of-day.ts';
import { RECORD_DATES, dateInput } from '../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required } from '../../platform/views/fields.ts';

/**
 * The boards' forms (issue 14): a member, a meeting, an agenda item, a paper, minutes and their correction, a
 * decision, an action and its update, a line of the work programme. One schema a form; free text is kept as typed
 * and escaped when shown; NUL and broken Unicode are refused before any of this (decision 008).
 */

export const BOARD_KINDS: Record<GovernanceBoardKind, string> = {
  board: 'Board',
  'sub-committee': 'Sub-Committee',
  'locality-partnership': 'Locality Children’s Partnership',
  panel: 'Panel',
  'scrutiny-committee': 'Scrutiny committee',
};
export const MEMBER_ROLES: Record<GovernanceMemberRole, string> = {
  chair: 'Chair',
  'vice-chair': 'Vice chair',
  member: 'Member',
  adviser: 'Adviser',
};
export const MEETING_STATUSES: Record<GovernanceMeetingStatus, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
};
export const ACTION_STATUSES: Record<GovernanceActionStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};
export const OPEN_STATUSES: readonly GovernanceActionStatus[] = ['open', 'in-progress'];

const optionalId = (ids: readonly string[], message: string) =>
  z
    .string()
    .max(100, message)
    .refine((c) => c === '' || ids.includes(c), message)
    .transform((c) => c || null);

export const MEMBER_FIELDS = ['name', 'organisation', 'role', 'userEmail', 'joinedOn-day'];
export const memberSchema = z.object({
  name: required(200, 'The name', 'Enter the member’s name'),
  organisation: text(200, 'The organisation'),
  role: z.enum(['chair', 'vice-chair', 'member', 'adviser'], 'Select their role on the board'),
  userEmail: text(254, 'The email address')
    .toLowerCase()
    .refine((v) => v === '' || /^[^@\s]+@[^@\s]+$/.test(v), 'Enter an email address like name@example.org'),
  'joinedOn-day': dateInput({ ...RECORD_DATES, label: 'the date they joined', required: false }),
});
export type MemberInput = z.output<typeof memberSchema>;

export const LEFT_FIELDS = ['leftOn-day'];
export const memberLeftSchema = z.object({
  'leftOn-day': dateInput({ ...RECORD_DATES, label: 'the date they left', when: 'past' }),
  version: versionField(),
});
export type MemberLeftInput = z.output<typeof memberLeftSchema>;

const TIME = 'Enter the time like 10:15 or 2pm, or leave it blank';
export const MEETING_FIELDS = ['heldOn-day', 'time', 'place', 'status'];
export const meetingSchema = z.object({
  'heldOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the meeting' }),
  time: z
    .string()
    .trim()
    .max(20, TIME)
    .refine((v) => v === '' || parseTimeOfDay(v) !== null, TIME)
    .transform((v) => (v === '' ? null : parseTimeOfDay(v))),
  place: text(400, 'The place'),
  status: z.enum(['scheduled', 'held', 'cancelled'], 'Select whether the meeting is scheduled, held or cancelled'),
});
export type MeetingInput = z.output<typeof meetingSchema>;

export const ITEM_FIELDS = ['title', 'presenter', 'purpose'];
export const itemSchema = z.object({
  title: required(400, 'The title', 'Enter the title of the agenda item'),
  presenter: text(400, 'Who presents it'),
  purpose: text(2000, 'The purpose'),
});
export type ItemInput = z.output<typeof itemSchema>;

const LINK = 'Enter a link starting https:// or http://, or leave it blank';
const REPORT_KEY = 'Enter the report’s key: lower-case letters, digits and hyphens, like board-report';
const PARAMETERS =
  'Write each parameter on its own line as name=value, like quadrant=west, using letters, digits, spaces and . _ : / -';
export const PAPER_FIELDS = ['kind', 'title', 'reportKey', 'reportParameters', 'link', 'note'];
export const paperSchema = z
  .object({
    kind: z.enum(['document', 'report'], 'Select whether the paper is a document or a report Hearth makes'),
    title: required(400, 'The title', 'Enter the title of the paper'),
    reportKey: text(100, 'The report’s key'),
    reportParameters: text(2000, 'The parameters'),
    link: text(2000, 'The link').refine((v) => v === '' || /^https?:\/\/[^\s<>"]+$/i.test(v), LINK),
    note: text(2000, 'The note'),
  })
  .superRefine((p, ctx) => {
    if (p.kind !== 'report') return;
    if (!/^[a-z0-9-]{1,100}$/.test(p.reportKey))
      ctx.addIssue({ code: 'custom', path: ['reportKey'], message: REPORT_KEY });
    if (parameters(p.reportParameters) === null)
      ctx.addIssue({ code: 'custom', path: ['reportParameters'], message: PARAMETERS });
  })
  .transform((p) => ({
    kind: p.kind,
    title: p.title,
    reportKey: p.kind === 'report' ? p.reportKey : null,
    reportParameters: p.kind === 'report' ? parameters(p.reportParameters) : null,
    link: p.kind === 'document' && p.link ? p.link : null,
    note: p.note,
  }));
export type PaperInput = z.output<typeof paperSchema>;

/** 'name=value' lines as an object, or null when a line is not one. */
function parameters(lines: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const line of lines
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^([a-zA-Z][a-zA-Z0-9-]{0,49})\s*=\s*([A-Za-z0-9 ._:/-]{1,200})$/.exec(line);
    if (!match) return null;
    out[match[1]!] = match[2]!.trim();
  }
  return out;
}

export const MINUTES_FIELDS = ['minutes'];
export const minutesSchema = z.object({
  minutes: text(40000, 'The minutes'),
  version: versionField(),
});
export type MinutesInput = z.output<typeof minutesSchema>;

export const CORRECTION_FIELDS = ['minutes', 'reason'];
export const correctionSchema = z.object({
  minutes: text(40000, 'The corrected minutes'),
  reason: required(2000, 'The reason', 'Enter why the published minutes are corrected'),
  version: versionField(),
});
export type CorrectionInput = z.output<typeof correctionSchema>;

export const publishSchema = z.object({ version: versionField() });

export const DECISION_FIELDS = ['item', 'decision', 'decidedOn-day'];
export const decisionSchema = (items: readonly string[]) =>
  z.object({
    item: optionalId(items, 'Select an agenda item of this meeting'),
    decision: required(4000, 'The decision', 'Enter the decision'),
    'decidedOn-day': dateInput({ ...RECORD_DATES, label: 'the date of the decision' }),
  });
export type DecisionInput = z.output<ReturnType<typeof decisionSchema>>;

const INDICATOR = 'Enter the indicator’s code, like CSC-01';
const PLAN_ACTION = 'Enter the plan action’s id, as its page shows it';
export const ACTION_FIELDS = [
  'action',
  'owner',
  'raisedOn-day',
  'dueOn-day',
  'item',
  'linkKind',
  'indicator',
  'planAction',
];
export const actionSchema = (items: readonly string[]) =>
  z
    .object({
      action: required(4000, 'The action', 'Enter the action'),
      owner: required(200, 'The owner', 'Enter who owns the action'),
      'raisedOn-day': dateInput({ ...RECORD_DATES, label: 'the date it was raised', when: 'past' }),
      'dueOn-day': dateInput({ ...RECORD_DATES, label: 'the date it is due', required: false }),
      item: optionalId(items, 'Select an agenda item from the list'),
      linkKind: z.enum(['', 'indicator', 'plan-action'], 'Select what the action points at'),
      indicator: text(100, 'The indicator’s code'),
      planAction: text(100, 'The plan action’s id'),
    })
    .superRefine((a, ctx) => {
      if (a.linkKind === 'indicator' && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(a.indicator))
        ctx.addIssue({ code: 'custom', path: ['indicator'], message: INDICATOR });
      if (a.linkKind === 'plan-action' && !/^[0-9a-f-]{36}$/i.test(a.planAction))
        ctx.addIssue({ code: 'custom', path: ['planAction'], message: PLAN_ACTION });
    })
    .transform(({ indicator, planAction, linkKind, ...a }) => ({
      ...a,
      link:
        linkKind === 'indicator'
          ? { kind: 'indicator' as const, ref: indicator }
          : linkKind === 'plan-action'
            ? { kind: 'plan-action' as const, ref: planAction.toLowerCase() }
            : null,
    }));
export type ActionInput = z.output<ReturnType<typeof actionSchema>>;

export const UPDATE_FIELDS = ['status', 'note'];
export const actionUpdateSchema = z.object({
  status: z.enum(['open', 'in-progress', 'done', 'dropped'], 'Select the status'),
  note: required(4000, 'The update', 'Enter what has happened'),
  version: versionField(),
});
export type ActionUpdateInput = z.output<typeof actionUpdateSchema>;

export const WORK_FIELDS = ['plannedOn-day', 'when', 'topic', 'lead', 'purpose', 'commitment', 'crossCommittee'];
export const workSchema = z.object({
  'plannedOn-day': dateInput({ ...RECORD_DATES, label: 'the provisional date', required: false }),
  when: text(100, 'When, in words'),
  topic: required(400, 'The topic', 'Enter the topic'),
  lead: required(400, 'The lead contact', 'Enter the lead contact'),
  purpose: required(2000, 'The purpose and target outcomes', 'Enter the purpose and target outcomes'),
  commitment: text(400, 'The commitment'),
  crossCommittee: text(400, 'Cross-committee'),
});
export type WorkInput = z.output<typeof workSchema>;
