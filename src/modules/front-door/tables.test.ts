import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The front door reads other modules' tables only through their services (issue 12, module boundaries). */
const OTHER_MODULES_TABLES = ['directory_listings', 'directory_services', 'directory_service_versions'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the front door and the directory', () => {
  it('reads directory listings through DirectoryService, never its tables', () => {
    const offenders = sources(import.meta.dirname).filter((file) =>
      OTHER_MODULES_TABLES.some((table) => readFileSync(file, 'utf8').includes(`'${table}'`)),
    );
    expect(offenders).toEqual([]);
  });
});
