import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { PerformanceService } from './service.ts';

/**
 * The performance framework's scheduled work: before the working day, the recent finished periods of every computed
 * indicator are counted again so records entered late are in the figures (late-records.ts). Idempotent: a period
 * whose figures still match is left alone, so a re-run or a second instance changes nothing.
 */
export function performanceJobs(performance: PerformanceService): JobDefinition[] {
  return [
    {
      name: 'performance-recount-late-records',
      cron: '45 5 * * *',
      run: async () => void (await performance.recountRecent()),
    },
  ];
}
