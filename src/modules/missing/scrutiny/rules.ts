import type { MissingEpisodesTable } from '../../../platform/db/schema/index.ts';

/** A child under the scrutiny age when reported missing. An unknown age is not under it (the page says so). */
export const isUnderScrutinyAge = (episode: Pick<MissingEpisodesTable, 'age_at_missing'>, underAge: number) =>
  episode.age_at_missing !== null && episode.age_at_missing < underAge;

/** Why the episode cannot be closed now, or null when it can. */
export function closingRefusal(
  episode: Pick<MissingEpisodesTable, 'age_at_missing' | 'returned_at' | 'closed_at'>,
  underAge: number,
  scrutinised: boolean,
): string | null {
  if (episode.closed_at) return 'This episode is already closed.';
  if (!episode.returned_at)
    return 'The child has not returned yet: an episode is closed only after the child’s return.';
  if (isUnderScrutinyAge(episode, underAge) && !scrutinised)
    return `This child was under ${underAge} when reported missing: the episode can be closed only once the Missing Co-ordinator has recorded their scrutiny.`;
  return null;
}

/** The episode cannot be closed now: the message says why. */
export class ClosingRefused extends Error {
  override name = 'ClosingRefused';
}

/** A scrutiny is already recorded for this episode. */
export class ScrutinyExists extends Error {
  override name = 'ScrutinyExists';
  constructor(message = 'The scrutiny of this episode has already been recorded.') {
    super(message);
  }
}
