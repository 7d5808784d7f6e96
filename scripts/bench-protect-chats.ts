/**
 * Missing Chats for the Protect benchmark (scripts/bench-protect.ts): for every returned episode of a child aged 10
 * to 18 on the day of the return (or of unknown age), a Missing Chat and a Parental Missing Chat, as the police
 * return makes them. Those returned in the last four days before `today` are still due; older ones were offered the
 * day after the return and then held (two in three) or declined.
 */
import { randomUUID } from 'node:crypto';
import { ageOn } from '../src/modules/missing/service.ts';
import type { ProtectData, Row } from './generate-protect.ts';

const DAY = 86_400_000;

export const CHAT_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['episode_id', 'uuid'],
  ['kind', 'text'],
  ['age_at_return', 'integer'],
  ['status', 'text'],
  ['offered_at', 'timestamptz'],
  ['offered_how', 'text'],
  ['held_on', 'date'],
  ['held_how', 'text'],
];

export function protectChats(data: ProtectData, today: string): Row[] {
  const recent = new Date(`${today}T00:00:00Z`).getTime() - 4 * DAY;
  const rows: Row[] = [];
  let n = 0;
  for (const e of data.tables.missing_episodes ?? []) {
    if (typeof e.returned_at !== 'string') continue;
    const dob = typeof e.date_of_birth === 'string' ? e.date_of_birth : null;
    const age = dob ? ageOn(dob, e.returned_at.slice(0, 10)) : null;
    if (age !== null && (age < 10 || age > 18)) continue;
    const returned = new Date(e.returned_at).getTime();
    for (const kind of ['child', 'parent']) {
      const due = returned >= recent;
      const held = !due && n++ % 3 !== 0;
      rows.push({
        id: randomUUID(),
        episode_id: e.id as string,
        kind,
        age_at_return: age,
        status: due ? 'due' : held ? 'held' : 'declined',
        offered_at: due ? null : new Date(returned + DAY).toISOString(),
        offered_how: due ? null : 'phone',
        held_on: held ? new Date(returned + 2 * DAY).toISOString().slice(0, 10) : null,
        held_how: held ? 'face-to-face' : null,
      });
    }
  }
  return rows;
}
