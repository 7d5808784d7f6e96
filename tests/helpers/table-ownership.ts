import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_READS, TABLE_OWNERS, type TableOwner } from '../../src/platform/db/schema/owners.ts';

/** The table-ownership check (tests/unit/table-ownership.test.ts): queries in a module file that touch another module's tables. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MODULES = path.join(ROOT, 'src/modules');
const WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom']);
const QUERY =
  /\b(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"]([a-z_]+)(?:\s+as\s+\w+)?['"]/g;

export interface Violation {
  file: string;
  line: number;
  text: string;
}

/** The queries in one module file that touch a table the module does not own (or writes a shared one). */
export function foreignTableUses(file: string, source: string): Violation[] {
  const module = path.relative(MODULES, path.join(ROOT, file)).split(path.sep)[0]!;
  const found: Violation[] = [];
  for (const match of source.matchAll(QUERY)) {
    const [, call, table] = match as unknown as [string, string, string];
    const owner: TableOwner | undefined = TABLE_OWNERS[table as keyof typeof TABLE_OWNERS];
    // Not a table: a common table expression named in .with() (e.g. 'mine').
    if (!owner || owner === module) continue;
    const shared = SHARED_READS.has(table as keyof typeof TABLE_OWNERS);
    if (shared && !WRITES.has(call)) continue;
    const line = source.slice(0, match.index).split('\n').length;
    found.push({
      file,
      line,
      text: `${call}('${table}'): ${table} belongs to ${owner}${shared ? ' (others may only read it)' : `; use ${owner}'s service`}`,
    });
  }
  return found;
}
