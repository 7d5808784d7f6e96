/**
 * What the Protect benchmark adds on top of the generated episodes and concerns, for each list it times: the rows
 * those lists read, and the pages themselves (scripts/bench-protect.ts).
 */
import type { Database } from '../src/platform/db/database.ts';
import type { ListPage } from './bench-protect.ts';
import type { ProtectData, Row } from './generate-protect.ts';
import { sql } from 'kysely';
import { CHAT_COLUMNS, protectChats } from './bench-protect-chats.ts';
import { SCRUTINY_COLUMNS, protectScrutiny } from './bench-protect-scrutiny.ts';
import { MACE1_TABLES, protectMace1 } from './bench-protect-mace.ts';

type Load = (db: Database['db'], table: string, columns: [string, string][], rows: Row[]) => Promise<void>;

export async function protectExtras(
  db: Database['db'],
  data: ProtectData,
  options: { today: string; load: Load },
): Promise<{ summary: string; pages: ListPage[] }> {
  const chats = protectChats(data, options.today);
  await options.load(db, 'missing_chats', CHAT_COLUMNS, chats);
  const coordinator = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'missing.coordinator@essex.example')
    .executeTakeFirstOrThrow();
  const { scrutinies, closed } = protectScrutiny(data, {
    today: options.today,
    coordinatorId: coordinator.id,
    underAge: 10,
  });
  await options.load(db, 'missing_scrutinies', SCRUTINY_COLUMNS, scrutinies);
  await sql`update missing_episodes set closed_at = returned_at + interval '7 days', closed_by = ${coordinator.id}
    where id = any(${sql.val(closed)}::uuid[])`.execute(db);
  const waiting =
    data.tables.missing_episodes!.filter((e) => typeof e.age_at_missing === 'number' && e.age_at_missing < 10).length -
    scrutinies.length;
  const n = (v: number) => v.toLocaleString('en-GB');
  const [districts, quadrants, member, police] = await Promise.all([
    db.selectFrom('districts').select(['id', 'code', 'quadrant_id']).execute(),
    db.selectFrom('quadrants').select(['id', 'code']).execute(),
    db.selectFrom('users').select('id').where('email', '=', 'mace.member@essex.example').executeTakeFirstOrThrow(),
    db.selectFrom('organisations').select('id').where('code', '=', 'essex-police').executeTakeFirstOrThrow(),
  ]);
  const mace = protectMace1(data, {
    today: options.today,
    cases: 2_000,
    refs: {
      districts: Object.fromEntries(districts.map((d) => [d.code, { id: d.id, quadrantId: d.quadrant_id }])),
      quadrants: Object.fromEntries(quadrants.map((q) => [q.code, q.id])),
      coordinator: (
        await db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'mace.coordinator@essex.example')
          .executeTakeFirstOrThrow()
      ).id,
      member: member.id,
      police: police.id,
    },
  });
  for (const { table, columns } of MACE1_TABLES) await options.load(db, table, columns, mace.tables[table]!);
  return {
    summary:
      `${n(chats.length)} Missing Chats (${n(chats.filter((c) => c.status === 'due').length)} due), ` +
      `${n(scrutinies.length)} under-10 reviews (${n(waiting)} waiting), ${n(closed.length)} episodes closed, ` +
      `${n(mace.tables.mace1_cases!.length)} MACE 1 cases (${n(mace.open)} open) with ${n(mace.tables.mace1_meetings!.length)} meetings, ` +
      `${n(mace.tables.mace1_discussions!.length)} discussions and ${n(mace.tables.mace1_plan_actions!.length)} plan actions`,
    pages: [
      {
        label: "MACE coordinator: next week's West MACE 1 agenda (/mace/meetings/:id)",
        as: 'mace.coordinator@essex.example',
        url: `/mace/meetings/${mace.westMeeting}`,
        expect: 'MACE 1 meeting',
        bare: (s, viewer) => s.mace1Meetings.view({ userId: viewer.id, label: 'bench' }, viewer, mace.westMeeting),
      },
      {
        label: 'Missing Co-ordinator: under-10s to scrutinise (/missing/scrutiny)',
        as: 'missing.coordinator@essex.example',
        url: '/missing/scrutiny',
        expect: 'scrutin',
        bare: (s, viewer) => s.missingScrutiny.list({ userId: viewer.id, label: 'bench' }, viewer, false),
      },
      {
        label: 'Involvement Service: Missing Chats due (/missing-chats)',
        as: 'involvement.worker@essex.example',
        url: '/missing-chats',
        expect: 'Missing Chats',
        bare: (s, viewer) => s.missingChats.dueList({ userId: viewer.id, label: 'bench' }, 'child'),
      },
      {
        label: 'MACE coordinator: exploitation concerns (/exploitation)',
        as: 'mace.coordinator@essex.example',
        url: '/exploitation',
        expect: 'Exploitation concerns',
        bare: (s, viewer) => s.exploitation.list({ userId: viewer.id, label: 'bench' }, viewer),
      },
    ],
  };
}
