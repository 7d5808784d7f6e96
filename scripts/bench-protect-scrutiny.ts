/**
 * The Missing Co-ordinator's side of the Protect benchmark: closing dates for returned episodes and a review for
 * most under-10 episodes (the last few weeks' still waiting, as a real list would), for scripts/bench-protect.ts.
 */
import { prng } from './generate-directory.ts';
import type { ProtectData, Row } from './generate-protect.ts';

export const SCRUTINY_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['episode_id', 'uuid'],
  ['findings', 'text'],
  ['referral_needed', 'boolean'],
  ['reviewed_by', 'uuid'],
  ['reviewed_at', 'timestamptz'],
];

const DAY = 86_400_000;

function uuid(random: () => number): string {
  const h = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/**
 * Reviews for under-10 episodes (scrutiny age from the tenant) reported more than 21 days before `today`, and for
 * one in three of the more recent ones; the rest wait on the Co-ordinator's list. Closes (sets closed_at on) every
 * returned episode older than 30 days whose child is 10 or over, or has been scrutinised.
 */
export function protectScrutiny(
  data: ProtectData,
  options: { today: string; coordinatorId: string; underAge: number },
): { scrutinies: Row[]; closed: string[] } {
  const random = prng(7);
  const today = Date.parse(`${options.today}T12:00:00Z`);
  const scrutinies: Row[] = [];
  const closed: string[] = [];
  for (const e of data.tables.missing_episodes!) {
    const reported = Date.parse(e.reported_at as string);
    const under = typeof e.age_at_missing === 'number' && e.age_at_missing < options.underAge;
    const reviewed = under && (today - reported > 21 * DAY || random() < 1 / 3);
    if (reviewed)
      scrutinies.push({
        id: uuid(random),
        episode_id: e.id as string,
        findings: 'Went to a friend’s house after an argument; parents reported quickly. No exploitation indicators.',
        referral_needed: random() < 0.1,
        reviewed_by: options.coordinatorId,
        reviewed_at: new Date(Math.min(today, reported + (2 + random() * 10) * DAY)).toISOString(),
      });
    if (e.returned_at && today - reported > 30 * DAY && (!under || reviewed)) closed.push(e.id as string);
  }
  return { scrutinies, closed };
}
