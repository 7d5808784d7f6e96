import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { newId } from '../../platform/db/ids.ts';
import type { AuditActor, AuditLog } from '../../platform/audit/audit.ts';
import type { TenantConfig } from '../reference/tenant-config.ts';
import { serviceContentSchema, type ServiceContent } from './content.ts';
import { DirectoryRepository } from './repository.ts';
import { CATEGORY_TAXONOMY, WINDSCREEN_TAXONOMY, levelCode, taxonomyId, termId } from './taxonomy.ts';

/**
 * The Directory of Services. Every change to a service is a new version; the approved one is
 * live (public pages, search, the ORUK API) until a moderator approves the next.
 */
export class DirectoryService {
  readonly repository: DirectoryRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditLog,
  ) {
    this.repository = new DirectoryRepository(db);
  }

  /**
   * Loads the two ORUK taxonomies from the tenant file: the directory's categories and the
   * Effective Support Windscreen levels, so other ORUK readers understand both.
   */
  async seedTaxonomies(tenant: TenantConfig): Promise<void> {
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
        terms: tenant.windscreenLevels.map((l) => ({ code: levelCode(l.level), name: `Level ${l.level}: ${l.name}`, description: l.summary })),
      },
    ];
    await this.db.transaction().execute(async (tx) => {
      for (const taxonomy of taxonomies) {
        const id = taxonomyId(la, taxonomy.code);
        const values = { code: taxonomy.code, name: taxonomy.name, description: taxonomy.description, uri: null, version: '1' };
        await tx.insertInto('directory_taxonomies').values({ id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
        for (const [order, term] of taxonomy.terms.entries()) {
          const termValues = { taxonomy_id: id, code: term.code, name: term.name, description: term.description, term_order: order };
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
   * Adds a service with its first version. `approved` makes it live at once (seed data and
   * trusted imports); otherwise it waits for a moderator.
   */
  async createService(
    actor: AuditActor,
    organisationId: string,
    input: ServiceContent,
    options: { approved: boolean; db?: Kysely<DB> } = { approved: false },
  ): Promise<{ serviceId: string; versionId: string }> {
    const content = serviceContentSchema.parse(input);
    const serviceId = newId();
    const versionId = newId();
    const work = async (tx: Kysely<DB>) => {
      await tx.insertInto('directory_services').values({ id: serviceId, organisation_id: organisationId, live_version_id: null, created_by: actor.userId, updated_by: actor.userId }).execute();
      await tx
        .insertInto('directory_service_versions')
        .values({
          id: versionId,
          service_id: serviceId,
          number: 1,
          state: options.approved ? 'approved' : 'pending',
          content: JSON.stringify(content),
          submitted_by: actor.userId,
          decided_by: options.approved ? actor.userId : null,
          decided_at: options.approved ? new Date() : null,
          decision_reason: null,
        })
        .execute();
      if (options.approved) {
        await tx.updateTable('directory_services').set({ live_version_id: versionId }).where('id', '=', serviceId).execute();
        await this.repository.rebuildListing(tx, serviceId);
      }
      await this.audit.record(actor, { action: 'directory.service.created', outcome: 'success', subjectType: 'directory-service', subjectId: serviceId, details: { approved: options.approved } }, tx);
    };
    const db = options.db ?? this.db;
    if (db.isTransaction) await work(db);
    else await db.transaction().execute(work);
    return { serviceId, versionId };
  }
}
