import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import type { CsvProblem } from './csv.ts';

/** Import runs and their reports (directory_imports): the types, saving a run, and reading runs back. */

/** One service in an import report. `externalId` is the source API's id; `row` the CSV row. */
export interface ReportEntry {
  serviceId: string;
  name: string;
  externalId?: string;
  row?: number;
}

export interface Rejection {
  name: string;
  externalId?: string;
  reasons: string[];
}

export interface ImportReport {
  created: ReportEntry[];
  updated: ReportEntry[];
  unchanged: ReportEntry[];
  rejected: Rejection[];
}

export interface ImportRun {
  id: string;
  kind: 'oruk' | 'csv';
  source: string;
  startedAt: Date;
  finishedAt: Date;
  startedBy: string | null;
  counts: Record<keyof ImportReport, number>;
  report: ImportReport;
}

export type CsvImportResult =
  { ok: true; importId: string; report: ImportReport } | { ok: false; problems: CsvProblem[] };

/** The latest import runs, newest first. */
export async function importRuns(db: Kysely<DB>, limit = 50) {
  const rows = await db
    .selectFrom('directory_imports as i')
    .leftJoin('users as u', 'u.id', 'i.started_by')
    .select(['i.id', 'i.kind', 'i.source', 'i.started_at', 'i.counts', 'u.display_name'])
    .orderBy('i.started_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    source: r.source,
    startedAt: r.started_at,
    startedBy: r.display_name,
    counts: r.counts as unknown as ImportRun['counts'],
  }));
}

/** One import run with its report; null for an unknown id. */
export async function importRun(db: Kysely<DB>, id: string): Promise<ImportRun | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('directory_imports as i')
    .leftJoin('users as u', 'u.id', 'i.started_by')
    .select(['i.id', 'i.kind', 'i.source', 'i.started_at', 'i.finished_at', 'i.counts', 'i.report', 'u.display_name'])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    startedBy: row.display_name,
    counts: row.counts as unknown as ImportRun['counts'],
    report: row.report as unknown as ImportReport,
  };
}

/** Keeps a run's report and records it in the audit trail, inside the import's transaction. */
export async function saveRun(
  tx: Kysely<DB>,
  audit: AuditLog,
  actor: AuditActor,
  run: { id: string; kind: 'oruk' | 'csv'; source: string; startedAt: Date; report: ImportReport },
) {
  const counts = {
    created: run.report.created.length,
    updated: run.report.updated.length,
    unchanged: run.report.unchanged.length,
    rejected: run.report.rejected.length,
  };
  await tx
    .insertInto('directory_imports')
    .values({
      id: run.id,
      kind: run.kind,
      source: run.source,
      started_by: actor.userId,
      started_at: run.startedAt,
      counts: JSON.stringify(counts),
      report: JSON.stringify(run.report),
    })
    .execute();
  await audit.record(
    actor,
    {
      action: 'directory.import.completed',
      outcome: 'success',
      subjectType: 'directory-import',
      subjectId: run.id,
      details: { kind: run.kind, source: run.source, ...counts },
    },
    tx,
  );
}
