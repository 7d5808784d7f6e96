import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import type { EncompassService } from './service.ts';

/** Every minute: notifications with a school and not yet sent go to the school's designated safeguarding lead. */
export function encompassJobs(encompass: EncompassService): JobDefinition[] {
  return [{ name: 'encompass-send', cron: '* * * * *', run: async () => void (await encompass.sendDue()) }];
}
