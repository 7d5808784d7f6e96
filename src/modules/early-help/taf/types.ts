import { format, parseISO } from 'date-fns';
import type { TafSupportEventKind, TafSupportKind } from '../../../platform/db/schema/index.ts';

/** What the support log's figures count: support given to one practitioner, and workshops and networking events. */
export type SupportFigureKind = TafSupportKind | TafSupportEventKind;

/** The Early Help Plan changed after the record form listed its actions: nothing is saved, the form is shown again with the plan as it is now. */
export class TafPlanChanged extends Error {
  constructor() {
    super(
      'The family’s Early Help Plan has changed since this form was shown, so nothing has been saved. The plan’s actions are shown as they are now, with what you typed: check them and save again.',
    );
  }
}

/** Several things are wrong with a form at once: each is shown on its field. */
export class TafProblems extends Error {
  constructor(readonly problems: { field: string; text: string }[]) {
    super(problems.map((p) => p.text).join('; '));
  }
}

export const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
export const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
/** '3 June 2026 at 2:30pm', in England. */
export const meetingWhen = (at: Date) =>
  `${londonDate.format(at)} at ${londonClock
    .format(at)
    .replace(/\s?([ap])m$/i, '$1m')
    .toLowerCase()}`;
export const dayName = (day: string) => format(parseISO(day), 'd MMMM yyyy');
export const personName = (p: { first_name: string | null; last_name: string | null }) =>
  `${p.first_name ?? ''} ${p.last_name ?? ''}`.trim();

export interface SupportFigures {
  from: string;
  to: string;
  /** The kinds of support one practitioner was given (TafSupportKind), then the workshops and networking events. */
  kinds: { code: SupportFigureKind; name: string }[];
  months: { month: string; label: string; counts: Record<SupportFigureKind, number>; total: number }[];
  totals: Record<SupportFigureKind, number>;
  total: number;
}
