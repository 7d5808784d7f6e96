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
  return {
    summary:
      `${n(chats.length)} Missing Chats (${n(chats.filter((c) => c.status === 'due').length)} due), ` +
      `${n(scrutinies.length)} under-10 reviews (${n(waiting)} waiting), ${n(closed.length)} episodes closed`,
    pages: [
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
