/**
 * The Hub queue's order (issue 17, item 10): least time left against each request's timescale first, so the most
 * overdue is at the top. Time left runs down as the due time nears, so ordering by the due time (worked out by the
 * same working calendar as the RAG status shown) is the same order at every moment: a page does not change while a
 * screener reads it, and pages never overlap. Ties go to the one received first, then by id, so the order is total.
 */
export interface QueueKey {
  id: string;
  received_at: Date;
  /** When its timescale runs out; null for a priority the tenant file no longer has (last). */
  due: Date | null;
}

export function byTimeLeft(a: QueueKey, b: QueueKey): number {
  const due = (k: QueueKey) => (k.due ? k.due.getTime() : Number.POSITIVE_INFINITY);
  return (
    due(a) - due(b) || a.received_at.getTime() - b.received_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
