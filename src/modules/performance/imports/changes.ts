import type { ImportChange } from '../../../platform/db/schema/index.ts';
import type { IndicatorRow, NewValue, ValueRow } from '../repository.ts';

/** An import's audit event and the changes a re-import made (the service's import, issue 14). */
export const importEvent = (indicator: IndicatorRow, id: string, outcome: 'success' | 'failure', details: object) => ({
  action: 'performance.import',
  outcome,
  subjectType: 'performance-indicator',
  subjectId: indicator.id,
  details: { code: indicator.code, import: id, ...details },
});

/** Old → new for every value a re-import replaced, changed or took away. */
export function describeChanges(old: readonly ValueRow[], fresh: readonly NewValue[]): ImportChange[] {
  const key = (v: { period: string; area_kind: string; area_code: string; breakdown: string; group_key: string }) =>
    `${v.period}|${v.area_kind}|${v.area_code}|${v.breakdown}|${v.group_key}`;
  const freshByKey = new Map(fresh.map((v) => [key(v), v]));
  const changes: ImportChange[] = [];
  for (const before of old) {
    const after = freshByKey.get(key(before));
    const area = before.area_kind === 'all' ? '' : before.area_code;
    changes.push({
      period: before.period,
      area: `${before.area_kind}:${area}`,
      ...(before.breakdown ? { group: before.group_label || before.group_key, breakdown: before.breakdown } : {}),
      old: before.value,
      new: after ? after.value : null,
    });
  }
  return changes;
}
