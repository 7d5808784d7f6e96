import { createHash } from 'node:crypto';
import type { AuditActor } from '../../platform/audit/audit.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Principal } from '../../platform/permissions/policy.ts';
import { fileKind, readRows, UnreadableFile } from '../performance/index.ts';
import type { VoiceCore } from './core.ts';
import { checkResponseRows, type CsvProblem } from './responses-csv.ts';
import type { VoiceSurveys } from './surveys.ts';

/** A file of responses: 5,000 rows of a dozen ratings is about 200 kB as CSV; XLSX is smaller. */
export const MAX_RESPONSE_FILE_BYTES = 2 * 1024 * 1024;

export type ResponseFileOutcome =
  | { kind: 'imported'; imported: number }
  /** The file as a whole: too big, empty, not CSV or XLSX, cannot be opened, or already imported. */
  | { kind: 'refused'; message: string }
  /** Row by row: nothing was imported. */
  | { kind: 'problems'; problems: CsvProblem[] };

/**
 * A round's responses uploaded as a CSV or XLSX file (issue 16), read by the performance imports' machinery (the kind
 * from the first bytes and the name; exceljs reads cell values only). The file is checked row by row as pasted rows
 * are; any wrong row refuses the whole file with the report. A file already imported into the round (its SHA-256) is
 * refused with when and by whom: the key on (round, hash) makes that hold for two uploads at once, too.
 */
export class VoiceResponseFiles {
  constructor(
    private readonly c: VoiceCore,
    private readonly surveys: VoiceSurveys,
  ) {}

  async importFile(
    actor: AuditActor,
    user: Principal,
    roundId: string,
    file: { name: string; data: Uint8Array },
  ): Promise<ResponseFileOutcome | null> {
    await this.c.toManage(actor, user, 'voice-response', 'import survey responses');
    const round = await this.surveys.round(roundId);
    if (!round) return null;
    const refuse = async (outcome: Exclude<ResponseFileOutcome, { kind: 'imported' }>) => {
      await this.c.audit.record(actor, {
        action: 'voice.responses.import-refused',
        outcome: 'failure',
        subjectType: 'voice-round',
        subjectId: round.id,
        details:
          outcome.kind === 'problems' ? { problems: outcome.problems.length, file: true } : { reason: outcome.message },
      });
      return outcome;
    };
    if (file.data.length > MAX_RESPONSE_FILE_BYTES)
      return refuse({ kind: 'refused', message: 'The file must be smaller than 2 MB' });
    if (file.data.length === 0) return refuse({ kind: 'refused', message: 'The selected file is empty' });
    const kind = fileKind(file.name, file.data);
    if (!kind) return refuse({ kind: 'refused', message: 'The selected file must be a CSV or an XLSX spreadsheet' });
    const sha256 = createHash('sha256').update(file.data).digest('hex');
    const already = await this.already(round.id, sha256);
    if (already) return refuse({ kind: 'refused', message: already });
    let rows: string[][];
    try {
      rows = await readRows(kind, file.data);
    } catch (error) {
      if (error instanceof UnreadableFile) return refuse({ kind: 'refused', message: error.message });
      // Text that is not UTF-8 (TextDecoder's fatal mode): say so rather than fail.
      if (error instanceof TypeError)
        return refuse({ kind: 'refused', message: 'The CSV file must be saved as UTF-8 text' });
      throw error;
    }
    const questions = await this.surveys.questions(round.survey_id);
    const read = checkResponseRows(rows, {
      questions: questions.map((q) => q.code),
      ageGroups: this.c.settings.ageGroups.map((g) => g.code),
      scale: this.c.settings.scale,
      round,
    });
    if (!read.ok) return refuse({ kind: 'problems', problems: read.problems });
    const name = (file.name.trim() || 'responses').slice(0, 400);
    try {
      await this.surveys.save(actor, user, round.id, questions, read.responses, 'imported', { sha256, name, kind });
    } catch (error) {
      // The same file sent twice at once: the second waited on the first's key, which is now there.
      if (isUniqueViolation(error))
        return refuse({ kind: 'refused', message: (await this.already(round.id, sha256)) ?? ALREADY });
      throw error;
    }
    return { kind: 'imported', imported: read.responses.length };
  }

  /** Why a file with this hash is refused, when the round already has it; else null. */
  private async already(roundId: string, sha256: string): Promise<string | null> {
    const earlier = await this.c.db
      .selectFrom('voice_imports as i')
      .leftJoin('users as u', 'u.id', 'i.imported_by')
      .select(['i.imported_at', 'i.responses', 'u.display_name'])
      .where('i.round_id', '=', roundId)
      .where('i.sha256', '=', sha256)
      .executeTakeFirst();
    if (!earlier) return null;
    const when = new Date(earlier.imported_at).toLocaleString('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    return `${ALREADY}: ${earlier.responses} responses on ${when}${earlier.display_name ? ` by ${earlier.display_name}` : ''}. Nothing was imported again`;
  }
}

const ALREADY = 'This file is already imported into this round';
