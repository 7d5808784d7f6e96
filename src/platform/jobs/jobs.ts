import { CompiledQuery } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';

export interface JobDefinition {
  name: string;
  /** Cron expression (UTC) for scheduled jobs. */
  cron?: string;
  run(): Promise<void>;
}

/**
 * Background jobs on pg-boss: jobs and schedules live in PostgreSQL, so any instance may run
 * them and a schedule fires once however many instances there are. On PGlite pg-boss reaches
 * the database through Hearth's own connection, so its queries take their turn with the app's.
 */
export class Jobs {
  private constructor(private readonly boss: PgBoss) {}

  static async start(
    database: Database,
    target: { url?: string },
    definitions: JobDefinition[],
    log: (error: unknown, job: string) => void,
  ) {
    const boss = target.url
      ? new PgBoss({ connectionString: target.url, max: 2 })
      : new PgBoss({ db: pgliteAdapter(database) });
    boss.on('error', (error) => log(error, 'pg-boss'));
    await boss.start();
    for (const job of definitions) {
      await boss.createQueue(job.name);
      await boss.work(job.name, async () => {
        try {
          await job.run();
        } catch (error) {
          log(error, job.name);
          throw error;
        }
      });
      if (job.cron) await boss.schedule(job.name, job.cron);
    }
    return new Jobs(boss);
  }

  /** Asks for a job to run soon (for example right after something was queued for it). */
  async trigger(name: string) {
    await this.boss.send(name, {});
  }

  async stop() {
    await this.boss.stop({ graceful: true, timeout: 5_000 });
  }
}

function pgliteAdapter(database: Database) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // pg-boss sends its own schema as one multi-statement script without parameters.
      if (values.length === 0 && database.execScript) return database.execScript(text);
      const result = await database.db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: [...result.rows] };
    },
  };
}
