import type { JobDefinition } from '../../../platform/jobs/jobs.ts';
import type { FamilySolutionsService } from './service.ts';

/**
 * Family Solutions' scheduled work, each morning: email workers once as a family reaches each
 * time-limit warning (9 and 11 months of 12), and create the sustainment checks falling due 6 months
 * after closure. Both are idempotent, so a re-run or a second instance changes nothing.
 */
export function familySolutionsJobs(familySolutions: FamilySolutionsService): JobDefinition[] {
  return [
    {
      name: 'family-solutions-time-limit-warnings',
      cron: '30 6 * * *',
      run: async () => void (await familySolutions.sendTimeLimitWarnings()),
    },
    {
      name: 'family-solutions-sustainment-checks',
      cron: '40 6 * * *',
      run: async () => void (await familySolutions.createSustainmentChecks()),
    },
  ];
}
