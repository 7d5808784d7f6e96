import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { todayInLondon } from '../../src/platform/calendar/london.ts';
import { TestClient } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Restricted records on the child's pages (issue 13): an exploitation concern is matched to the child, and the
 * family page shows it. Whoever may see the concern gets its link; anyone else who opens the family learns only that
 * a restricted record exists and whom to ask, never what it is about.
 */

let t: TestApp;
let signIns = 0;
async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `192.0.2.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const [year, month, day] = todayInLondon().split('-') as [string, string, string];
const concern = (child: { first: string; last: string; dob?: [string, string, string] }) => ({
  childFirstName: child.first,
  childLastName: child.last,
  'childDateOfBirth-day': child.dob?.[2] ?? '',
  'childDateOfBirth-month': child.dob?.[1] ?? '',
  'childDateOfBirth-year': child.dob?.[0] ?? '',
  kinds: 'criminal',
  settings: 'in-person',
  indicators: 'missing',
  whatSeen: 'New phone and trainers; seen at the station late at night with older boys.',
  district: 'harlow',
  judgement: 'could-be',
  policeReported: 'yes',
  policeReference: '42/777/26',
  'policeReportedOn-day': String(Number(day)),
  'policeReportedOn-month': String(Number(month)),
  'policeReportedOn-year': year,
  policeOfficer: 'PC 9 Ward',
  policeNotYetReason: '',
});

async function raise(client: TestClient, form: Record<string, string>) {
  const page = await client.get('/exploitation/concerns/new');
  const key = /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const sent = await client.post('/exploitation/concerns', { ...form, submissionKey: key });
  expect(sent.statusCode).toBe(303);
  return (sent.headers.location as string).split('/').pop()!;
}

let familyId: string;
beforeAll(async () => {
  t = await createTestApp();
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname: 'Quill',
    children: ['Mia', 'Noah'],
    parent: 'Dee',
  });
  const worker = await userByEmail(t.services, 'fs.worker@essex.example');
  ({ familyId } = await t.services.earlyHelp.startFromWorkItem(
    { userId: worker.id, label: worker.email },
    worker,
    item.id,
    item.version,
  ));
});
afterAll(async () => {
  await t?.close();
});

describe('restricted records on the family page', () => {
  it('matches the concern to the child and shows its link to whoever raised it', async () => {
    const worker = await signedIn('fs.worker@essex.example');
    const id = await raise(worker, concern({ first: 'Mia', last: 'Quill', dob: ['2014', '03', '10'] }));
    const row = await t.database.db
      .selectFrom('exploitation_concerns')
      .select('person_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const mia = (await t.services.earlyHelp.membersOf(familyId)).find((m) => m.first_name === 'Mia')!;
    expect(row.person_id).toBe(mia.person_id);
    const page = await worker.get(`/families/${familyId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/exploitation/concerns/${id}"`);
    expect(page.body).toMatch(/Mia Quill: <a class="govuk-link" href="\/exploitation\/concerns\//);
  });

  it('tells anyone else who opens the family only that a restricted record exists and whom to ask', async () => {
    const manager = await signedIn('fs.manager@essex.example');
    const page = await manager.get(`/families/${familyId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      'Mia Quill: a restricted record exists. To see it, ask the MACE coordinator for your quadrant, through the Children and Families Hub.',
    );
    expect(page.body).not.toContain('/exploitation/concerns/');
    expect(page.body).not.toContain('Exploitation concern');
    // Noah has none.
    expect(page.body).not.toContain('Noah Quill: a restricted record');
  });

  it('shows a child’s open MACE 1 case the same way: its link for the panel, and only that it exists for others', async () => {
    const { db } = t.database;
    const mia = (await t.services.earlyHelp.membersOf(familyId)).find((m) => m.first_name === 'Mia')!;
    const harlow = await db
      .selectFrom('districts')
      .select(['id', 'quadrant_id'])
      .where('code', '=', 'harlow')
      .executeTakeFirstOrThrow();
    const coordinator = await userByEmail(t.services, 'mace.coordinator@essex.example');
    const caseId = '0190a4d2-6c1e-7d3a-9b4f-2a1c3e5d7f91';
    await db
      .insertInto('mace1_cases')
      .values({
        id: caseId,
        kind: 'at-risk',
        child_first_name: 'Mia',
        child_last_name: 'Quill',
        child_date_of_birth: '2014-03-10',
        person_id: mia.person_id,
        district_id: harlow.id,
        quadrant_id: harlow.quadrant_id,
        why: 'Seen with older males at the station.',
        agencies: 'Police',
        opened_on: todayInLondon(),
        opened_by: coordinator.id,
      })
      .execute();
    // The worker raised a concern (its link) but does not sit on a MACE panel: the case only exists for them.
    const page = await (await signedIn('fs.worker@essex.example')).get(`/families/${familyId}`);
    expect(page.body).toContain('href="/exploitation/concerns/');
    expect(page.body).not.toContain(`/mace/cases/${caseId}`);
    expect(page.body).toContain('Mia Quill: a restricted record exists. To see it, ask');
    const markers = await t.services.restricted.forPeople([mia.person_id], coordinator);
    expect(markers.find((m) => m.kind === 'MACE 1 case')?.href).toBe(`/mace/cases/${caseId}`);
  });

  it('opens only a MACE 1 case’s outline to a caseworker’s emergency access, telling the MACE coordinators', async () => {
    const caseId = '0190a4d2-6c1e-7d3a-9b4f-2a1c3e5d7f91';
    const { db } = t.database;
    const police = await db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'essex-police')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('mace1_plan_actions')
      .values({
        id: '0190a4d2-6c1e-7d3a-9b4f-2a1c3e5d7f92',
        case_id: caseId,
        organisation_id: police.id,
        action: 'Disrupt the county line at the station.',
        owner: 'DC Khan',
        due_on: todayInLondon(),
      })
      .execute();
    const worker = await signedIn('fs.worker@essex.example');
    const offer = await worker.get(`/mace/cases/${caseId}`);
    expect(offer.statusCode).toBe(303);
    expect(offer.headers.location).toMatch(/^\/break-glass\?type=mace-case&id=/);
    const glass = await worker.get(offer.headers.location as string);
    expect(glass.body).toContain('This is a restricted record');
    expect(glass.body).not.toContain('Mia');
    const before = (await db.selectFrom('notify_outbox').select('id').execute()).length;
    const granted = await worker.post(offer.headers.location as string, {
      reason: 'The child is missing and the police ask whether MACE knows her.',
      minutes: '30',
    });
    expect(granted.statusCode).toBe(303);
    const page = await worker.get(`/mace/cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Mia');
    expect(page.body).not.toContain('Disrupt the county line');
    const sent = (await db.selectFrom('notify_outbox').select('recipient').execute()).slice(before);
    expect(sent.map((e) => e.recipient)).toContain('mace.coordinator@essex.example');
  });

  it('leaves a concern unmatched when the details fit no one person, and the family page says nothing', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const id = await raise(teacher, concern({ first: 'Zed', last: 'Nobody' }));
    const row = await t.database.db
      .selectFrom('exploitation_concerns')
      .select('person_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.person_id).toBeNull();
  });
});
