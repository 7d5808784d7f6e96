import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES, ROOT, foreignTableUses } from '../helpers/table-ownership.ts';

/**
 * A module queries only its own tables (docs/decisions/006-module-boundaries.md): another module's are
 * read through that module's service. Every Kysely query in src/modules names its table as a string, so
 * a scan finds them all; the ownership list is src/platform/db/schema/owners.ts.
 */

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return moduleFiles(full);
    const testOnly = /\.test\.ts$|(^|[.-])test-support\.ts$/.test(entry.name);
    return entry.name.endsWith('.ts') && !testOnly ? [path.relative(ROOT, full)] : [];
  });
}

describe('table ownership', () => {
  it('finds no module querying another module’s tables', () => {
    const files = moduleFiles(MODULES);
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((file) => foreignTableUses(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line} ${v.text}`)).toEqual([]);
  });

  it('catches a deliberately broken repository: early help reading the front door’s and people’s tables', () => {
    const broken = `
      export class BrokenRepository {
        reRequests() {
          return this.db
            .selectFrom('requests_for_support as r')
            .innerJoin('request_people as p', 'p.request_id', 'r.id')
            .leftJoin('people', 'people.id', 'p.person_id')
            .leftJoin('users as u', 'u.id', 'r.requester_user_id')
            .selectAll()
            .execute();
        }
        rename() {
          return this.db.updateTable('teams').set({ name: 'x' }).execute();
        }
        hub() {
          return this.db.with('mine', (db) => db.selectFrom('episodes').select('id')).selectFrom('mine').selectAll();
        }
      }`;
    expect(foreignTableUses('src/modules/early-help/broken-repository.ts', broken).map((v) => v.text)).toEqual([
      "selectFrom('requests_for_support'): requests_for_support belongs to front-door; use front-door's service",
      "innerJoin('request_people'): request_people belongs to front-door; use front-door's service",
      "leftJoin('people'): people belongs to people; use people's service",
      "updateTable('teams'): teams belongs to reference (others may only read it)",
    ]);
    // The same queries in their owners' modules are fine.
    expect(foreignTableUses('src/modules/front-door/repository.ts', broken).map((v) => v.text)).toEqual([
      "leftJoin('people'): people belongs to people; use people's service",
      "updateTable('teams'): teams belongs to reference (others may only read it)",
      "selectFrom('episodes'): episodes belongs to early-help; use early-help's service",
    ]);
  });

  it('shows the Hub reads no Directory of Services table directly', () => {
    const hub = moduleFiles(path.join(MODULES, 'front-door/hub'));
    expect(hub.length).toBeGreaterThan(5);
    for (const file of hub)
      expect(readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(/\(\s*['"](directory_|postcode)/);
  });
});
