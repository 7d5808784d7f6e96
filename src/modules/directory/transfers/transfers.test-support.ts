import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/helpers/database.ts';
import { generateServices } from '../../../../scripts/generate-directory.ts';
import { AuditLog } from '../../../platform/audit/audit.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema/index.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { Principal } from '../../../platform/permissions/policy.ts';
import { ReferenceService } from '../../reference/index.ts';
import type { ServiceContent } from '../content.ts';
import { page, serviceFull, type ListingRow } from '../oruk/mapping.ts';
import { OrukRepository } from '../oruk/repository.ts';
import { DirectoryService } from '../service.ts';
import { levelCode } from '../taxonomy.ts';
import { DirectoryTransfers, type ImportDefaults } from './service.ts';
import { ORUK_STANDARD } from '../../../../tests/helpers/standards.ts';

/**
 * The shared fixture of the transfers tests (oruk-import.db.test.ts, csv.db.test.ts). Imports and exports against a real database (PGlite and PostgreSQL): an ORUK API served by a
 * local Fastify server from the standard's examples and generated services, and CSV files.
 */
export const STANDARD = ORUK_STANDARD;
export const example = () =>
  JSON.parse(readFileSync(path.join(STANDARD, 'examples/service_full.json'), 'utf8')) as Record<string, unknown> & {
    id: string;
    name: string;
    service_at_locations: { location: { latitude: number; addresses: { postal_code: string }[] } }[];
  };
export const IMPOSSIBLE = [
  'Location “MyCity Civic Center”: its postcode, “ABC 1234”, is not a full UK postcode',
  'Location “MyCity Civic Center”: its latitude must be 90 or less',
];

export let t: TestDatabase;
export let db: Kysely<DB>;
export let directory: DirectoryService;
export let transfers: DirectoryTransfers;
export let api: FastifyInstance;
export let base: string;
export const actor = { userId: null, label: 'transfers test' };
export const moderator: Principal = {
  id: newId(),
  roles: ['directory-moderator'],
  organisationId: newId(),
  teamIds: [],
};
export const WHERE =
  'It does not say which districts it covers in words Hearth knows: choose “the whole area” on the import form to import such services';
export const defaults: ImportDefaults = {
  levels: [1],
  categories: ['parenting'],
  countywide: false,
  accessRoute: 'self-referral',
  deliveryModes: ['online'],
};

/** What the fake API serves: full services by id, in order. Tests change it between runs. */
export const served = new Map<string, Record<string, unknown>>();
/** A service the fake API answers 404 for (a test sets it, and clears it after). */
export const fake = { missing: '' };

export const count = async (
  table: 'directory_services' | 'directory_service_versions' | 'directory_imports' | 'directory_service_sources',
) =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
export const auditActions = async () =>
  (await db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action);
export const readAll = async (stream: NodeJS.ReadableStream) => {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
};

/** The database, services and fake ORUK API every transfers test uses: call once at the top of a test file. */
export function useTransfersFixture() {
  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.database.db;
    const audit = new AuditLog(db);
    const reference = new ReferenceService(db, audit);
    directory = new DirectoryService(db, audit, reference);
    transfers = new DirectoryTransfers(db, audit, directory.repository, reference, {
      allowPrivateNetworks: true,
      perPage: 4,
      timeoutMs: 5000,
    });

    // Eight generated services, published the way Hearth's own API publishes them.
    const context = await new OrukRepository(db).context();
    const organisations = new Map(
      (await db.selectFrom('organisations').select(['code', 'id', 'name']).execute()).map((o) => [o.code, o]),
    );
    const termIds = (c: ServiceContent) =>
      [...context.terms.values()]
        .filter((term) => c.categories.includes(term.code) || c.levels.map(levelCode).includes(term.code))
        .map((term) => term.id);
    for (const [i, g] of generateServices(8, 11).entries()) {
      const organisation = organisations.get(g.organisationCode)!;
      const row: ListingRow = {
        service_id: `20000000-0000-4000-8000-00000000000${i}`,
        organisation_id: organisation.id,
        organisation_name: organisation.name,
        organisation_type: 'Charity',
        content: g.content,
        term_ids: termIds(g.content),
        modified_at: new Date(),
        last_checked_at: new Date(),
      };
      served.set(row.service_id, JSON.parse(JSON.stringify(serviceFull(row, context))));
    }
    // The standard's example as it is (its latitude of 100 is impossible), and a copy that is right.
    served.set(example().id, example());
    const fixed = example();
    fixed.id = '30000000-0000-4000-8000-000000000001';
    fixed.name = 'Community Counselling (corrected)';
    fixed.service_at_locations[0]!.location.latitude = 51.7;
    fixed.service_at_locations[0]!.location.addresses[0]!.postal_code = 'CM20 1AA';
    served.set(fixed.id, fixed);

    api = Fastify();
    api.get('/api/oruk/services', async (request) => {
      const query = request.query as { page?: string; per_page?: string };
      const perPage = Number(query.per_page ?? 50);
      const pageNumber = Number(query.page ?? 1);
      const all = [...served.values()];
      const slice = all
        .slice((pageNumber - 1) * perPage, pageNumber * perPage)
        .map((s) => ({ id: s.id, name: s.name, status: s.status }));
      return page(slice, all.length, pageNumber, perPage);
    });
    api.get('/api/oruk/services/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === fake.missing || !served.has(id)) return reply.code(404).send({ status: 404, title: 'Not found' });
      return served.get(id);
    });
    api.get('/not-oruk/services', async () => ({ hello: 'world' }));
    api.get('/web-page/services', async (_request, reply) =>
      reply.type('text/html').send('<!DOCTYPE html><p>Welcome</p>'),
    );
    api.get('/moved/services', async (_request, reply) => reply.redirect('https://example.org/api/oruk/services', 301));
    api.get('/slow/services', async () => new Promise(() => undefined));
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    await t?.close();
  });
}
