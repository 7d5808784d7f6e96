import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Another process has the folder open: the message says which, and what to do instead. */
export class PgliteFolderInUse extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite runs PostgreSQL inside this process, so two processes on one data folder would each write
 * it as if alone and corrupt it. A lock file beside the folder (`<folder>.lock`) holds the owner's
 * process id: created exclusively, refused while that process is alive (this one included), taken
 * over when it has ended, removed on close and at exit.
 */
export async function lockPgliteFolder(dataDir: string): Promise<{ release(): Promise<void> }> {
  const file = `${path.resolve(dataDir)}.lock`;
  const mine = String(process.pid);
  // A fresh clone has no .data folder yet: the lock beside the data folder needs its parent.
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${mine}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new PgliteFolderInUse(
          `another process (pid ${owner}) has the PGlite folder ${dataDir} open. PGlite allows one process per folder: ` +
            `stop that process first (Hearth, or a command such as npm run audit:verify), or use PostgreSQL ` +
            `(DATABASE_URL) to run several. If no such process is running, delete ${file}.`,
        );
      }
      // The owner has ended without removing its lock: take it over (one try, so two takers cannot both win).
      await unlink(file).catch(() => undefined);
    }
  }
  const releaseAtExit = () => {
    try {
      if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', releaseAtExit);
  return {
    async release() {
      process.removeListener('exit', releaseAtExit);
      releaseAtExit();
    },
  };
}
