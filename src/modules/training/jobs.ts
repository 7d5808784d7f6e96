import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { TrainingService } from './service.ts';

/**
 * Each morning: attended sessions whose follow-up interval has passed get their follow-up evaluation (on the
 * attendee's home page) and one email. Idempotent: a re-run or a second instance changes nothing.
 */
export function trainingJobs(training: TrainingService): JobDefinition[] {
  return [
    {
      name: 'training-follow-up-evaluations',
      cron: '50 6 * * *',
      run: async () => void (await training.bookings.startFollowUps()),
    },
  ];
}
