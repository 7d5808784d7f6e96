import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import { StaleVersionError } from '../../platform/db/errors.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import type { IndicatorRow } from './repository.ts';

export interface TargetInput {
  version: number;
  target: number | null;
  tolerance: number | null;
}

/**
 * Changes an indicator's target and tolerance in one transaction: the indicator (optimistic lock), the target's
 * history (who changed it from what) and the audit. False when someone else saved first (the page says so).
 */
export async function saveTarget(
  deps: {
    db: Kysely<DB>;
    audit: AuditLog;
    /** Keeps who changed the target from what (the service's repository, in the same transaction). */
    addTargetChange(
      tx: Kysely<DB>,
      change: { indicatorId: string; old: (number | null)[]; new: (number | null)[]; by: string | null },
    ): Promise<unknown>;
  },
  actor: AuditActor,
  indicator: IndicatorRow,
  input: TargetInput,
): Promise<boolean> {
  try {
    await deps.db.transaction().execute(async (tx) => {
      await updateVersioned(
        tx,
        'performance_indicators',
        { id: indicator.id, version: input.version, by: actor.userId, what: 'The indicator' },
        { target: input.target, tolerance: input.tolerance },
      );
      await deps.addTargetChange(tx, {
        indicatorId: indicator.id,
        old: [indicator.target, indicator.tolerance],
        new: [input.target, input.tolerance],
        by: actor.userId,
      });
      await deps.audit.record(
        actor,
        {
          action: 'performance.target.changed',
          outcome: 'success',
          subjectType: 'performance-indicator',
          subjectId: indicator.id,
          details: {
            code: indicator.code,
            from: [indicator.target, indicator.tolerance],
            to: [input.target, input.tolerance],
          },
        },
        tx,
      );
    });
    return true;
  } catch (error) {
    if (error instanceof StaleVersionError) return false;
    throw error;
  }
}
