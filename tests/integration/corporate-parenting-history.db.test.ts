import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'csv-stringify/sync';
import { demoRegister } from '../../src/demo/seed-corporate-parenting.ts';
import { userByEmail } from '../../src/modules/early-help/test-support.ts';
import {
  COLUMNS,
  CORPORATE_PARENTING_PREFIX,
  corporateParentingIndicators,
  countAllMeasures,
  panelModel,
  registerRows,
  type Register,
} from '../../src/modules/corporate-parenting/index.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { recountRegister } from '../../scripts/recount-corporate-parenting.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signedIn, uploadRegister } from '../helpers/register-upload.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The register's statuses kept as at each import (issue 16): a later import's statuses never rewrite an earlier year,
 * a year before the first statuses has no data; the measures counted together after an import equal each counted
 * alone; the two measures Hearth now counts (children in care tied by NHS number to Hearth's exploitation concerns,
 * minority ethnic children with foster carers of their own background); the new columns' bad input refused whole.
 */
let t: TestApp;
let officer: TestClient;
const today = todayInLondon();
const csv = (rows: readonly (readonly string[])[]) => stringify(rows as string[][]);
const col = (name: (typeof COLUMNS)[number]) => COLUMNS.indexOf(name);
const yearOf = (label: string) => ({
  from: `${label.slice(0, 4)}-04-01`,
  to: `${Number(label.slice(0, 4)) + 1}-04-01`,
});
const counts = () => t.services.corporateParenting.counts();

beforeAll(async () => {
  t = await createTestApp();
  await t.services.performance.seed();
  officer = await signedIn(t, 'corporate.parenting@essex.example');
});
afterAll(async () => t?.close());

async function imported(rows: string[][]) {
  const response = await uploadRegister(t, officer, { name: 'register.csv', data: csv(rows) });
  expect(response.statusCode).toBe(303);
  const run = await officer.get(response.headers.location as string);
  expect(
    run.body,
    run.body
      .match(/govuk-table__cell">[^<]*</g)
      ?.slice(0, 6)
      .join(' '),
  ).toContain('The register is imported');
  return run;
}

describe('statuses as at each import', () => {
  const register = demoRegister({ children: 120, seed: 11 });

  it('keeps the earlier year’s statuses when a later import changes them, and has no data before the first', async () => {
    const years = await t.services.performance.periodsAhead(CORPORATE_PARENTING_PREFIX);
    const last = years.at(-1)!;
    const inLast = `${last.from.slice(0, 4)}-05-15`;
    // The first export as at a day of the last finished year; the second as at today, every Life Story now complete.
    const first = registerRows(register);
    const asAt = new Map<string, string>();
    for (const row of first.slice(1))
      if (row[0] === 'child') {
        const day = row[col('date_of_birth')]! > inLast ? row[col('date_of_birth')]! : inLast;
        row[col('as_at')] = day;
        asAt.set(row[col('social_care_id')]!, day);
      }
    await imported(first);
    const second = registerRows(register);
    for (const row of second.slice(1))
      if (row[0] === 'child') {
        row[col('as_at')] = '';
        row[col('life_story')] = 'complete';
      }
    const run = await imported(second);
    expect(run.body).toContain('The outcome measures are being counted');
    expect(await t.services.corporateParenting.countMeasures()).toBe('counted');

    const newest = new Map(register.statuses.filter((s) => s.asAt === today).map((s) => [s.socialCareId, s]));
    const kept: Register = {
      ...register,
      statuses: [...newest.values()].flatMap((s) => [
        { ...s, asAt: asAt.get(s.socialCareId)! },
        { ...s, asAt: today, lifeStory: 'complete' as const },
      ]),
    };
    const model = await panelModel(t.services.performance, today);
    const indicators = await t.services.performance.indicators();
    const lifeStory = model.outcomes.flatMap((o) => o.measures).find((m) => m.code.startsWith('cop.o5.of-life'))!;
    const lastCell = lifeStory.cells.find((c) => c.period === last.label)!;
    // The last finished year keeps the first export's statuses: not every Life Story was complete then.
    expect(lastCell.value).not.toBeNull();
    expect(lastCell.value!).toBeLessThan(100);
    // Before the first statuses: no data, never today's.
    for (const cell of lifeStory.cells.filter((c) => c.period < last.label)) expect(cell.value).toBeNull();
    for (const measure of model.outcomes.flatMap((o) => o.measures).filter((m) => m.computed)) {
      const source = indicators.find((i) => i.code === measure.code)!.source;
      if (!source.startsWith(CORPORATE_PARENTING_PREFIX)) continue;
      for (const cell of measure.cells)
        expect(cell.value, `${source} ${cell.period}`).toBe(
          recountRegister(kept, yearOf(cell.period))[source]!.total.value,
        );
    }
    // The child's page lists both days' statuses, newest first.
    const child = register.children.find((c) => asAt.get(c.socialCareId) === inLast)!;
    const list = await officer.get(`/corporate-parenting/register?q=${child.socialCareId}&status=`);
    const id = /href="\/corporate-parenting\/register\/([0-9a-f-]{36})"/.exec(list.body)![1]!;
    const page = await officer.get(`/corporate-parenting/register/${id}`);
    expect([...page.body.matchAll(/data-as-at="([^"]+)"/g)].map((m) => m[1])).toEqual([today, inLast]);
  });

  it('re-imports as at the same day over that day’s statuses, and forgets the history of a child taken off', async () => {
    const rows = registerRows(register);
    const gone = rows[1]![col('social_care_id')]!;
    await imported(rows.filter((r) => r[col('social_care_id')] !== gone));
    const statuses = await t.database.db.selectFrom('cp_statuses').select(['social_care_id', 'as_at']).execute();
    expect(statuses.some((s) => s.social_care_id === gone)).toBe(false);
    expect(statuses.filter((s) => String(s.as_at) === today)).toHaveLength(register.children.length - 1);
  });
});

describe('every measure counted at once', () => {
  it('counts each measure, year and group as each measure counted alone does, and as the recount', async () => {
    const register = demoRegister({ children: 300, seed: 5 });
    const years = await t.services.performance.periodsAhead(CORPORATE_PARENTING_PREFIX);
    const lastEnd = `${Number(years.at(-1)!.label.slice(0, 4)) + 1}-03-31`;
    // Children in care at the last year's end, with NHS numbers, to tie to Hearth's people.
    const inCare = register.children.filter(
      (c) =>
        c.nhsNumber &&
        register.periods.some(
          (p) =>
            p.socialCareId === c.socialCareId && p.startsOn <= lastEnd && (p.endsOn === null || p.endsOn > lastEnd),
        ),
    );
    expect(inCare.length).toBeGreaterThan(5);
    const [a, b, c, d] = inCare;
    const actor = { userId: null, label: 'test' };
    const person = (nhsNumber: string | null, name: string) =>
      t.services.people.createPerson(actor, {
        firstName: name,
        lastName: 'Tied',
        dateOfBirth: '2010-01-01',
        nhsNumber,
      });
    const pa = await person(a!.nhsNumber, 'Aa');
    const pb = await person(b!.nhsNumber, 'Bb');
    // Two live records with one NHS number: it does not say who the child is.
    const pc1 = await person(c!.nhsNumber, 'Cc');
    const pc2 = await person(c!.nhsNumber, 'Cd');
    // A concern recorded on a duplicate that was later merged into the record with the NHS number.
    const pd = await person(d!.nhsNumber, 'Dd');
    const pdDuplicate = await person(null, 'De');
    await t.services.people.mergePeople(actor, pd, pdDuplicate, 'The same child');
    const teacher = await userByEmail(t.services, 'teacher@essex.example');
    const lastYear = Number(lastEnd.slice(0, 4));
    const concern = (personId: string, day: string) => ({
      id: newId(),
      child_first_name: 'Restricted',
      child_last_name: 'Child',
      child_date_of_birth: '2010-01-01',
      exploitation_kinds: ['criminal' as const],
      settings: ['in-person' as const],
      what_seen: 'Seen at the station.',
      judgement: 'could-be' as const,
      police_reference: '42/1/26',
      police_reported_on: day,
      police_officer: 'PC 1',
      request_draft_id: null,
      raised_by: teacher.id,
      person_id: personId,
      district: null,
      created_at: new Date(`${day}T12:00:00Z`),
    });
    const concerns = [
      { nhs: a!.nhsNumber!, day: `${lastYear - 1}-11-20`, row: concern(pa, `${lastYear - 1}-11-20`) },
      { nhs: b!.nhsNumber!, day: `${lastYear - 2}-06-01`, row: concern(pb, `${lastYear - 2}-06-01`) },
      { nhs: null, day: `${lastYear - 1}-10-01`, row: concern(pc1, `${lastYear - 1}-10-01`) },
      { nhs: null, day: `${lastYear - 1}-10-02`, row: concern(pc2, `${lastYear - 1}-10-02`) },
      { nhs: d!.nhsNumber!, day: `${lastYear}-01-05`, row: concern(pdDuplicate, `${lastYear}-01-05`) },
    ];
    await t.database.db
      .insertInto('exploitation_concerns')
      .values(concerns.map((x) => x.row))
      .execute();
    const concerned = (lastDay: string) => {
      const yearBefore = `${Number(lastDay.slice(0, 4)) - 1}${lastDay.slice(4)}`;
      return new Set(concerns.filter((x) => x.nhs && x.day > yearBefore && x.day <= lastDay).map((x) => x.nhs!));
    };

    // An empty register first, so no statuses are kept from the tests above (the same social care ids).
    const file = { fileName: 'r.csv', fileKind: 'csv' as const, total: 1 };
    await t.services.corporateParenting.replace(
      actor,
      { children: [], statuses: [], periods: [], placements: [], events: [] },
      file,
    );
    await t.services.corporateParenting.replace(actor, register, file);
    const all = await countAllMeasures(t.database.db, years);
    expect([...all.keys()].sort()).toEqual(corporateParentingIndicators.map((i) => i.key).sort());
    for (const indicator of corporateParentingIndicators)
      for (const [i, year] of years.entries()) {
        const alone = await indicator.compute(t.database.db, year, 'migrant');
        const together = all.get(indicator.key)![i]!;
        expect(together.total, `${indicator.key} ${year.label}`).toEqual(alone.total);
        expect(together.groups, `${indicator.key} ${year.label} groups`).toEqual(alone.groups);
        const recount = recountRegister(register, year, concerned)[indicator.key]!;
        expect(together.total.value, `${indicator.key} ${year.label} recount`).toBe(recount.total.value);
      }
    const exploitation = all.get(`${CORPORATE_PARENTING_PREFIX}exploitation-risk`)!.at(-1)!;
    // a and d in the last year; b's concern is too old; c's NHS number is on two records.
    expect(exploitation.total.value).toBe(2);
    const sameBackground = all.get(`${CORPORATE_PARENTING_PREFIX}same-background-foster`)!.at(-1)!;
    expect(sameBackground.total.denominator).toBeGreaterThan(0);
  });
});

describe('bad input in the new columns', () => {
  const register = demoRegister({ children: 40, seed: 13 });
  const edited = (change: (rows: string[][]) => void) => {
    const rows = registerRows(register);
    change(rows);
    return csv(rows);
  };
  const first = (rows: string[][], kind: string, where: (r: string[]) => boolean = () => true) =>
    rows.findIndex((r) => r[0] === kind && where(r));
  const bad: [string, () => string, RegExp][] = [
    [
      'an as at date in the future',
      () => edited((rows) => void (rows[first(rows, 'child')]![col('as_at')] = '2999-01-01')),
      /The as at date \(2999-01-01\) is after today/,
    ],
    [
      'an as at date before the child was born',
      () => edited((rows) => void (rows[first(rows, 'child')]![col('as_at')] = '1995-01-01')),
      /before the child’s date of birth/,
    ],
    [
      'an as at date that is not a date',
      () => edited((rows) => void (rows[first(rows, 'child')]![col('as_at')] = 'last week')),
      /“last week” is not a date/,
    ],
    [
      'an unknown carer’s ethnicity code',
      () =>
        edited(
          (rows) =>
            void (rows[first(rows, 'placement', (r) => r[col('placement_type')] === 'foster')]![
              col('carer_ethnicity')
            ] = 'british'),
        ),
      /“british” is not an ethnicity code: use the ONS 2021 codes/,
    ],
    [
      'a carer’s ethnicity on a placement that is not foster care',
      () =>
        edited(
          (rows) =>
            void (rows[first(rows, 'placement', (r) => r[col('placement_type')] === 'residential')]![
              col('carer_ethnicity')
            ] = 'asian-indian'),
        ),
      /A carer’s ethnicity is for foster placements only/,
    ],
    [
      'an NHS number with a wrong check digit',
      () => edited((rows) => void (rows[first(rows, 'child')]![col('nhs_number')] = '943 476 5918')),
      /Enter a real NHS number: check the digits/,
    ],
    [
      'an NHS number that is not 10 digits',
      () => edited((rows) => void (rows[first(rows, 'child')]![col('nhs_number')] = '12345')),
      /NHS number that is 10 digits/,
    ],
    [
      'one NHS number for two children',
      () =>
        edited((rows) => {
          const children = rows.filter((r) => r[0] === 'child');
          children[1]![col('nhs_number')] = children[0]![col('nhs_number')] = '9434765919';
        }),
      /Another child \(row 2\) has this NHS number/,
    ],
  ];
  it.each(bad)('refuses %s with the row and column, and changes nothing', async (_name, file, message) => {
    const before = await counts();
    const statuses = await t.database.db.selectFrom('cp_statuses').selectAll().orderBy('id').execute();
    const response = await uploadRegister(t, officer, { name: 'register.csv', data: file() });
    expect(response.statusCode).toBe(303);
    const run = await officer.get(response.headers.location as string);
    expect(run.body).toContain('The file was not imported');
    expect(run.body.replaceAll('&#8220;', '“').replaceAll('&#8221;', '”').replaceAll('&#8217;', '’')).toMatch(message);
    expect(await counts()).toEqual(before);
    expect(await t.database.db.selectFrom('cp_statuses').selectAll().orderBy('id').execute()).toEqual(statuses);
  });

  it('takes the new columns when they are right: NHS number with spaces, a carer’s ethnicity in capitals', async () => {
    const rows = registerRows(register);
    rows[first(rows, 'child')]![col('nhs_number')] = '943 476 5919';
    rows[first(rows, 'placement', (r) => r[col('placement_type')] === 'foster')]![col('carer_ethnicity')] =
      'Asian-Indian';
    await imported(rows);
    const child = await t.database.db
      .selectFrom('cp_children')
      .select('nhs_number')
      .where('social_care_id', '=', rows[first(rows, 'child')]![col('social_care_id')]!)
      .executeTakeFirstOrThrow();
    expect(child.nhs_number).toBe('9434765919');
    const carers = await t.database.db.selectFrom('cp_placements').select('carer_ethnicity').execute();
    expect(carers.map((p) => p.carer_ethnicity)).toContain('asian-indian');
  });
});

describe('a count that fails', () => {
  it('says on the Panel’s page and the import’s page that the count is failing, and clears it when a count works', async () => {
    const upload = await uploadRegister(t, officer, {
      name: 'register.csv',
      data: csv(registerRows(demoRegister({ children: 40, seed: 3 }))),
    });
    const runPage = upload.headers.location as string;
    const failing = vi
      .spyOn(t.services.performance, 'countAhead')
      .mockRejectedValue(new Error('the read replica is down'));
    try {
      await expect(t.services.corporateParenting.countMeasures()).rejects.toThrow('the read replica is down');
      await expect(t.services.corporateParenting.countMeasures()).rejects.toThrow('the read replica is down');
    } finally {
      failing.mockRestore();
    }
    const state = await t.services.corporateParenting.countState();
    expect(state).toMatchObject({ kind: 'counting', failures: 2 });
    const panel = await officer.get('/corporate-parenting/panel');
    expect(panel.body).toContain('data-qa="count-failing"');
    expect(panel.body).toContain('tried to count the outcomes’ measures from it 2 times');
    expect(panel.body).not.toContain('read replica'); // the error is for the log, not the page
    const again = await officer.get(runPage);
    expect(again.body).toContain('Hearth could not count the outcome measures from this register (2 tries');

    expect(await t.services.corporateParenting.countMeasures()).toBe('counted');
    expect(await t.services.corporateParenting.countState()).toMatchObject({ kind: 'counted' });
    const latest = await t.database.db
      .selectFrom('cp_imports')
      .select(['count_failures', 'count_failed_at'])
      .where('outcome', '=', 'imported')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest).toEqual({ count_failures: 0, count_failed_at: null });
    expect((await officer.get('/corporate-parenting/panel')).body).not.toContain('count-failing');
  });
});
