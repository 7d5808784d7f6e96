import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

/**
 * The Kysely types (src/platform/db/schema/) and the migrated database cannot drift apart: every table
 * the `DB` interface names exists with exactly the columns its type lists, and every table the
 * migrations make (but the migration log and pg-boss's own schema) is in `DB`.
 */

const SCHEMA = fileURLToPath(new URL('../../src/platform/db/schema/index.ts', import.meta.url));

/** Each table of `DB` with its column names, read from the TypeScript types by the compiler. */
function typedTables(): Map<string, string[]> {
  const program = ts.createProgram([SCHEMA], {
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA);
  if (!source) throw new Error(`cannot read ${SCHEMA}`);
  const db = checker
    .getExportsOfModule(checker.getSymbolAtLocation(source)!)
    .find((symbol) => symbol.getName() === 'DB');
  if (!db) throw new Error('schema/index.ts exports no DB');
  const tables = new Map<string, string[]>();
  for (const table of checker.getDeclaredTypeOfSymbol(db).getProperties()) {
    const type = checker.getTypeOfSymbol(table);
    tables.set(
      table.getName(),
      type
        .getProperties()
        .map((column) => column.getName())
        .sort(),
    );
  }
  return tables;
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
});
afterAll(() => t?.close());

describe('the Kysely schema types', () => {
  it('name every migrated table with exactly its columns', async () => {
    const typed = typedTables();
    expect(typed.size).toBeGreaterThan(40);
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() order by table_name, column_name`.execute(t.database.db);
    const migrated = new Map<string, string[]>();
    for (const row of rows) migrated.set(row.table_name, [...(migrated.get(row.table_name) ?? []), row.column_name]);

    const drift: string[] = [];
    for (const [table, columns] of typed) {
      const actual = migrated.get(table);
      if (!actual) {
        drift.push(`${table}: in DB but not in the database`);
        continue;
      }
      const sorted = [...actual].sort();
      for (const c of columns) if (!sorted.includes(c)) drift.push(`${table}.${c}: typed but not in the database`);
      for (const c of sorted) if (!columns.includes(c)) drift.push(`${table}.${c}: in the database but not typed`);
    }
    for (const table of migrated.keys()) if (!typed.has(table)) drift.push(`${table}: migrated but not in DB`);
    expect(drift).toEqual([]);
  });
});
