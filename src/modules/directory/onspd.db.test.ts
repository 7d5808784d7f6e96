import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../tests/helpers/database.ts';
import { AuditLog } from '../../platform/audit/audit.ts';
import { locatePostcode, parsePostcode } from './postcodes.ts';
import { DirectoryService } from './service.ts';

let testDb: TestDatabase;
let directory: DirectoryService;
beforeAll(async () => {
  testDb = await createTestDatabase();
  directory = new DirectoryService(testDb.database.db, new AuditLog(testDb.database.db));
  await directory.loadPostcodeDistricts();
});
afterAll(() => testDb.close());

// The shape of the real ONSPD file: many columns, of which Hearth reads pcds, lat, long and doterm.
const ONSPD = [
  'pcd,pcd2,pcds,dointr,doterm,oscty,oslaua,lat,long',
  'CM1 1QH,CM1  1QH,CM1 1QH,198001,,E10000012,E07000070,51.734100,0.469800',
  'CO2 7DL,CO2  7DL,CO2 7DL,198001,,E10000012,E07000071,51.882000,0.902000',
  'SS14 1DW,SS14 1DW,SS14 1DW,198001,200512,E10000012,E07000066,51.575000,0.471000',
  'CM99 9ZZ,CM99 9ZZ,CM99 9ZZ,200001,,E10000012,E07000070,99.999999,0.000000',
  'NOTAPOSTCODE,,NOTAPOSTCODE,200001,,E10000012,E07000070,51.7,0.4',
  'CM2 0AA,CM2  0AA,CM2 0AA,200001,,E10000012,E07000070,north,0.4',
].join('\n');

describe('the ONS Postcode Directory importer', () => {
  it('loads live postcodes, skips terminated and unlocated ones, and reports bad rows by line', async () => {
    const report = await directory.importOnsPostcodes({ userId: null, label: 'test' }, Readable.from([ONSPD]));
    expect(report).toEqual({
      imported: 2,
      skippedTerminated: 1,
      skippedNoLocation: 1,
      rejected: [
        { line: 6, reason: '"NOTAPOSTCODE" is not a full postcode' },
        { line: 7, reason: 'latitude "north" and longitude "0.4" are not a place' },
      ],
      rejectedCount: 2,
    });
    expect(await locatePostcode(testDb.database.db, parsePostcode('cm11qh')!)).toEqual({
      latitude: 51.7341,
      longitude: 0.4698,
      approximate: false,
    });
    // A terminated postcode falls back to its district's approximate centre.
    expect(await locatePostcode(testDb.database.db, parsePostcode('SS14 1DW')!)).toMatchObject({ approximate: true });
  });

  it('is idempotent: importing again updates rather than duplicates', async () => {
    const moved = ONSPD.replace('51.734100,0.469800', '51.735000,0.470000');
    const report = await directory.importOnsPostcodes({ userId: null, label: 'test' }, Readable.from([moved]));
    expect(report.imported).toBe(2);
    const rows = await testDb.database.db.selectFrom('postcodes').selectAll().orderBy('postcode').execute();
    expect(rows).toEqual([
      { postcode: 'CM11QH', latitude: 51.735, longitude: 0.47, local_authority_code: 'E07000070' },
      { postcode: 'CO27DL', latitude: 51.882, longitude: 0.902, local_authority_code: 'E07000071' },
    ]);
  });

  it('refuses a file that is not the ONSPD, saving nothing', async () => {
    const before = await testDb.database.db.selectFrom('postcodes').select('postcode').execute();
    await expect(
      directory.importOnsPostcodes({ userId: null, label: 'test' }, Readable.from(['name,town\nA,B\n'])),
    ).rejects.toThrow(/not an ONS Postcode Directory file/);
    expect(await testDb.database.db.selectFrom('postcodes').select('postcode').execute()).toEqual(before);
  });
});
