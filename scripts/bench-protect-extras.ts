/**
 * What the Protect benchmark adds on top of the generated episodes and concerns, for each list it times: the rows
 * those lists read, and the pages themselves (scripts/bench-protect.ts).
 */
import type { Database } from '../src/platform/db/database.ts';
import type { ListPage } from './bench-protect.ts';
import type { ProtectData, Row } from './generate-protect.ts';
import { CHAT_COLUMNS, protectChats } from './bench-protect-chats.ts';

type Load = (db: Database['db'], table: string, columns: [string, string][], rows: Row[]) => Promise<void>;

export async function protectExtras(
  db: Database['db'],
  data: ProtectData,
  options: { today: string; load: Load },
): Promise<{ summary: string; pages: ListPage[] }> {
  const chats = protectChats(data, options.today);
  await options.load(db, 'missing_chats', CHAT_COLUMNS, chats);
  return {
    summary: `${chats.length.toLocaleString('en-GB')} Missing Chats (${chats.filter((c) => c.status === 'due').length.toLocaleString('en-GB')} due)`,
    pages: [
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
