import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../helpers/database.ts';

/**
 * The README's first command, `npm start`, as a fresh clone runs it: no .data folder, PGlite, Essex, demo data.
 * Run twice on one folder: the first start creates the database and seeds it; the restart keeps what is there.
 * (A fresh clone once failed here: the PGlite lock file needed the .data folder before it existed.)
 * The times are printed for the README, never asserted.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function start(dataDir: string) {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      PGLITE_DATA_DIR: dataDir,
      AUDIT_CHECKPOINT_FILE: path.join(path.dirname(dataDir), 'checkpoints.jsonl'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hearth stopped while starting:\n${output}`);
    const answer = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
    if (answer?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, port, seconds: (performance.now() - began) / 1000, output: () => output, exited };
}

async function stop(running: { child: ChildProcess; exited: Promise<number | null> }) {
  running.child.kill('SIGTERM');
  return running.exited;
}

describe.skipIf(testDatabaseKind() === 'postgres')('npm start on a fresh clone', () => {
  let parent: string | undefined;
  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('starts on PGlite with Essex and the demo data, stops cleanly, and starts again on the same folder', async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'hearth-start-'));
    const dataDir = path.join(parent, 'clone', '.data', 'pglite');

    const first = await start(dataDir);
    expect(first.output()).toContain(`Hearth is running at http://127.0.0.1:${first.port}`);
    const home = await (await fetch(`http://127.0.0.1:${first.port}/services`)).text();
    expect(home).toContain('Essex');
    expect(await stop(first)).toBe(0);

    const again = await start(dataDir);
    expect(again.output()).toContain('Hearth is running at');
    expect(await stop(again)).toBe(0);
    console.log(`npm start: first start ${first.seconds.toFixed(1)} s, restart ${again.seconds.toFixed(1)} s`);
  }, 240_000);
});
