import { z } from 'zod';
import { RECORD_DATES, dateInput } from '../../../platform/views/date-input.ts';
import { versionField, boundedText as text, requiredText as required, oneOf } from '../../../platform/views/fields.ts';
import type { MaracActionStatus } from '../../../platform/db/schema/index.ts';

/**
 * The forms of MARAC's meetings and safety action plans, one zod schema each (decision 008): an agency's research,
 * the agencies present, the discussion of a case, an action, an action's review, an invitation, listing or moving a
 * case, closing a case. Free text is kept as typed and escaped when shown.
 */

export const ACTION_STATUSES: Record<MaracActionStatus, string> = {
  open: 'Open',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const DATE_FIELDS = { action: ['due'] } as const;

/** An agency's research for a case before its meeting: known to the agency (and what it holds), or not. */
export const researchSchema = (agencies: readonly string[]) =>
  z
    .object({
      agency: oneOf(agencies, 'Select the agency you are researching for'),
      known: z.enum(['yes', 'no'], 'Select whether the household is known to the agency'),
      information: text(10000, 'What the agency holds'),
      // Blank when the research is first recorded; the version the form showed when it is changed.
      version: z.union([z.literal(''), versionField()]).transform((v) => (v === '' ? undefined : v)),
    })
    .superRefine((v, ctx) => {
      if (v.known === 'yes' && !v.information)
        ctx.addIssue({ code: 'custom', path: ['information'], message: 'Enter what the agency holds' });
    });
export type ResearchInput = z.output<ReturnType<typeof researchSchema>>;

/** The agencies present at a meeting. */
export const presentSchema = (agencies: readonly string[]) =>
  z.object({
    agencies: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
      .pipe(z.array(oneOf(agencies, 'Select the agencies present')).min(1, 'Select the agencies present')),
    version: versionField(),
  });

/** The meeting's discussion of a case. */
export const discussionSchema = z.object({
  discussion: required(20000, 'The discussion', 'Enter what the meeting discussed and decided about the risk'),
  version: versionField(),
});

/** A safety action plan action: the agency, what it will do, its owner (a Hearth user by email, or a name), due by. */
export const actionSchema = (agencies: readonly string[]) =>
  z
    .object({
      agency: oneOf(agencies, 'Select the agency that will do it'),
      description: required(2000, 'The action', 'Enter the action'),
      ownerEmail: text(320, 'The owner’s email address'),
      ownerName: text(200, 'The owner’s name'),
      'due-day': dateInput({
        ...RECORD_DATES,
        label: 'the due date',
        when: 'future',
        whenMessage: 'The due date must be today or in the future',
      }),
      // A checkbox: absent (blank) when not ticked.
      forChildren: z
        .enum(['yes', 'no', ''], 'Reload the page and try again')
        .transform((v) => (v === 'yes' ? 'yes' : 'no')),
    })
    .superRefine((v, ctx) => {
      if (v.forChildren === 'no' && !v.ownerEmail && !v.ownerName)
        ctx.addIssue({
          code: 'custom',
          path: ['ownerName'],
          message: 'Enter the owner’s name, or the email address of their Hearth account',
        });
      if (v.ownerEmail && !/^[^\s@]+@[^\s@]+$/.test(v.ownerEmail))
        ctx.addIssue({ code: 'custom', path: ['ownerEmail'], message: 'Enter an email address like name@example.org' });
    });
export type ActionInput = z.output<ReturnType<typeof actionSchema>>;

/** A review of an action: what was done, and its status after. */
export const updateSchema = z.object({
  note: required(5000, 'What was done', 'Enter what was done'),
  status: z.enum(['open', 'done', 'cancelled'], 'Select the action’s status'),
  version: versionField(),
});
export type UpdateInput = z.output<typeof updateSchema>;

/** Another agency invited to a single case: an organisation, or a named user by email. */
export const invitationSchema = (organisationIds: readonly string[]) =>
  z
    .object({
      organisation: z.string().default(''),
      email: text(320, 'The email address'),
      reason: required(2000, 'Why they are invited', 'Enter why they are invited to this case'),
    })
    .superRefine((v, ctx) => {
      if (v.organisation && !organisationIds.includes(v.organisation))
        ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'Select an organisation from the list' });
      if (Boolean(v.organisation) === Boolean(v.email))
        ctx.addIssue({
          code: 'custom',
          path: ['organisation'],
          message: 'Select an organisation, or enter the email address of one person, not both',
        });
    });
export type InvitationInput = z.output<ReturnType<typeof invitationSchema>>;

/** Listing a case on a meeting (by hand, to move it, or to review its plan). */
export const listSchema = z.object({ caseId: z.uuid('Select a case') });
export const moveSchema = z.object({ meetingId: z.uuid('Select the meeting to move the case to') });

/** Closing a case: the reason, and the case's version as the page showed it. */
export const closeSchema = z.object({
  reason: required(2000, 'The reason', 'Enter why the case is closed'),
  version: versionField(),
});
