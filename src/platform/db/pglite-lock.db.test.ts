import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../../tests/helpers/database.ts';
import { openDatabase, type Database } from './database.ts';

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * Opening a folder takes a lock file beside it holding the owner's process id; a second open is
 * refused with a clear message while that process is alive, and a stale lock is taken over.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe.skipIf(testDatabaseKind() === 'postgres')('one process per PGlite folder', () => {
  let parent: string;
  let dataDir: string;
  beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'hearth-lock-'));
    dataDir = path.join(parent, 'pglite');
  });
  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('opens a folder whose parent does not exist yet (a fresh clone has no .data)', async () => {
    const nested = path.join(parent, 'fresh', '.data', 'pglite');
    const database = await openDatabase({ kind: 'pglite', dataDir: nested });
    await database.close();
  });

  it('refuses a second open of the same folder while the first is open, and allows it once closed', async () => {
    const first: Database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toThrow(
        new RegExp(`another process \\(pid ${process.pid}\\) has the PGlite folder .*pglite open`),
      );
      // Another process is refused the same way.
      const other = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('./src/platform/db/database.ts').then((m) => m.openDatabase({ kind: 'pglite', dataDir: ${JSON.stringify(dataDir)} })).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); })`,
        ],
        { cwd: ROOT },
      );
      let stderr = '';
      other.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      expect(await new Promise((resolve) => other.on('exit', resolve))).toBe(3);
      expect(stderr).toContain(`another process (pid ${process.pid}) has the PGlite folder`);
      // The first is unharmed.
      expect(Number((await first.db.selectNoFrom((eb) => eb.val(1).as('one')).executeTakeFirstOrThrow()).one)).toBe(1);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ kind: 'pglite', dataDir });
    await again.close();
  });

  it('takes over the lock of a process that has ended', async () => {
    // A process id that is certainly not running: a child that has already exited.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    await writeFile(`${dataDir}.lock`, `${deadPid}\n`);
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.close();
  });
});
