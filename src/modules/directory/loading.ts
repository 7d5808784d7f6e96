import type { Kysely } from 'kysely';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { DB } from '../../platform/db/schema/index.ts';
import { newId } from '../../platform/db/ids.ts';
import type { TenantConfig } from '../reference/index.ts';
import { serviceContentSchema, type ServiceContent } from './content.ts';
import type { DirectoryRepository } from './repository.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, levelCode, taxonomyId, termId } from './taxonomy.ts';

/** Loading the directory in bulk: the tenant's two ORUK taxonomies, and many services at once. */

/**
 * Loads the two ORUK taxonomies from the tenant file: the directory's categories and the
 * Effective Support Windscreen levels, so other ORUK readers understand both.
 */
export async function seedTaxonomies(db: Kysely<DB>, tenant: TenantConfig): Promise<void> {
  const la = tenant.localAuthority.code;
  const taxonomies = [
    {
      code: CATEGORY_TAXONOMY,
      name: `${tenant.localAuthority.shortName} Directory of Services categories`,
      description: 'What a service helps with.',
      terms: tenant.directoryCategories.map((c) => ({ code: c.code, name: c.name, description: c.description })),
    },
    {
      code: WINDSCREEN_TAXONOMY,
      name: 'Effective Support Windscreen',
      description: 'The levels of need a service works at, from universal (1) to specialist (4).',
      terms: tenant.windscreenLevels.map((l) => ({
        code: levelCode(l.level),
        name: `Level ${l.level}: ${l.name}`,
        description: l.summary,
      })),
    },
  ];
  await db.transaction().execute(async (tx) => {
    for (const taxonomy of taxonomies) {
      const id = taxonomyId(la, taxonomy.code);
      const values = {
        code: taxonomy.code,
        name: taxonomy.name,
        description: taxonomy.description,
        uri: null,
        version: '1',
      };
      await tx
        .insertInto('directory_taxonomies')
        .values({ id, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
      for (const [order, term] of taxonomy.terms.entries()) {
        const termValues = {
          taxonomy_id: id,
          code: term.code,
          name: term.name,
          description: term.description,
          term_order: order,
        };
        await tx
          .insertInto('directory_taxonomy_terms')
          .values({ id: termId(la, taxonomy.code, term.code), parent_id: null, ...termValues })
          .onConflict((oc) => oc.column('id').doUpdateSet(termValues))
          .execute();
      }
    }
  });
}

/**
 * Adds many services in a few statements, with one audit event for the lot: for trusted
 * imports and benchmarks, where a transaction and audit event per service would take minutes.
 */
export async function importServices(
  db: Kysely<DB>,
  audit: AuditLog,
  repository: DirectoryRepository,
  actor: AuditActor,
  entries: { organisationId: string; content: ServiceContent }[],
  options: { approved: boolean },
): Promise<string[]> {
  const rows = entries.map((entry) => ({
    serviceId: newId(),
    versionId: newId(),
    organisationId: entry.organisationId,
    content: serviceContentSchema.parse(entry.content),
  }));
  const now = new Date();
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      await tx
        .insertInto('directory_services')
        .values(
          batch.map((r) => ({
            id: r.serviceId,
            organisation_id: r.organisationId,
            live_version_id: null,
            created_by: actor.userId,
            updated_by: actor.userId,
          })),
        )
        .execute();
      await tx
        .insertInto('directory_service_versions')
        .values(
          batch.map((r) => ({
            id: r.versionId,
            service_id: r.serviceId,
            number: 1,
            state: options.approved ? ('approved' as const) : ('pending' as const),
            content: JSON.stringify(r.content),
            submitted_by: actor.userId,
            decided_by: options.approved ? actor.userId : null,
            decided_at: options.approved ? now : null,
            decision_reason: null,
          })),
        )
        .execute();
      if (!options.approved) continue;
      for (const r of batch)
        await tx
          .updateTable('directory_services')
          .set({ live_version_id: r.versionId })
          .where('id', '=', r.serviceId)
          .execute();
      await repository.rebuildListings(
        tx,
        batch.map((r) => r.serviceId),
      );
    }
    await audit.record(
      actor,
      {
        action: 'directory.services.imported',
        outcome: 'success',
        subjectType: 'directory-service',
        details: { count: rows.length, approved: options.approved },
      },
      tx,
    );
  });
  return rows.map((r) => r.serviceId);
}
