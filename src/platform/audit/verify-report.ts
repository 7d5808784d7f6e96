import type { Kysely } from 'kysely';
import type { DB } from '../db/schema/index.ts';
import { chainHead, readCheckpoints, type ParsedLine } from './checkpoints.ts';
import { verifyAuditTrail } from './verify.ts';

/**
 * What `npm run audit:verify` prints, and its exit code: 0 the chain is intact and agrees with every
 * checkpoint; 1 it is broken, cut, disagrees with a checkpoint, or cannot be checked against one.
 */
export async function auditVerifyReport(
  db: Kysely<DB>,
  settings: { key: string; checkpointFile: string | null },
): Promise<{ code: 0 | 1; lines: string[] }> {
  let lines: ParsedLine[] = [];
  const notes: string[] = [];
  if (!settings.checkpointFile) {
    notes.push(
      'No checkpoint file (AUDIT_CHECKPOINT_FILE): the end of the chain is not anchored, so events removed from the end, or a chain rewritten with its hashes recomputed, would not be noticed.',
    );
  } else {
    try {
      lines = await readCheckpoints(settings.checkpointFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (await chainHead(db))
        return {
          code: 1,
          lines: [
            `The checkpoint file ${settings.checkpointFile} does not exist, but the audit chain has events: it was removed or moved, or AUDIT_CHECKPOINT_FILE is not where Hearth writes it. (A database from before checkpoints: run npm run audit:checkpoint once.)`,
          ],
        };
    }
  }
  const result = await verifyAuditTrail(db, { lines, key: settings.key });
  if (!result.ok) {
    const before = result.verifiedBefore === undefined ? [] : [`${result.verifiedBefore} events before it verified.`];
    return { code: 1, lines: [result.problem, ...before] };
  }
  const out = [`Audit chain intact: ${result.checked} events checked`];
  if (result.latest) {
    out.push(
      `Checked against ${result.checkpoints} checkpoint${result.checkpoints === 1 ? '' : 's'}; the latest, of ${result.latest.at}, anchors the chain up to seq ${result.latest.seq}.`,
      `${result.unanchored} event${result.unanchored === 1 ? '' : 's'} after the last checkpoint, not yet anchored.`,
    );
  } else if (settings.checkpointFile) {
    out.push(`No checkpoints in ${settings.checkpointFile} yet: ${result.unanchored} events not yet anchored.`);
  }
  return { code: 0, lines: [...out, ...notes] };
}
