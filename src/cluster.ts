import type { Worker } from 'node:cluster';

/**
 * Using every core (docs/decisions/009-many-users.md). With WEB_CONCURRENCY=1 (the default outside
 * production, and the only choice on PGlite) one process does everything. With more, the primary
 * process does the start-up work that must happen once (migrations, seeding, the first audit
 * checkpoint) and forks that many workers, which share the port (Node's cluster) and each serve
 * pages; the background jobs (pg-boss) run in worker 1 only, so a schedule never runs twice on
 * this machine (pg-boss also keeps schedules to one run across machines).
 */
export type ProcessRole =
  | { kind: 'single'; jobs: boolean }
  | { kind: 'primary'; workers: number }
  | { kind: 'worker'; slot: number; jobs: boolean };

/** The environment variable that tells a worker which slot it fills (1…WEB_CONCURRENCY). */
export const WORKER_SLOT = 'HEARTH_WORKER_SLOT';
/** The worker slot that runs the background jobs. */
export const JOBS_SLOT = 1;

export function processRole(
  config: { webConcurrency: number; runJobs: boolean },
  isPrimary: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ProcessRole {
  if (config.webConcurrency <= 1) return { kind: 'single', jobs: config.runJobs };
  if (isPrimary) return { kind: 'primary', workers: config.webConcurrency };
  const slot = Number(env[WORKER_SLOT]);
  return { kind: 'worker', slot, jobs: config.runJobs && slot === JOBS_SLOT };
}

export interface Supervisor {
  /** Resolves (with the port) once every worker listens; rejects if one exits before it does. */
  listening: Promise<number>;
  /** Asks every worker to finish its requests and stop; resolves when all have exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<void>;
}

/**
 * Forks one worker per slot and keeps them running: a worker that dies after it started is
 * replaced in the same slot (so the jobs stay in slot 1). One that dies before it listens stops
 * the start-up instead, rather than being forked again and again.
 */
export function superviseWorkers(
  count: number,
  fork: (env: Record<string, string>) => Worker,
  log: (message: string) => void,
): Supervisor {
  const workers = new Map<number, Worker>();
  let stopping = false;
  let started = 0;
  let resolveListening: (port: number) => void = () => undefined;
  let rejectListening: (error: Error) => void = () => undefined;
  const listening = new Promise<number>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });

  const start = (slot: number, replacing: boolean) => {
    const worker = fork({ [WORKER_SLOT]: String(slot) });
    let listened = false;
    workers.set(slot, worker);
    worker.once('listening', (address) => {
      listened = true;
      if (!replacing && ++started === count) resolveListening(address.port);
    });
    worker.once('exit', (code, signal) => {
      if (workers.get(slot) === worker) workers.delete(slot);
      if (stopping) return;
      if (!listened) {
        rejectListening(new Error(`worker ${slot} stopped before it started (${signal ?? `exit code ${code}`})`));
        return;
      }
      log(`worker ${slot} stopped (${signal ?? `exit code ${code}`}); starting another`);
      start(slot, true);
    });
  };
  for (let slot = 1; slot <= count; slot += 1) start(slot, false);

  return {
    listening,
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      stopping = true;
      const exits = [...workers.values()].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const force = setTimeout(() => worker.kill('SIGKILL'), timeoutMs);
            worker.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            worker.process.kill(signal);
          }),
      );
      await Promise.all(exits);
    },
  };
}
