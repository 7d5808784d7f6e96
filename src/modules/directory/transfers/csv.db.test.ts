/** Importing and exporting CSV files. */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../platform/db/ids.ts';
import type { ServiceContent } from '../content.ts';
import { readDirectorySeed } from '../seed.ts';
import {
  actor,
  moderator,
  count,
  auditActions,
  readAll,
  db,
  directory,
  transfers,
  useTransfersFixture,
} from './transfers.test-support.ts';

useTransfersFixture();

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
