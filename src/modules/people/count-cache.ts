/**
 * Counts read from the people table for matching (how many people share a name, are born on a day,
 * are in the table), kept for a few minutes: they change slowly, and a common name is asked about
 * again and again. A stale count moves a score by a fraction of a bit at most.
 */
const TTL_MS = 10 * 60_000;
/** Entries kept at most (a name pair or a date each); the oldest half go when full. */
const MAX_ENTRIES = 100_000;

export class CountCache {
  private readonly entries = new Map<string, { n: number; at: number }>();

  /** The counts for `keys` in `kind`, reading those not cached (0 for a key the read does not return). */
  async get(
    kind: string,
    keys: string[],
    read: (missing: string[]) => Promise<{ key: string; n: number }[]>,
    now = Date.now(),
  ): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const entry = this.entries.get(`${kind}:${key}`);
      if (entry && now - entry.at < TTL_MS) found.set(key, entry.n);
      else missing.push(key);
    }
    if (!missing.length) return found;
    const rows = await read(missing);
    const counted = new Map(rows.map((r) => [r.key, Number(r.n)]));
    if (this.entries.size + missing.length > MAX_ENTRIES) {
      const oldest = [...this.entries.keys()].slice(0, this.entries.size / 2);
      for (const key of oldest) this.entries.delete(key);
    }
    for (const key of missing) {
      const n = counted.get(key) ?? 0;
      found.set(key, n);
      this.entries.set(`${kind}:${key}`, { n, at: now });
    }
    return found;
  }
}
