import type { MissingChatHeldHow, MissingChatKind, MissingChatStatus } from '../../../platform/db/schema/index.ts';

export interface ChatFigureRow {
  kind: MissingChatKind;
  status: MissingChatStatus;
  offered_at: Date | null;
  held_how: MissingChatHeldHow | null;
  returned_at: Date | null;
}

/** The child's choice, as the status keeps it: a chat held was accepted first. */
const ACCEPTED: readonly MissingChatStatus[] = ['accepted', 'held'];

/**
 * Missing Chats' figures from their rows (the episodes returned in the period): for the partnership's dashboards.
 * "Within the timescale" compares the offer with the due time of the tenant's timescale from the return.
 */
export function chatFigures(rows: readonly ChatFigureRow[], dueOf: (returnedAt: Date) => Date) {
  const child = rows.filter((r) => r.kind === 'child');
  const parent = rows.filter((r) => r.kind === 'parent');
  const offered = child.filter((r) => r.offered_at !== null);
  const onTime = offered.filter((r) => r.returned_at && r.offered_at! <= dueOf(r.returned_at));
  const heldBy: Record<MissingChatHeldHow, number> = { 'face-to-face': 0, phone: 0, video: 0, message: 0 };
  for (const r of child) if (r.status === 'held' && r.held_how) heldBy[r.held_how]++;
  return {
    chats: {
      due: child.length,
      notYetOffered: child.length - offered.length,
      offeredWithinTimescale: onTime.length,
      offeredLate: offered.length - onTime.length,
      accepted: child.filter((r) => ACCEPTED.includes(r.status)).length,
      declined: child.filter((r) => r.status === 'declined').length,
      notNow: child.filter((r) => r.status === 'not-now').length,
      held: child.filter((r) => r.status === 'held').length,
      heldBy,
    },
    parentalChats: {
      due: parent.length,
      offered: parent.filter((r) => r.offered_at !== null).length,
      accepted: parent.filter((r) => ACCEPTED.includes(r.status)).length,
      held: parent.filter((r) => r.status === 'held').length,
    },
  };
}
