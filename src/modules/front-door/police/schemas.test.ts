import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, CSV_EXAMPLE, parsePoliceCsv } from './csv.ts';
import { checkNotification, fieldPath, notificationSchema } from './schemas.ts';

const schema = notificationSchema([
  { code: 'chelmsford', name: 'Chelmsford' },
  { code: 'epping-forest', name: 'Epping Forest' },
]);
const base = {
  police_reference: '42/1/24',
  incident_date: '2024-06-03',
  concern_category: 'youth-crime',
  summary: 'Found at the station.',
  district: 'chelmsford',
  officer: { name: 'PC Ben Ward' },
  children: [{ first_name: 'Noah', last_name: 'Price' }],
};

describe('a police notification', () => {
  it('accepts the least a force can send, and tidies it', () => {
    const result = checkNotification(schema, {
      ...base,
      police_reference: ' ab/1 '.trim(),
      district: 'Epping Forest',
      concern_category: ' Youth-Crime ',
      children: [{ first_name: 'Noah', last_name: 'Price', gender: 'm', postcode: 'cm11qh', date_of_birth: '' }],
    });
    expect(result.ok && result.value).toMatchObject({
      police_reference: 'AB/1',
      district: 'epping-forest',
      concern_category: 'youth-crime',
      adults: [],
      children: [{ gender: 'male', postcode: 'CM1 1QH' }],
    });
  });

  it('refuses a child of 26 or more (a mistyped year), never an adult for their age', () => {
    const result = checkNotification(schema, {
      ...base,
      children: [{ first_name: 'Noah', last_name: 'Price', date_of_birth: '1990-01-01' }],
      adults: [{ first_name: 'Ann', last_name: 'Price', date_of_birth: '1960-01-01' }],
    });
    expect(!result.ok && result.errors).toEqual([
      { field: 'children[0].date_of_birth', message: 'A child must be 25 or younger: check the year of birth' },
    ]);
  });

  it('names every wrong field the way the JSON does', () => {
    const result = checkNotification(schema, {
      ...base,
      police_reference: 'a b',
      incident_date: '2024-13-01',
      officer: { name: '', email: 'nope' },
      children: [],
      adults: [{ first_name: 'Sam', last_name: 'Price', role: 'aunt', date_of_birth: '1890-01-01' }],
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { field: 'police_reference', message: 'Police reference must only include letters, numbers and / _ . : -' },
        { field: 'incident_date', message: 'Incident date must be a real date, like 2015-03-27 or 27/03/2015' },
        { field: 'officer.name', message: 'Enter the officer name' },
        { field: 'officer.email', message: 'Officer email must be an email address, like name@example.com' },
        { field: 'children', message: 'Give at least one child' },
        { field: 'adults[0].role', message: 'Role must be parent-carer or other' },
        {
          field: 'adults[0].date_of_birth',
          message: 'Date of birth must be within the last 120 years: check the year',
        },
        { field: 'extra', message: 'extra is not a field Hearth knows: check its spelling' },
      ]),
    );
  });

  it('refuses text with control characters but keeps HTML as typed', () => {
    const bad = checkNotification(schema, { ...base, summary: 'bell\u0007' });
    expect(!bad.ok && bad.errors).toEqual([
      { field: 'summary', message: 'Summary must not contain control characters' },
    ]);
    const html = checkNotification(schema, { ...base, summary: '<b>line one</b>\nline two' });
    expect(html.ok && html.value.summary).toBe('<b>line one</b>\nline two');
  });

  it('writes paths as an API client reads them', () => {
    expect(fieldPath(['children', 2, 'date_of_birth'])).toBe('children[2].date_of_birth');
    expect(fieldPath([])).toBe('');
  });
});

describe('the police CSV', () => {
  it('reads the documented example', () => {
    const { fileProblems, rows } = parsePoliceCsv(CSV_EXAMPLE, schema);
    expect(fileProblems).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.notification).toMatchObject({
      police_reference: '42/12345/24',
      incident_date: '2024-06-03',
      children: [
        {
          first_name: 'Lily',
          date_of_birth: '2016-02-14',
          gender: 'female',
          postcode: 'CM1 1QH',
          address: '12 Mill Road, Chelmsford',
        },
      ],
      adults: [{ first_name: 'Sarah', relationship: 'mother' }],
    });
  });

  it('reports each bad row by spreadsheet row and column, and only once for a shared address', () => {
    const header =
      'Police Reference,incident_date,concern_category,summary,district,officer_name,postcode,child_1_first_name,child_1_last_name,child_2_first_name,child_2_last_name';
    const csv = [
      header,
      'R1,2024-06-01,youth-crime,s,chelmsford,PC A,NOT A POSTCODE,Amy,Lee,Ben,Lee',
      'R2,2024-06-01,youth-crime,s,chelmsford,PC A,,Amy,Lee,Ben',
      'R1,2024-06-01,youth-crime,s,chelmsford,PC A,,Amy,Lee,,',
    ].join('\r\n');
    const { rows } = parsePoliceCsv(csv, schema);
    expect(rows.map((r) => r.problems)).toEqual([
      [{ row: 2, column: 'postcode', message: 'Enter a full UK postcode, like CM1 1QH' }],
      [
        {
          row: 3,
          column: '',
          message: 'The row has 10 cells but the header has 11: check for a missing or extra comma',
        },
        { row: 3, column: 'child_2_last_name', message: 'Enter the last name' },
      ],
      [
        {
          row: 4,
          column: 'police_reference',
          message: 'The same police reference is in row 2: each notification must be in the file once',
        },
      ],
    ]);
  });

  it('refuses a file without the columns it needs, or with unknown ones', () => {
    expect(parsePoliceCsv('', schema).fileProblems[0]!.message).toBe(
      'The file is empty: paste the header row and at least one notification',
    );
    expect(parsePoliceCsv(CSV_COLUMNS.join(','), schema).fileProblems[0]!.message).toBe(
      'The file has a header row but no notifications',
    );
    expect(
      parsePoliceCsv('police_reference,police_reference,colour\n1,2,3', schema).fileProblems.map((p) => p.message),
    ).toEqual([
      'Unknown column: colour. Check the header row against the list of columns',
      'The header names police_reference more than once',
      'The header must include incident_date, concern_category, summary, district, officer_name, child_1_first_name, child_1_last_name',
    ]);
  });
});

describe('a notification of category missing', () => {
  const missing = {
    ...base,
    concern_category: 'missing',
    missing: {
      event: 'return',
      missing_from: 'Care-Placement',
      reported_at: '2026-07-01T22:00',
      reported_by: 'Foster carer',
      risk_grading: 'HIGH',
      returned_at: '02/07/2026 06:30',
      returned_where: 'Chelmsford station',
    },
  };

  it('reads times in England (summer time here), in UK or ISO form, with or without an offset', () => {
    const result = checkNotification(schema, missing);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.missing).toMatchObject({ missing_from: 'care-placement', risk_grading: 'high' });
    expect(result.value.missing!.reported_at.toISOString()).toBe('2026-07-01T21:00:00.000Z');
    expect(result.value.missing!.returned_at!.toISOString()).toBe('2026-07-02T05:30:00.000Z');
    const zoned = checkNotification(schema, {
      ...missing,
      missing: { ...missing.missing, reported_at: '2026-07-01T21:00:00Z', returned_at: '2026-07-02T06:30+0100' },
    });
    expect(zoned.ok && zoned.value.missing!.reported_at.toISOString()).toBe('2026-07-01T21:00:00.000Z');
    expect(zoned.ok && zoned.value.missing!.returned_at!.toISOString()).toBe('2026-07-02T05:30:00.000Z');
  });

  it('refuses a return before the report, an impossible time and control characters', () => {
    const result = checkNotification(schema, {
      ...missing,
      missing: { ...missing.missing, returned_at: '2026-07-01T21:59', returned_how: 'Walked\u0007 in' },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'missing.returned_how', message: 'Returned how must not contain control characters' },
      {
        field: 'missing.returned_at',
        message: 'Returned at must be after the child was reported missing (reported_at): check both times',
      },
    ]);
    const badTime = checkNotification(schema, {
      ...missing,
      missing: { ...missing.missing, reported_at: '2026-07-01T25:00' },
    });
    expect(badTime.ok ? [] : badTime.errors.map((e) => e.field)).toEqual(['missing.reported_at']);
  });
});
