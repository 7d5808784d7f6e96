/**
 * What the Protect benchmark adds on top of the generated episodes and concerns, for each list it times: the rows
 * those lists read, and the pages themselves (scripts/bench-protect.ts).
 */
import type { Database } from '../src/platform/db/database.ts';
import type { ListPage } from './bench-protect.ts';
import type { ProtectData, Row } from './generate-protect.ts';

type Load = (db: Database['db'], table: string, columns: [string, string][], rows: Row[]) => Promise<void>;

export async function protectExtras(
  _db: Database['db'],
  _data: ProtectData,
  _options: { today: string; load: Load },
): Promise<{ summary: string; pages: ListPage[] }> {
  return {
    summary: '',
    pages: [
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
