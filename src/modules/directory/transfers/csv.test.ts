import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { serviceContentSchema, type ServiceContent } from '../content.ts';
import { CSV_COLUMNS, neutralise, readCsv, toCsvRecord, unneutralise, type CsvContext } from './csv.ts';
import { rowToContent } from './csv-row.ts';

/** The CSV template without a database: reading, checking, mapping and formula neutralising. */

const ORG = '01900000-0000-7000-8000-0000000000a1';
const context: CsvContext = {
  organisations: [{ id: ORG, code: 'barnardos', name: 'Barnardo’s' }],
  categories: [
    { code: 'parenting', name: 'Parenting and family support' },
    { code: 'youth', name: 'Youth services and activities' },
  ],
  levels: [1, 2, 3, 4],
  districts: [
    { code: 'harlow', name: 'Harlow' },
    { code: 'epping-forest', name: 'Epping Forest' },
  ],
};

const good = {
  organisation: 'Barnardo’s',
  name: 'Harlow Dads Group',
  description: 'A weekly group for dads.\nBring the children.',
  free: 'yes',
  access_route: 'self-referral',
  delivery: 'in-person; By phone',
  levels: '1;2',
  categories: 'parenting; Youth services and activities',
  districts: 'Harlow;epping-forest',
  location_1_name: 'The Hub',
  location_1_address: '2 The Stow',
  location_1_city: 'Harlow',
  location_1_postcode: 'CM20 3AG',
  location_1_opening_times: 'MO,TU,WE 09:00-17:00; SA 10:00-12:00',
  contact_1_name: 'Sam Okafor',
  contact_1_phone: '+44 1279 000000',
};
const csv = (rows: Record<string, string>[], columns = Object.keys(rows[0] ?? good)) =>
  stringify(rows, { header: true, columns });
const only = (text: string) => {
  const file = readCsv(text);
  expect(file.problems).toEqual([]);
  return { row: file.rows[0]!, columns: file.columns };
};

describe('reading a CSV file', () => {
  it('turns a good row into a service entry that passes the schema', () => {
    const { row, columns } = only(csv([good]));
    const result = rowToContent(row, columns, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.organisationId).toBe(ORG);
    expect(result.content).toMatchObject({
      name: 'Harlow Dads Group',
      description: 'A weekly group for dads.\nBring the children.',
      isFree: true,
      deliveryModes: ['in-person', 'phone'],
      levels: [1, 2],
      categories: ['parenting', 'youth'],
      districts: ['harlow', 'epping-forest'],
      countywide: false,
      status: 'active',
      languages: ['English'],
      contacts: [{ name: 'Sam Okafor', phone: '+44 1279 000000' }],
    });
    expect(result.content.locations[0]!.schedules.map((s) => [s.byday, s.opensAt, s.closesAt])).toEqual([
      [['MO', 'TU', 'WE'], '09:00', '17:00'],
      [['SA'], '10:00', '12:00'],
    ]);
    expect(serviceContentSchema.safeParse(result.content).success).toBe(true);
  });

  it('reports every problem of a row by column, in plain words', () => {
    const { row, columns } = only(
      csv([
        {
          ...good,
          organisation: 'Nobody',
          name: '',
          free: 'maybe',
          levels: '2; 7',
          categories: 'knitting',
          location_1_postcode: 'not a postcode',
          location_1_opening_times: 'Mondays',
          contact_1_email: 'sam@',
          minimum_age: '12',
          maximum_age: '30',
        },
      ]),
    );
    const result = rowToContent(row, columns, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.row} ${p.column}: ${p.message}`)).toEqual([
      '2 organisation: No organisation has the code or name “Nobody”: use a code from the Organisations page',
      '2 name: Enter the service name',
      '2 contact_1_email: Enter an email address like name@example.org, not “sam@”',
      '2 maximum_age: Enter an age from 0 to 25 in whole years, or leave it blank (not “30”)',
      '2 free: Enter yes or no, not “maybe”',
      '2 levels: “7” is not a level of need: use 1, 2, 3 or 4',
      '2 categories: “knitting” is not a category: use codes like parenting or youth (see the template’s guide)',
      '2 location_1_postcode: Enter a full UK postcode for location 1, like CM1 1QH (not “not a postcode”)',
      '2 location_1_opening_times: Enter opening times like Mon-Fri 09:00-17:00; Sat 10:00-12:00 (“Mondays” is not in that form)',
    ]);
  });

  it('needs the districts or countywide, and a location’s address once any of it is given', () => {
    const { row, columns } = only(csv([{ ...good, districts: '', location_1_address: '', location_1_city: '' }]));
    const result = rowToContent(row, columns, context);
    expect(result.ok ? [] : result.problems.map((p) => p.column)).toEqual([
      'location_1_address',
      'location_1_city',
      'districts',
    ]);
    const countywide = only(csv([{ ...good, districts: '', countywide: 'yes' }]));
    expect(rowToContent(countywide.row, countywide.columns, context)).toMatchObject({
      ok: true,
      content: { countywide: true, districts: [] },
    });
  });

  it('reports unknown and missing columns, ragged rows and unreadable files against the right row', () => {
    const header = readCsv('name,colour\nA,red\n');
    expect(header.problems.map((p) => p.message)).toEqual([
      '“colour” is not a column of the template: check its spelling',
    ]);
    const partial = readCsv('name,description\nA,B\n');
    expect(rowToContent(partial.rows[0]!, partial.columns, context)).toMatchObject({
      ok: false,
      problems: expect.arrayContaining([
        {
          row: 2,
          column: 'free',
          message: 'The file has no “free” column, which a new service needs: start from the template',
        },
      ]),
    });
    expect(readCsv('name,description\nA,B\n\nC,D,E\n').problems).toEqual([
      { row: 4, column: '', message: 'This row has 3 cells but the header has 2 columns' },
    ]);
    expect(readCsv('name,description\n"unclosed,x\n').problems[0]!.message).toBe(
      'The file could not be read as CSV: a quoted cell is not closed',
    );
    expect(readCsv('').problems[0]!.message).toBe('The file is empty: paste the header row and at least one service');
    expect(readCsv(`${Object.keys(good).join(',')}\n`).problems[0]!.message).toBe(
      'The file has a header row but no services',
    );
  });

  it('accepts headers in any case and with spaces, and a byte order mark', () => {
    const text = `\uFEFF${csv([good]).replace('access_route', 'Access Route').replace('location_1_name', 'LOCATION_1_NAME')}`;
    const { row, columns } = only(text);
    expect(rowToContent(row, columns, context).ok).toBe(true);
  });
});

describe('updating from a row', () => {
  const existing: { organisationId: string; content: ServiceContent } = {
    organisationId: ORG,
    content: serviceContentSchema.parse({
      name: 'Old name',
      description: 'Old description',
      isFree: true,
      accessRoute: 'via-hub',
      deliveryModes: ['phone'],
      levels: [3],
      categories: ['parenting'],
      countywide: true,
      eligibility: 'Families in Harlow',
      contacts: ['a', 'b', 'c'].map((n, i) => ({ id: `01900000-0000-7000-8000-00000000000${i}`, name: n })),
      locations: [1, 2, 3, 4].map((n) => ({
        id: `01900000-0000-7000-8000-00000000010${n}`,
        name: `Place ${n}`,
        address1: `${n} High Street`,
        city: 'Harlow',
        postcode: 'CM20 1AA',
        schedules: [
          {
            id: `01900000-0000-7000-8000-00000000020${n}`,
            byday: ['FR'],
            opensAt: '09:00',
            closesAt: '12:00',
            description: 'Term time only',
          },
        ],
      })),
    }),
  };

  it('keeps what the file has no column for, and locations and contacts beyond the numbered groups', () => {
    const { row, columns } = only(
      csv([
        {
          id: 'x',
          name: 'New name',
          location_1_name: 'Renamed',
          location_1_address: '1 High Street',
          location_1_city: 'Harlow',
          location_1_postcode: 'CM20 1AA',
          location_1_opening_times: 'Fri 09:00-12:00',
          location_2_name: '',
        },
      ]),
    );
    const result = rowToContent(row, columns, context, existing);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.content;
    expect(c).toMatchObject({
      name: 'New name',
      description: 'Old description',
      eligibility: 'Families in Harlow',
      countywide: true,
    });
    // Location 1 keeps its id and its opening times' id and description; location 2 is cleared; 3 and 4 are kept.
    expect(c.locations.map((l) => l.name)).toEqual(['Renamed', 'Place 3', 'Place 4']);
    expect(c.locations[0]).toMatchObject({
      id: existing.content.locations[0]!.id,
      schedules: [existing.content.locations[0]!.schedules[0]],
    });
    expect(c.contacts.map((k) => k.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('formula injection', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+44 1279 000000', "'+44 1279 000000"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTabbed', "'\tTabbed"],
    ['\rReturn', "'\rReturn"],
    ["'=already quoted", "''=already quoted"],
    ['Plain text', 'Plain text'],
    ["Don't worry", "Don't worry"],
    ["'quoted but harmless", "'quoted but harmless"],
    // Full-width signs: spreadsheets in East Asian locales read them as = + - @ too.
    ['＝HYPERLINK("http://evil")', `'＝HYPERLINK("http://evil")`],
    ['＋44 1279 000000', "'＋44 1279 000000"],
    ['－1', "'－1"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ["'＝already quoted", "''＝already quoted"],
  ])('%j is written as %j and read back exactly', (value, written) => {
    expect(neutralise(value)).toBe(written);
    expect(unneutralise(neutralise(value))).toBe(value);
  });

  it('neutralises every cell of an exported row', () => {
    const content = serviceContentSchema.parse({
      name: '=cmd|" /C calc"!A0',
      description: '@import',
      isFree: false,
      fees: '+£2 a session',
      accessRoute: 'self-referral',
      deliveryModes: ['online'],
      levels: [1],
      categories: ['parenting'],
      countywide: true,
      contacts: [{ id: ORG, phone: '+44 1279 000000' }],
    });
    const record = toCsvRecord({ id: ORG, organisationCode: 'barnardos', content });
    expect(Object.keys(record)).toEqual(CSV_COLUMNS);
    expect([record.name, record.description, record.fees, record.contact_1_phone]).toEqual([
      '\'=cmd|" /C calc"!A0',
      "'@import",
      "'+£2 a session",
      "'+44 1279 000000",
    ]);
    const [header, cells] = parse(stringify([record], { header: true, columns: [...CSV_COLUMNS] })) as string[][];
    for (const cell of cells!) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
    const again = readCsv(stringify([header!, cells!]));
    const result = rowToContent(again.rows[0]!, again.columns, context);
    expect(result.ok && result.content.name).toBe('=cmd|" /C calc"!A0');
  });
});
