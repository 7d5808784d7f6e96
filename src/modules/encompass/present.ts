import { yearGroupName } from '../../platform/calendar/school-year.ts';

export const V = 'encompass/views';
/** Rows on a page of the Hub's lists. */
export const HUB_PAGE_SIZE = 50;

/** Each of the Hub's lists: its caption and what it says when empty. */
export const hubListWords = (acknowledgeWithin: number) => ({
  'school-needed': { caption: 'School needed', empty: 'Hearth knows the school of every child.' },
  'not-sent': { caption: 'Not yet sent', empty: 'Nothing waits to be sent.' },
  'not-acknowledged': {
    caption: `Not acknowledged after ${acknowledgeWithin} school day${acknowledgeWithin === 1 ? '' : 's'}`,
    empty: 'Every school has acknowledged in time.',
  },
  'sent-late': { caption: 'Sent after the start of the next school day', empty: 'No notification was sent late.' },
  'no-child-of-school-age': {
    caption: 'Domestic abuse notifications with no child of school age',
    empty: 'Every domestic abuse notification had a child of school age.',
  },
});

/** Reception to Year 13 in words (the platform's names stop at Year 11, compulsory school age). */
export const yearGroupWords = (yearGroup: number) => (yearGroup > 11 ? `Year ${yearGroup}` : yearGroupName(yearGroup));

/** A notification's state in the school's and the Hub's words. */
export function statusOf(n: {
  school_urn: string | null;
  sent_at: Date | null;
  send_problem: string | null;
  received_at: Date | null;
  support_at: Date | null;
}): { text: string; colour: string } {
  if (!n.school_urn) return { text: 'School needed', colour: 'red' };
  if (!n.sent_at)
    return n.send_problem ? { text: 'No lead’s email', colour: 'red' } : { text: 'To be sent', colour: 'yellow' };
  if (!n.received_at) return { text: 'Not acknowledged', colour: 'orange' };
  if (!n.support_at) return { text: 'Received', colour: 'blue' };
  return { text: 'Support recorded', colour: 'green' };
}
