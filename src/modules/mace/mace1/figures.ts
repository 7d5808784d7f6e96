import { sql, type Kysely } from 'kysely';
import type { DB, Mace1Kind } from '../../../platform/db/schema/index.ts';

interface Counts {
  open: number;
  new: number;
  exited: number;
}

export interface Mace1Figures {
  from: string;
  to: string;
  /** Children in MACE 1: open at the end of the period, new (opened) and exited in it. */
  children: Counts & {
    byQuadrant: ({ quadrantCode: string; quadrantName: string } & Counts)[];
    byKind: Record<Mace1Kind, Counts>;
  };
  /** Protection plan actions: open (not started or in progress) at the end of the period, of which overdue; done in it. */
  actions: { open: number; done: number; overdue: number };
}

const zero = (): Counts => ({ open: 0, new: 0, exited: 0 });

/**
 * MACE 1's figures for a period of days ('YYYY-MM-DD', both included), for the dashboards: children open, new and
 * exited, by quadrant and by kind, and the protection plans' actions. An action's status is as it stands now; the
 * period decides which were done in it and which were overdue by its end.
 */
export async function mace1Figures(db: Kysely<DB>, from: string, to: string): Promise<Mace1Figures> {
  const quadrants = await db.selectFrom('quadrants').select(['id', 'code', 'name']).orderBy('sort_order').execute();
  const rows = await db
    .selectFrom('mace1_cases')
    .select([
      'quadrant_id',
      'kind',
      sql<number>`count(*) filter (where opened_on <= ${to} and (exited_on is null or exited_on > ${to}))`.as('open'),
      sql<number>`count(*) filter (where opened_on between ${from} and ${to})`.as('new'),
      sql<number>`count(*) filter (where exited_on between ${from} and ${to})`.as('exited'),
    ])
    .groupBy(['quadrant_id', 'kind'])
    .execute();
  const byQuadrant = quadrants.map((q) => ({ quadrantCode: q.code, quadrantName: q.name, ...zero() }));
  const byKind: Record<Mace1Kind, Counts> = { 'at-risk': zero(), 'exploiting-peers': zero() };
  const total = zero();
  for (const row of rows) {
    const q = byQuadrant[quadrants.findIndex((x) => x.id === row.quadrant_id)];
    for (const key of ['open', 'new', 'exited'] as const) {
      const n = Number(row[key]);
      if (q) q[key] += n;
      byKind[row.kind][key] += n;
      total[key] += n;
    }
  }
  const actions = await db
    .selectFrom('mace1_plan_actions')
    .select([
      sql<number>`count(*) filter (where status in ('not-started', 'in-progress') and created_at::date <= ${to})`.as(
        'open',
      ),
      sql<number>`count(*) filter (where status = 'done' and done_on between ${from} and ${to})`.as('done'),
      sql<number>`count(*) filter (where status in ('not-started', 'in-progress') and due_on < ${to})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return {
    from,
    to,
    children: { ...total, byQuadrant, byKind },
    actions: { open: Number(actions.open), done: Number(actions.done), overdue: Number(actions.overdue) },
  };
}
