import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { readDirectorySeed } from '../seed.ts';
import { DirectoryService } from '../service.ts';
import { levelCode } from '../taxonomy.ts';
import { DirectoryTransfers, TransferError, type ImportDefaults } from './service.ts';
import { ORUK_STANDARD } from '../../../../tests/helpers/standards.ts';

/**
 * Imports and exports against a real database (PGlite and PostgreSQL): an ORUK API served by a
 * local Fastify server from the standard's examples and generated services, and CSV files.
 */
const STANDARD = ORUK_STANDARD;
const example = () =>
  JSON.parse(readFileSync(path.join(STANDARD, 'examples/service_full.json'), 'utf8')) as Record<string, unknown> & {
    id: string;
    name: string;
    service_at_locations: { location: { latitude: number; addresses: { postal_code: string }[] } }[];
  };
const IMPOSSIBLE = [
  'Location “MyCity Civic Center”: its postcode, “ABC 1234”, is not a full UK postcode',
  'Location “MyCity Civic Center”: its latitude must be 90 or less',
];

let t: TestDatabase;
let db: Kysely<DB>;
let directory: DirectoryService;
let transfers: DirectoryTransfers;
let api: FastifyInstance;
let base: string;
const actor = { userId: null, label: 'transfers test' };
const moderator: Principal = { id: newId(), roles: ['directory-moderator'], organisationId: newId(), teamIds: [] };
const WHERE =
  'It does not say which districts it covers in words Hearth knows: choose “the whole area” on the import form to import such services';
const defaults: ImportDefaults = {
  levels: [1],
  categories: ['parenting'],
  countywide: false,
  accessRoute: 'self-referral',
  deliveryModes: ['online'],
};

/** What the fake API serves: full services by id, in order. Tests change it between runs. */
const served = new Map<string, Record<string, unknown>>();
let missing = '';

const count = async (
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
const auditActions = async () =>
  (await db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((e) => e.action);
const readAll = async (stream: NodeJS.ReadableStream) => {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
};

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
    if (id === missing || !served.has(id)) return reply.code(404).send({ status: 404, title: 'Not found' });
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

describe('importing from an Open Referral UK API', () => {
  let importId: string;

  it('pages through the API, creates what it can and says why it rejected the rest', async () => {
    missing = [...served.keys()][2]!;
    const before = await auditActions();
    const result = await transfers.importFromOruk(actor, { url: `${base}/api/oruk/`, defaults });
    importId = result.importId;
    const { report } = result;
    expect(report.created.map((c) => c.name)).toEqual(
      [...served.values()].filter((s) => String(s.id).startsWith('2000') && s.id !== missing).map((s) => s.name),
    );
    expect(report.created).toHaveLength(7);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toEqual([]);
    expect(report.rejected).toEqual([
      {
        externalId: missing,
        name: served.get(missing)!.name,
        reasons: [
          'Its full record could not be fetched. The API answered /api/oruk/services/' +
            missing +
            ' with an error (HTTP 404)',
        ],
      },
      {
        externalId: example().id,
        name: 'Community Counselling',
        reasons: [
          'Its organisation, “Example Organization Inc.”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
          WHERE,
          ...IMPOSSIBLE,
        ],
      },
      {
        externalId: '30000000-0000-4000-8000-000000000001',
        name: 'Community Counselling (corrected)',
        reasons: [
          'Its organisation, “Example Organization Inc.”, is not one of Hearth’s: add it on the Organisations page, or choose an organisation on the import form',
          WHERE,
        ],
      },
    ]);
    // One audit event for the run, and the run kept for its report page.
    expect((await auditActions()).slice(before.length)).toEqual(['directory.import.completed']);
    const run = await transfers.importRun(importId);
    expect(run).toMatchObject({
      kind: 'oruk',
      source: `${base}/api/oruk`,
      counts: { created: 7, updated: 0, unchanged: 0, rejected: 3 },
    });
    expect(run!.report).toEqual(report);
    // The new services are live and found by search.
    const first = report.created.find((c) => served.get(c.externalId!)!.status === 'active')!;
    const live = await directory.publicService(first.serviceId, null);
    expect(live?.content.name).toBe(first.name);
    expect((await directory.search({ words: first.name }, moderator)).services.map((s) => s.id)).toContain(
      first.serviceId,
    );
  });

  it('changes nothing when the same API is imported again, and uses the organisation and area chosen on the form', async () => {
    missing = '';
    const versions = await count('directory_service_versions');
    const chosen = {
      ...defaults,
      countywide: true,
      organisationId: (
        await db.selectFrom('organisations').select('id').where('code', '=', 'barnardos').executeTakeFirstOrThrow()
      ).id,
    };
    const { report } = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults: chosen });
    expect(report.unchanged).toHaveLength(7);
    expect(report.created.map((c) => c.name)).toEqual([
      served.get([...served.keys()][2]!)!.name,
      'Community Counselling (corrected)',
    ]);
    expect(report.rejected).toEqual([{ externalId: example().id, name: 'Community Counselling', reasons: IMPOSSIBLE }]);
    expect(await count('directory_service_versions')).toBe(versions + 2);

    const again = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults: chosen });
    expect(again.report).toMatchObject({ created: [], updated: [] });
    expect(again.report.unchanged).toHaveLength(9);
    expect(await count('directory_service_versions')).toBe(versions + 2);
  });

  it('makes a changed service a new approved version, live at once, keeping the old one', async () => {
    const [id, service] = [...served.entries()][0]!;
    served.set(id, { ...service, description: 'A new description from the other council.' });
    const { report } = await transfers.importFromOruk(actor, { url: `${base}/api/oruk`, defaults });
    expect(report.updated.map((u) => u.externalId)).toEqual([id]);
    const serviceId = report.updated[0]!.serviceId;
    const versions = await db
      .selectFrom('directory_service_versions')
      .select(['number', 'state', 'decision_reason'])
      .where('service_id', '=', serviceId)
      .orderBy('number')
      .execute();
    expect(versions).toEqual([
      { number: 1, state: 'superseded', decision_reason: `Imported from ${base}/api/oruk` },
      { number: 2, state: 'approved', decision_reason: `Imported from ${base}/api/oruk` },
    ]);
    expect((await directory.publicService(serviceId, null))?.content.description).toBe(
      'A new description from the other council.',
    );
  });

  it('says clearly when the API cannot be read, and saves nothing', async () => {
    const runs = await count('directory_imports');
    const attempt = (url: string, other = transfers) =>
      other.importFromOruk(actor, { url, defaults }).then(
        () => 'no error',
        (error: unknown) => (error instanceof TransferError ? error.message : `unexpected ${String(error)}`),
      );
    const closed = Fastify();
    const closedBase = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const host = new URL(closedBase).host;
    expect(await attempt(`${closedBase}/api`)).toBe(
      `The server at ${host} refused the connection: check the address, or try again later`,
    );
    expect(await attempt(`${base}/not-oruk`)).toBe(
      'The answer to /not-oruk/services (page 1) is not an Open Referral UK list of services: check this is the API’s base address, like https://example.org/api/oruk',
    );
    expect(await attempt(`${base}/web-page`)).toBe(
      'The API’s answer to /web-page/services?page=1&per_page=4 is not JSON (it is a web page): check this is the address of an Open Referral UK API',
    );
    expect(await attempt(`${base}/nothing-here`)).toBe(
      'The API answered /nothing-here/services?page=1&per_page=4 with an error (HTTP 404)',
    );
    expect(await attempt(`${base}/moved`)).toBe(
      'The API sent Hearth to another address (https://example.org/api/oruk/services) for /moved/services?page=1&per_page=4: enter that address instead',
    );
    expect(await attempt('https://no-such-host.invalid/api')).toBe(
      'There is no server called no-such-host.invalid, or it cannot be reached from here: check the address',
    );
    const impatient = new DirectoryTransfers(
      db,
      new AuditLog(db),
      directory.repository,
      new ReferenceService(db, new AuditLog(db)),
      { allowPrivateNetworks: true, timeoutMs: 200 },
    );
    expect(await attempt(`${base}/slow`, impatient)).toBe(
      `The server at ${new URL(base).host} did not answer within 0.2 seconds: try again later`,
    );
    expect(await count('directory_imports')).toBe(runs);
    expect((await auditActions()).filter((a) => a === 'directory.import.failed')).toHaveLength(7);
  });

  it('refuses addresses on private and local networks unless told otherwise', async () => {
    const guarded = new DirectoryTransfers(
      db,
      new AuditLog(db),
      directory.repository,
      new ReferenceService(db, new AuditLog(db)),
    );
    const port = new URL(base).port;
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '169.254.169.254']) {
      const message = await guarded.importFromOruk(actor, { url: `http://${host}:${port}/api/oruk`, defaults }).then(
        () => 'imported',
        (error: Error) => error.message,
      );
      expect(message).toMatch(
        /^Hearth does not import from addresses on a private or local network \(.+\): enter the API’s public address$/,
      );
    }
  });
});

// ---- CSV ----

const CSV_ORG = 'ecvys';
const csvRow = (overrides: Record<string, string> = {}) => ({
  id: '',
  organisation: CSV_ORG,
  name: 'Maldon Young Carers',
  description: 'Breaks and support for young carers.',
  free: 'yes',
  access_route: 'self-referral',
  delivery: 'in-person',
  levels: '2',
  categories: 'youth',
  districts: 'maldon',
  location_1_name: 'Maldon Youth Centre',
  location_1_address: 'Wantz Road',
  location_1_city: 'Maldon',
  location_1_postcode: 'CM9 5DE',
  location_1_opening_times: 'Tue 16:00-18:00',
  ...overrides,
});
const toCsv = (rows: Record<string, string>[]) => stringify(rows, { header: true, columns: Object.keys(rows[0]!) });

describe('importing a CSV file', () => {
  it('saves nothing when any row is wrong, and lists every problem by row and column', async () => {
    const [services, runs] = [await count('directory_services'), await count('directory_imports')];
    const result = await transfers.importCsv(
      actor,
      toCsv([
        csvRow(),
        csvRow({ name: '', levels: 'seven' }),
        csvRow({ name: 'Fine' }),
        csvRow({ id: newId(), location_1_postcode: 'nowhere' }),
      ]),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 3, column: 'name', message: 'Enter the service name' },
        { row: 3, column: 'levels', message: '“seven” is not a level of need: use 1, 2, 3 or 4' },
        { row: 5, column: 'id', message: 'There is no service with this id: leave it blank to add a new service' },
        {
          row: 5,
          column: 'location_1_postcode',
          message: 'Enter a full UK postcode for location 1, like CM1 1QH (not “nowhere”)',
        },
      ],
    });
    expect([await count('directory_services'), await count('directory_imports')]).toEqual([services, runs]);
  });

  it('adds the services of a good file, live at once, in one run with one audit event', async () => {
    const before = await auditActions();
    const result = await transfers.importCsv(
      actor,
      toCsv([
        csvRow(),
        csvRow({
          name: 'Heybridge Young Carers',
          location_1_name: '',
          location_1_address: '',
          location_1_city: '',
          location_1_postcode: '',
          location_1_opening_times: '',
          delivery: 'phone',
        }),
      ]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.created.map((c) => [c.row, c.name])).toEqual([
      [2, 'Maldon Young Carers'],
      [3, 'Heybridge Young Carers'],
    ]);
    expect((await auditActions()).slice(before.length)).toEqual(['directory.import.completed']);
    expect(await transfers.importRun(result.importId)).toMatchObject({
      kind: 'csv',
      source: 'CSV file, 2 rows',
      counts: { created: 2, updated: 0, unchanged: 0, rejected: 0 },
    });
    const live = await directory.publicService(result.report.created[0]!.serviceId, null);
    expect(live?.content.locations[0]).toMatchObject({
      name: 'Maldon Youth Centre',
      postcode: 'CM9 5DE',
      schedules: [{ byday: ['TU'], opensAt: '16:00', closesAt: '18:00' }],
    });
  });
});

describe('exporting as CSV', () => {
  let exported: string;
  let fourPlaces: string;

  beforeAll(async () => {
    // The Essex demonstration services, as real entries to export.
    const codes = new Map(
      (await db.selectFrom('organisations').select(['code', 'id']).execute()).map((o) => [o.code, o.id]),
    );
    for (const seeded of await readDirectorySeed('essex'))
      await directory.createService(actor, codes.get(seeded.organisationCode)!, seeded.content, { approved: true });
    const org = codes.get('barnardos')!;
    const place = (n: number) => ({
      id: newId(),
      name: `Place ${n}`,
      address1: `${n} High Street`,
      city: 'Harlow',
      postcode: 'CM20 1AA',
      schedules: [
        {
          id: newId(),
          byday: ['FR' as const, 'MO' as const],
          opensAt: '09:00',
          closesAt: '12:00',
          description: 'Not in August',
        },
      ],
    });
    const content: ServiceContent = {
      name: '=HYPERLINK("http://evil.example","Click")',
      description: '+Everything, @everyone, -nothing',
      status: 'active',
      isFree: false,
      fees: '-£2 off for siblings',
      accessRoute: 'professional-referral',
      professionalsOnly: true,
      deliveryModes: ['in-person'],
      levels: [3],
      categories: ['parenting'],
      districts: ['harlow'],
      countywide: false,
      languages: ['English', 'Polish'],
      contacts: [1, 2, 3].map((n) => ({ id: newId(), name: `Contact ${n}`, phone: '+44 1279 000000' })),
      locations: [1, 2, 3, 4].map(place),
    };
    fourPlaces = (await directory.createService(actor, org, content, { approved: true })).serviceId;
    exported = await readAll(transfers.exportCsv(moderator, actor));
  });

  it('writes every live service in the template’s columns, professionals-only ones marked, formulas neutralised', async () => {
    const rows = parse(exported, { bom: true, columns: true }) as Record<string, string>[];
    const live = Number(
      (
        await db
          .selectFrom('directory_services')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('live_version_id', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(rows).toHaveLength(live);
    expect(exported.startsWith('\uFEFFid,organisation,name,description,')).toBe(true);
    const risky = rows.find((r) => r.id === fourPlaces)!;
    expect(risky).toMatchObject({
      name: '\'=HYPERLINK("http://evil.example","Click")',
      description: "'+Everything, @everyone, -nothing",
      fees: "'-£2 off for siblings",
      professionals_only: 'yes',
      contact_1_phone: "'+44 1279 000000",
      location_3_name: 'Place 3',
      location_1_opening_times: 'Mon, Fri 09:00-12:00',
    });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(() => transfers.exportCsv({ ...moderator, roles: ['directory-provider'] })).toThrow(
      'You do not have permission',
    );
    expect(await auditActions()).toContain('directory.exported');
  });

  it('imports its own export with everything unchanged', async () => {
    const versions = await count('directory_service_versions');
    const result = await transfers.importCsv(actor, exported);
    expect(result.ok && { ...result.report, unchanged: result.report.unchanged.length }).toEqual({
      created: [],
      updated: [],
      unchanged: parse(exported, { bom: true }).length - 1,
      rejected: [],
    });
    expect(await count('directory_service_versions')).toBe(versions);
  });

  it('updates an edited row as a new live version, keeping what the file cannot hold', async () => {
    const [header, ...rows] = parse(exported, { bom: true }) as string[][];
    const edited = rows.map((row) =>
      row[0] === fourPlaces ? row.map((cell, i) => (header![i] === 'location_2_name' ? 'Renamed place' : cell)) : row,
    );
    const result = await transfers.importCsv(actor, stringify([header!, ...edited]));
    expect(result.ok && result.report.updated.map((u) => u.serviceId)).toEqual([fourPlaces]);
    expect(result.ok && result.report.unchanged).toHaveLength(rows.length - 1);
    const live = (await directory.publicService(fourPlaces, moderator))!.content;
    expect(live.name).toBe('=HYPERLINK("http://evil.example","Click")');
    expect(live.locations.map((l) => l.name)).toEqual(['Place 1', 'Renamed place', 'Place 3', 'Place 4']);
    expect(live.locations[0]!.schedules[0]!.description).toBe('Not in August');
    expect(live.contacts.map((c) => c.name)).toEqual(['Contact 1', 'Contact 2', 'Contact 3']);
    const states = await db
      .selectFrom('directory_service_versions')
      .select(['number', 'state'])
      .where('service_id', '=', fourPlaces)
      .orderBy('number')
      .execute();
    expect(states).toEqual([
      { number: 1, state: 'superseded' },
      { number: 2, state: 'approved' },
    ]);
  });
});
