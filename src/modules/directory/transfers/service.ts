import type { Readable } from 'node:stream';
import canonicalize from 'canonicalize';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { isUuid, newId } from '../../../platform/db/ids.ts';
import type { AuditActor, AuditLog } from '../../../platform/audit/audit.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import type { ReferenceService } from '../../reference/index.ts';
import type { ServiceContent } from '../content.ts';
import { DAYS } from '../opening-times.ts';
import type { DirectoryRepository } from '../repository.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, levelCode } from '../taxonomy.ts';
import { readCsv, type CsvContext } from './csv.ts';
import { rowToContent, type ExistingService } from './csv-row.ts';
import { csvTemplate, exportCsv } from './export.ts';
import { importRun, importRuns, saveRun, type CsvImportResult, type ImportReport, type ImportRun } from './runs.ts';
import {
  DEFAULT_FETCH_OPTIONS,
  TransferError,
  fetchOrukServices,
  fromOruk,
  normaliseSourceUrl,
  sourceKey,
  type FetchOptions,
  type ImportDefaults,
  type OrukImportContext,
} from './oruk.ts';

export { TransferError, type ImportDefaults } from './oruk.ts';
export type { CsvProblem } from './csv.ts';
export type { CsvImportResult, ImportReport, ImportRun, Rejection, ReportEntry } from './runs.ts';

/** Imports take this lock for their transaction, so two runs never decide "new" for the same service at once. */
const IMPORT_LOCK = 7_426_990;

/**
 * Entries are the same when their canonical JSON is, leaving out empty optional text and reading
 * opening days in week order (older entries may list them in any order).
 */
export function sameContent(a: unknown, b: unknown): boolean {
  const tidy = (value: unknown) =>
    JSON.parse(JSON.stringify(value), (key, v: unknown) =>
      v === '' ? undefined : key === 'byday' && Array.isArray(v) ? DAYS.filter((d) => v.includes(d)) : v,
    ) as unknown;
  return canonicalize(tidy(a)) === canonicalize(tidy(b));
}

/**
 * Imports and exports of the Directory of Services: pulling another council's Open Referral UK
 * API, and a CSV file a moderator edits in a spreadsheet. Imported entries are trusted (moderators
 * and administrators import), so they go live at once as approved versions; every run is one
 * transaction and one audit event, and its report is kept in directory_imports.
 */
export class DirectoryTransfers {
  private readonly fetchOptions: FetchOptions;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
    private readonly repository: DirectoryRepository,
    private readonly reference: ReferenceService,
    options: Partial<FetchOptions> = {},
  ) {
    this.fetchOptions = { ...DEFAULT_FETCH_OPTIONS, ...options };
  }

  /**
   * Pulls every service from an Open Referral UK 3.0 API and upserts them, keyed by (the API's base
   * address, its service id). Throws TransferError when the API cannot be read at all.
   */
  async importFromOruk(
    actor: AuditActor,
    input: { url: string; defaults: ImportDefaults },
  ): Promise<{ importId: string; report: ImportReport }> {
    const base = normaliseSourceUrl(input.url);
    const source = sourceKey(base);
    const context = await this.orukContext(source, input.defaults);
    const startedAt = new Date();
    const fetched = await fetchOrukServices(base, this.fetchOptions).catch(async (error: unknown) => {
      // Kept in the audit trail: a refused address may be someone probing the internal network.
      if (error instanceof TransferError) {
        await this.audit.record(actor, {
          action: 'directory.import.failed',
          outcome: 'failure',
          subjectType: 'directory-import',
          details: { kind: 'oruk', source, reason: error.message },
        });
      }
      throw error;
    });
    const report: ImportReport = { created: [], updated: [], unchanged: [], rejected: [] };
    const accepted: { externalId: string; name: string; organisationId: string; content: ServiceContent }[] = [];
    for (const item of fetched) {
      if (!item.result.ok) {
        report.rejected.push({ externalId: item.externalId, name: item.name, reasons: [item.result.reason] });
        continue;
      }
      const mapped = fromOruk(item.result.service, context, item.name);
      if (mapped.ok && mapped.externalId !== item.externalId) {
        report.rejected.push({
          externalId: item.externalId,
          name: mapped.name,
          reasons: [`The full record has a different id (${mapped.externalId}) from the list`],
        });
      } else if (mapped.ok) accepted.push(mapped);
      else
        report.rejected.push({ externalId: item.externalId, name: mapped.name || item.name, reasons: mapped.reasons });
    }
    const importId = newId();
    await this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(tx);
      const known = await tx
        .selectFrom('directory_service_sources as src')
        .innerJoin('directory_services as s', 's.id', 'src.service_id')
        .leftJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
        .select(['src.external_id', 's.id', 's.organisation_id', 'v.content'])
        .where('src.source', '=', source)
        .execute();
      const existing = new Map(
        known.map((k) => [
          k.external_id,
          {
            serviceId: k.id,
            organisationId: k.organisation_id,
            content: k.content as unknown as ServiceContent | null,
          },
        ]),
      );
      const created: string[] = [];
      for (const item of accepted) {
        const outcome = await this.upsert(tx, actor, item, existing.get(item.externalId), `Imported from ${source}`);
        report[outcome.kind].push({ serviceId: outcome.serviceId, name: item.name, externalId: item.externalId });
        if (outcome.kind === 'created') {
          created.push(outcome.serviceId);
          await tx
            .insertInto('directory_service_sources')
            .values({ source, external_id: item.externalId, service_id: outcome.serviceId })
            .execute();
        }
      }
      await this.repository.rebuildListings(tx, created);
      await saveRun(tx, this.audit, actor, { id: importId, kind: 'oruk', source, startedAt, report });
    });
    return { importId, report };
  }

  /**
   * Imports a CSV file in the template's columns (csv.ts, csv-row.ts). Every row is checked first: if
   * any row has a problem, nothing is saved and every problem comes back, by row and column.
   */
  async importCsv(actor: AuditActor, csvText: string): Promise<CsvImportResult> {
    const file = readCsv(csvText);
    if (file.rows.length === 0 || file.problems.some((p) => p.row === 1)) return { ok: false, problems: file.problems };
    const context = await this.csvContext();
    const startedAt = new Date();
    const importId = newId();
    return this.db.transaction().execute(async (tx): Promise<CsvImportResult> => {
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(tx);
      const ids = [...new Set(file.rows.map((r) => r.cells.get('id') ?? '').filter(isUuid))].map((id) =>
        id.toLowerCase(),
      );
      const live = ids.length
        ? await tx
            .selectFrom('directory_services as s')
            .leftJoin('directory_service_versions as v', 'v.id', 's.live_version_id')
            .select(['s.id', 's.organisation_id', 'v.content'])
            .where('s.id', 'in', ids)
            .execute()
        : [];
      const existing = new Map(live.map((s) => [s.id, s]));
      const problems = [...file.problems];
      const planned: {
        row: number;
        service?: { serviceId: string } & ExistingService;
        organisationId: string;
        content: ServiceContent;
      }[] = [];
      const seen = new Map<string, number>();
      for (const row of file.rows) {
        const id = (row.cells.get('id') ?? '').toLowerCase();
        const found = id ? existing.get(id) : undefined;
        if (id && !isUuid(id)) {
          problems.push({
            row: row.row,
            column: 'id',
            message: `“${row.cells.get('id')}” is not a service id: leave it blank for a new service`,
          });
        } else if (id && !found) {
          problems.push({
            row: row.row,
            column: 'id',
            message: 'There is no service with this id: leave it blank to add a new service',
          });
        } else if (found && !found.content) {
          problems.push({
            row: row.row,
            column: 'id',
            message:
              'This service has no approved version yet: a moderator must approve it before it can be changed by import',
          });
        } else if (id && seen.has(id)) {
          problems.push({
            row: row.row,
            column: 'id',
            message: `This service is also on row ${seen.get(id)}: a file can change a service only once`,
          });
        }
        if (id) seen.set(id, seen.get(id) ?? row.row);
        const service = found?.content
          ? {
              serviceId: found.id,
              organisationId: found.organisation_id,
              content: found.content as unknown as ServiceContent,
            }
          : undefined;
        const result = rowToContent(row, file.columns, context, service);
        if (!result.ok) problems.push(...result.problems);
        else
          planned.push({
            row: row.row,
            organisationId: result.organisationId,
            content: result.content,
            ...(service ? { service } : {}),
          });
      }
      if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };

      const report: ImportReport = { created: [], updated: [], unchanged: [], rejected: [] };
      const created: string[] = [];
      for (const item of planned) {
        const outcome = await this.upsert(tx, actor, item, item.service, 'Imported from a CSV file');
        report[outcome.kind].push({ serviceId: outcome.serviceId, name: item.content.name, row: item.row });
        if (outcome.kind === 'created') created.push(outcome.serviceId);
      }
      await this.repository.rebuildListings(tx, created);
      await saveRun(tx, this.audit, actor, {
        id: importId,
        kind: 'csv',
        source: `CSV file, ${file.rows.length} ${file.rows.length === 1 ? 'row' : 'rows'}`,
        startedAt,
        report,
      });
      return { ok: true, importId, report };
    });
  }

  /** Every live service as CSV in the template's columns (export.ts). */
  exportCsv(viewer: Principal | null, actor?: AuditActor): Readable {
    return exportCsv(this.db, this.audit, viewer, actor);
  }

  /** The header row and one example service: what docs/directory-csv.md describes. */
  csvTemplate(): string {
    return csvTemplate();
  }

  /** The latest import runs, newest first. */
  imports(limit = 50) {
    return importRuns(this.db, limit);
  }

  /** One import run with its report; null for an unknown id. */
  importRun(id: string): Promise<ImportRun | null> {
    return importRun(this.db, id);
  }

  /**
   * Creates a service, or gives an existing one a new approved version made live, unless nothing
   * changed. New services' search rows are rebuilt by the caller, all at once.
   */
  private async upsert(
    tx: Kysely<DB>,
    actor: AuditActor,
    item: { organisationId: string; content: ServiceContent },
    existing: { serviceId: string; organisationId: string; content: ServiceContent | null } | undefined,
    reason: string,
  ): Promise<{ kind: 'created' | 'updated' | 'unchanged'; serviceId: string }> {
    if (existing) {
      if (existing.organisationId === item.organisationId && sameContent(existing.content, item.content))
        return { kind: 'unchanged', serviceId: existing.serviceId };
      if (existing.organisationId !== item.organisationId) {
        await tx
          .updateTable('directory_services')
          .set({ organisation_id: item.organisationId })
          .where('id', '=', existing.serviceId)
          .execute();
      }
      const versionId = await this.repository.insertVersion(tx, {
        serviceId: existing.serviceId,
        content: item.content,
        submittedBy: actor.userId,
      });
      await this.repository.makeLive(tx, existing.serviceId, versionId, actor.userId, reason);
      return { kind: 'updated', serviceId: existing.serviceId };
    }
    const { serviceId } = await this.repository.insertService(tx, {
      organisationId: item.organisationId,
      content: item.content,
      by: actor.userId,
      approved: true,
      reason,
    });
    return { kind: 'created', serviceId };
  }

  private async terms() {
    return this.db
      .selectFrom('directory_taxonomy_terms as t')
      .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select(['t.id', 't.code', 't.name', 'x.code as taxonomy'])
      .where('x.code', 'in', [CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY])
      .orderBy('t.term_order')
      .execute();
  }

  private async csvContext(): Promise<CsvContext> {
    const [organisations, terms, levels, districts] = await Promise.all([
      this.reference.organisations(),
      this.terms(),
      this.reference.windscreenLevels(),
      this.reference.districts(),
    ]);
    return {
      organisations: organisations.map((o) => ({ id: o.id, code: o.code, name: o.name })),
      categories: terms.filter((t) => t.taxonomy === CATEGORY_TAXONOMY).map((t) => ({ code: t.code, name: t.name })),
      levels: levels.map((l) => l.level),
      districts: districts.map((d) => ({ code: d.code, name: d.name })),
    };
  }

  private async orukContext(source: string, defaults: ImportDefaults): Promise<OrukImportContext> {
    const [authority, organisations, terms, levels, districts] = await Promise.all([
      this.reference.localAuthority(),
      this.reference.organisations(),
      this.terms(),
      this.reference.windscreenLevels(),
      this.reference.districts(),
    ]);
    if (defaults.organisationId && !organisations.some((o) => o.id === defaults.organisationId))
      throw new TransferError('organisationId', 'Select an organisation from the list');
    if (defaults.categories.some((c) => !terms.some((t) => t.taxonomy === CATEGORY_TAXONOMY && t.code === c)))
      throw new TransferError('category', 'Select a category from the list');
    if (defaults.levels.some((l) => !levels.some((known) => known.level === l)))
      throw new TransferError('levels', 'Select levels of need from the list');
    const levelTerm = (level: number) =>
      terms.find((t) => t.taxonomy === WINDSCREEN_TAXONOMY && t.code === levelCode(level));
    return {
      source,
      authority: {
        name: authority?.name ?? '',
        shortName: authority?.short_name ?? '',
        onsCode: authority?.ons_code ?? null,
      },
      districts: districts.map((d) => ({ code: d.code, name: d.name, onsCode: d.ons_code })),
      categories: terms
        .filter((t) => t.taxonomy === CATEGORY_TAXONOMY)
        .map((t) => ({ code: t.code, name: t.name, termId: t.id })),
      levels: levels.map((l) => ({
        level: l.level,
        code: levelCode(l.level),
        name: levelTerm(l.level)?.name ?? `Level ${l.level}: ${l.name}`,
        termId: levelTerm(l.level)?.id ?? '',
      })),
      organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
      defaults,
    };
  }
}
