import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * @fastify/rate-limit store backed by the rate_limits table: one upsert per counted request,
 * so limits hold across every app instance behind a load balancer.
 */
export function databaseRateLimitStore(db: Kysely<DB>) {
  return class DatabaseRateLimitStore {
    constructor(private readonly prefix = 'global') {}

    incr(key: string, callback: IncrCallback, timeWindow: number) {
      const id = `${this.prefix}:${key}`;
      const resetAt = new Date(Date.now() + timeWindow);
      sql<{ count: number; reset_at: Date }>`
        insert into rate_limits (key, count, reset_at) values (${id}, 1, ${resetAt})
        on conflict (key) do update set
          count = case when rate_limits.reset_at <= now() then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= now() then excluded.reset_at else rate_limits.reset_at end
        returning count, reset_at`
        .execute(db)
        .then(
          ({ rows }) => {
            const row = rows[0]!;
            callback(null, { current: row.count, ttl: Math.max(0, row.reset_at.getTime() - Date.now()) });
          },
          (error: Error) => callback(error),
        );
    }

    /** @fastify/rate-limit passes the route's limit settings, with the route itself as routeInfo: one count per route. */
    child(options: {
      routeInfo?: { url?: string; method?: string | string[] };
      path?: string;
      method?: string | string[];
    }) {
      return new DatabaseRateLimitStore(
        `${String(options.routeInfo?.method ?? options.method)}:${options.routeInfo?.url ?? options.path}`,
      );
    }
  };
}
