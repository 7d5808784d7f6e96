import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { DirectoryService } from './service.ts';

/** The directory's scheduled work: each morning, tell providers about entries due their 12-month check. */
export function directoryJobs(directory: DirectoryService): JobDefinition[] {
  return [
    {
      name: 'directory-review-reminders',
      cron: '15 7 * * *',
      run: async () => void (await directory.moderation.remindOverdueReviews()),
    },
  ];
}
