import { EventEmitter } from 'node:events';
import type { Worker } from 'node:cluster';
import { describe, expect, it } from 'vitest';
import { JOBS_SLOT, WORKER_SLOT, processRole, superviseWorkers } from './cluster.ts';

describe('processRole', () => {
  it('runs everything, jobs included, in one process when WEB_CONCURRENCY is 1', () => {
    expect(processRole({ webConcurrency: 1, runJobs: true }, true)).toEqual({ kind: 'single', jobs: true });
    expect(processRole({ webConcurrency: 1, runJobs: false }, true)).toEqual({ kind: 'single', jobs: false });
  });

  it('makes the primary fork the workers, and runs the jobs in worker 1 only', () => {
    const config = { webConcurrency: 4, runJobs: true };
    expect(processRole(config, true)).toEqual({ kind: 'primary', workers: 4 });
    const roles = [1, 2, 3, 4].map((slot) => processRole(config, false, { [WORKER_SLOT]: String(slot) }));
    expect(roles.filter((r) => r.kind === 'worker' && r.jobs)).toEqual([
      { kind: 'worker', slot: JOBS_SLOT, jobs: true },
    ]);
    expect(processRole({ webConcurrency: 4, runJobs: false }, false, { [WORKER_SLOT]: '1' })).toEqual({
      kind: 'worker',
      slot: 1,
      jobs: false,
    });
  });
});

/** A stand-in for a cluster worker: tests make it listen and exit. */
class FakeWorker extends EventEmitter {
  dead = false;
  signals: string[] = [];
  constructor(readonly env: Record<string, string>) {
    super();
  }
  process = { kill: (signal: string) => this.signals.push(signal) };
  isDead = () => this.dead;
  kill = (signal: string) => this.signals.push(signal);
  listen(port = 3000) {
    this.emit('listening', { port });
  }
  exit(code = 1) {
    this.dead = true;
    this.emit('exit', code, null);
  }
}

function supervise(count: number) {
  const forked: FakeWorker[] = [];
  const messages: string[] = [];
  const supervisor = superviseWorkers(
    count,
    (env) => {
      const worker = new FakeWorker(env);
      forked.push(worker);
      return worker as unknown as Worker;
    },
    (message) => messages.push(message),
  );
  return { supervisor, forked, messages };
}

describe('superviseWorkers', () => {
  it('forks one worker per slot and is listening once all of them are', async () => {
    const { supervisor, forked } = supervise(3);
    expect(forked.map((w) => w.env[WORKER_SLOT])).toEqual(['1', '2', '3']);
    for (const worker of forked) worker.listen(4321);
    await expect(supervisor.listening).resolves.toBe(4321);
  });

  it('replaces a worker that stops after it started, in the same slot (the jobs stay in slot 1)', async () => {
    const { supervisor, forked, messages } = supervise(2);
    for (const worker of forked) worker.listen();
    await supervisor.listening;
    forked[0]!.exit(1);
    expect(forked).toHaveLength(3);
    expect(forked[2]!.env[WORKER_SLOT]).toBe('1');
    expect(messages).toEqual(['worker 1 stopped (exit code 1); starting another']);
  });

  it('stops the start-up when a worker stops before it listens, rather than forking it again and again', async () => {
    const { supervisor, forked } = supervise(2);
    forked[1]!.exit(1);
    await expect(supervisor.listening).rejects.toThrow('worker 2 stopped before it started (exit code 1)');
    expect(forked).toHaveLength(2);
  });

  it('asks every worker to stop, forks no more, and resolves when all have exited', async () => {
    const { supervisor, forked } = supervise(2);
    for (const worker of forked) worker.listen();
    await supervisor.listening;
    const stopped = supervisor.stop('SIGTERM', 60_000);
    expect(forked.map((w) => w.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    for (const worker of forked) worker.exit(0);
    await stopped;
    expect(forked).toHaveLength(2);
  });
});
