import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema/index.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { PerformanceService } from '../performance/index.ts';
import { countAllMeasures } from './count-all.ts';
import { KEY_PREFIX } from './indicators.ts';
import type { CorporateParentingRepository } from './repository.ts';

/**
 * The register's measures are counted by a background job straight after each import (issue 16): every measure, for
 * every year the pages show, in one pass (count-all.ts), kept in the performance framework. The Panel's page only
 * reads what is kept, and only once the count of the register as it is now has finished: until then it says the
 * figures are being counted (no figure of an earlier register is shown as current). The job also runs every minute,
 * so a count missed (an import in a process that runs no jobs, a failed run) or a new year finished is counted then.
 */
export const COUNT_JOB = 'corporate-parenting-count-measures';

export type CountState =
  | { kind: 'empty' }
  | {
      kind: 'counting';
      importedAt: Date;
      startedAt: Date | null;
      /** Runs that failed since the count last finished, and when the last failed (the Panel says it is failing). */
      failures: number;
      failedAt: Date | null;
    }
  | { kind: 'counted'; importedAt: Date; countedAt: Date };

export type CountOutcome = 'nothing' | 'current' | 'counted' | 'superseded';

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class RegisterCounting {
  constructor(
    private readonly repository: CorporateParentingRepository,
    private readonly performance: PerformanceService,
    private readonly readDb: Kysely<DB>,
  ) {}

  private async periods() {
    return (await this.performance.periodsAhead(KEY_PREFIX)).map((p) => p.label);
  }

  /** Whether the Panel may show the register's figures: counted from the register as it is now, for these years. */
  async state(): Promise<CountState> {
    const latest = await this.repository.latestImport();
    if (!latest) return { kind: 'empty' };
    if (latest.counted_at && same(latest.counted_periods, await this.periods()))
      return { kind: 'counted', importedAt: latest.created_at, countedAt: latest.counted_at };
    return {
      kind: 'counting',
      importedAt: latest.created_at,
      startedAt: latest.counting_started_at,
      failures: latest.count_failures,
      failedAt: latest.count_failed_at,
    };
  }

  /** The job: counts the register's measures unless the latest import's are counted for the years shown. */
  async run(): Promise<CountOutcome> {
    for (let round = 0; round < 3; round++) {
      const latest = await this.repository.latestImport();
      if (!latest) return 'nothing';
      if (latest.counted_at && same(latest.counted_periods, await this.periods())) return 'current';
      await this.repository.markCounting(latest.id);
      let counted: Awaited<ReturnType<PerformanceService['countAhead']>>;
      try {
        counted = await this.performance.countAhead(KEY_PREFIX, 'migrant', (periods) =>
          countAllMeasures(this.readDb, periods),
        );
      } catch (error) {
        // Said on the Panel's page (failing, tried again each minute); the job's runner logs the error itself.
        await this.repository.markCountFailed(latest.id);
        throw error;
      }
      // A newer register came in while this one was counted: count that one (its figures replace these).
      if ((await this.repository.latestImport())?.id !== latest.id) continue;
      await this.repository.markCounted(
        latest.id,
        counted.map((p) => p.label),
      );
      return 'counted';
    }
    return 'superseded';
  }
}

/** The job, every minute and whenever an import asks for it (app.ts wires the ask). */
export function corporateParentingJobs(service: { countMeasures(): Promise<CountOutcome> }): JobDefinition[] {
  return [{ name: COUNT_JOB, cron: '* * * * *', run: async () => void (await service.countMeasures()) }];
}
