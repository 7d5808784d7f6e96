import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { VoiceCore, type VoiceDeps } from './core.ts';
import { VoiceMeetings } from './meetings.ts';
import { VoicePromises } from './promises.ts';
import { VoiceResponseFiles } from './response-file.ts';
import { roundResults } from './results.ts';
import { loadVoiceFile } from './settings.ts';
import { VoiceSurveys } from './surveys.ts';

/**
 * The voice of children in care (issue 16, "Corporate parenting: voice"; seed 004): the Have Your Say and Pledge and
 * Charter Checker surveys, the Children in Care Council's meetings with decision-makers, and the Pledge and Care
 * Leavers Charter with their yearly revisions. Run by the corporate parenting officer; results and the promises are
 * read by those who read the partnership's performance. No child's name is stored.
 */
export class VoiceService {
  readonly core: VoiceCore;
  readonly surveys: VoiceSurveys;
  readonly meetings: VoiceMeetings;
  readonly promises: VoicePromises;
  readonly files: VoiceResponseFiles;

  constructor(db: Kysely<DB>, audit: AuditLog, deps: VoiceDeps) {
    this.core = new VoiceCore(db, audit, deps);
    this.surveys = new VoiceSurveys(this.core);
    this.meetings = new VoiceMeetings(this.core);
    this.promises = new VoicePromises(this.core);
    this.files = new VoiceResponseFiles(this.core, this.surveys);
  }

  static forTenant(db: Kysely<DB>, audit: AuditLog, tenant: string, suppressBelow: () => Promise<number>) {
    return new VoiceService(db, audit, { settings: loadVoiceFile(tenant), suppressBelow });
  }

  get settings() {
    return this.core.settings;
  }

  /** Start-up: the file's surveys and questions (idempotent). */
  seed() {
    return this.surveys.seed();
  }

  /** A round's results by question and by age group, small numbers suppressed. */
  async results(roundId: string) {
    const round = await this.surveys.round(roundId);
    if (!round) return null;
    const [questions, counts, below] = await Promise.all([
      this.surveys.questions(round.survey_id),
      this.surveys.counts(round.id),
      this.core.deps.suppressBelow(),
    ]);
    return { round, questions, results: roundResults(this.settings, questions, counts, below) };
  }
}
