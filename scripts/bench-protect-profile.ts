/**
 * Where a list page's time goes through HTTP (npm run bench protect, on each database): each page requested `rounds`
 * times in this process with every query recorded, and for each the median number and time of the queries that load
 * the session, load the user, write the audit trail, open and close transactions, and read the page's own data,
 * beside the whole request. What is left (request minus queries, when they run one after another) is Fastify, the
 * policy, and rendering the template.
 */
import type { LogEvent } from 'kysely';
import type { CurrentUser } from '../src/platform/http/types.ts';
import type { TestClient } from '../tests/helpers/http-client.ts';
import { categorise, type Category } from './bench-load-profile.ts';
import type { ListPage } from './bench-protect.ts';

const CATEGORIES: Category[] = ['session', 'user', 'audit', 'transaction', 'page'];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)}`.padStart(6);

export async function profileProtectPages(
  recorder: { events: LogEvent[] | null },
  pages: ListPage[],
  clients: Map<string, { client: TestClient; viewer: CurrentUser }>,
  rounds = 20,
): Promise<string[]> {
  const lines = [
    '',
    '  profile (median of each page requested alone, every query recorded: number of queries and their ms by purpose)',
    `  ${'list'.padEnd(60)} ${'request'.padStart(7)} ${CATEGORIES.map((c) => `${c === 'transaction' ? 'tx' : c}`.padStart(12)).join('')} ${'rest'.padStart(6)}`,
  ];
  for (const page of pages) {
    const { client, viewer } = clients.get(page.as)!;
    const totals: number[] = [];
    const rest: number[] = [];
    const byCategory = new Map(CATEGORIES.map((c) => [c, { n: [] as number[], ms: [] as number[] }]));
    for (let round = 0; round < rounds; round += 1) {
      const events: LogEvent[] = [];
      recorder.events = events;
      const started = performance.now();
      const response = await client.get(page.url);
      const total = performance.now() - started;
      recorder.events = null;
      if (response.statusCode !== 200) throw new Error(`${page.url}: ${response.statusCode}`);
      totals.push(total);
      let queries = 0;
      for (const category of CATEGORIES) {
        const mine = events.filter((e) => categorise(e, viewer.id) === category);
        const time = mine.reduce((sum, e) => sum + e.queryDurationMillis, 0);
        byCategory.get(category)!.n.push(mine.length);
        byCategory.get(category)!.ms.push(time);
        queries += time;
      }
      rest.push(total - queries);
    }
    lines.push(
      `  ${page.label.slice(0, 60).padEnd(60)} ${ms(median(totals))} ${CATEGORIES.map((c) => {
        const { n, ms: t } = byCategory.get(c)!;
        return `${String(median(n)).padStart(3)} ×${ms(median(t))}`.padStart(12);
      }).join('')} ${ms(median(rest))}`,
    );
  }
  lines.push(
    '  (ms; session: reading and saving the session; user: loading the signed-in user; audit: the events the page',
    '   writes; tx: begin and commit; page: its own reads; rest: the request less its queries (Fastify, the policy,',
    '   the template), low when queries ran side by side)',
  );
  return lines;
}
