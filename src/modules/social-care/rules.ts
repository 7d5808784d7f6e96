import type { SocialCareOutcome } from '../../platform/db/schema/index.ts';

export const OUTCOME_NAMES: Record<SocialCareOutcome, string> = {
  'strategy-discussion': 'Strategy discussion',
  assessment: 'Children and families assessment',
  'no-further-action': 'No further action at level 4: back to the Hub',
};

export const ROUTE_NAMES = {
  'statutory-assessment': 'Statutory assessment',
  'strategy-discussion': 'Strategy discussion',
} as const;

const when = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
/** A date and time as the pages write it (Europe/London), for messages. */
export const whenText = (at: Date | string) => when.format(new Date(at)).replace(' am', 'am').replace(' pm', 'pm');

/** A refusal the user can act on, shown against a form field. */
export class SocialCareError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A second acknowledgement: says by whom and when the first was given. */
export class AlreadyAcknowledged extends SocialCareError {
  constructor(
    readonly by: string,
    readonly at: Date,
    readonly via: 'hearth' | 'api',
  ) {
    super('acknowledge', `This hand-off was already acknowledged by ${by} at ${whenText(at)}`);
  }
}
