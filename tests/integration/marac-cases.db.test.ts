import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { hubWorkItem, userByEmail } from '../../src/modules/early-help/test-support.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * MARAC referrals and cases (issue 15): a referral with the DASH risk checklist, its people matched to Hearth's people
 * and confirmed, a repeat found, the case a restricted record whose addresses follow the rules (a refuge only to MARAC;
 * the victim's address never with the person causing harm for anyone else), the lists, and the marker on the family
 * page; and every bad input the issue names refused with a clear message and nothing lost.
 */

let t: TestApp;
let signIns = 0;
async function signedIn(email: string) {
  const client = new TestClient(t.app, { remoteAddress: `203.0.113.${++signIns}` });
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

async function keyFor(client: TestClient) {
  const page = await client.get('/marac/referrals/new');
  return /name="submissionKey" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}
async function send(client: TestClient, form: Record<string, string | string[]>) {
  return client.post('/marac/referrals', { submissionKey: await keyFor(client), ...form });
}

const referral = (over: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  victimFirstName: 'Rosa',
  victimLastName: 'Penhallow',
  'victimDateOfBirth-day': '2',
  'victimDateOfBirth-month': '9',
  'victimDateOfBirth-year': '1991',
  victimGender: 'female',
  victimAddress: 'Flat 3, 9 Station Road, Harlow',
  victimPostcode: 'cm20 1ab',
  child1FirstName: 'Ivy',
  child1LastName: 'Penhallow',
  'child1DateOfBirth-day': '4',
  'child1DateOfBirth-month': '5',
  'child1DateOfBirth-year': '2017',
  child1Relationship: 'daughter',
  child1School: 'Harlow Fields Primary',
  harm1FirstName: 'Dale',
  harm1LastName: 'Crickmore',
  harm1Relationship: 'ex-partner',
  harm1Address: '40 Tye Green Village, Harlow',
  referringAgency: 'police',
  district: 'harlow',
  summary: 'Assault at home on Saturday; threats to kill since the separation.',
  ticked: ['1', '2', '3', '4', '5', '6', '7', '8', '10', '11', '12', '13', '14', '15'],
  policeCallouts: '1',
  ...over,
});
const idFrom = (location: unknown) => String(location).split('/').pop()!;
const cases = () => t.database.db.selectFrom('marac_cases').selectAll().execute();
const peopleOf = (caseId: string) =>
  t.database.db.selectFrom('marac_case_people').selectAll().where('case_id', '=', caseId).execute();

let teacher: TestClient;
let coordinator: TestClient;
let idva: TestClient;
let familyId: string;
const heard: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.services.maracCases.onReferred(async (tx, event) => {
    // Inside the referral's transaction: the case is already there.
    const row = await tx.selectFrom('marac_cases').select('id').where('id', '=', event.caseId).executeTakeFirst();
    if (row) heard.push(event.caseId);
  });
  teacher = await signedIn('teacher@essex.example');
  coordinator = await signedIn('marac.coordinator@essex.example');
  idva = await signedIn('marac.idva@essex.example');
  const item = await hubWorkItem(t.services, {
    kind: 'family-solutions',
    surname: 'Harrow',
    children: ['Ella', 'Finn'],
    parent: 'Dee',
  });
  const worker = await userByEmail(t.services, 'fs.worker@essex.example');
  ({ familyId } = await t.services.earlyHelp.startFromWorkItem(
    { userId: worker.id, label: worker.email },
    worker,
    item.id,
    item.version,
  ));
}, 120_000);
afterAll(() => t?.close());

describe('a referral', () => {
  it('refers with the checklist; the coordinator sees it in /marac and opens it, audited', async () => {
    const sent = await send(teacher, referral());
    expect(sent.statusCode).toBe(303);
    const id = idFrom(sent.headers.location);
    const row = (await cases()).find((c) => c.id === id)!;
    expect(row).toMatchObject({
      risk_basis: ['risk-checklist'],
      risk_checklist_score: 14,
      referring_agency: 'police',
      district_code: 'harlow',
      // The meetings side lists it on the next meeting inside the referral's transaction.
      status: 'listed',
      repeat_of: null,
    });
    expect(heard).toContain(id);
    const hearings = await t.database.db
      .selectFrom('marac_hearings')
      .select('meeting_id')
      .where('case_id', '=', id)
      .execute();
    expect(hearings).toHaveLength(1);
    const people = await peopleOf(id);
    expect(people.map((p) => p.role).sort()).toEqual(['child', 'person-causing-harm', 'victim']);
    expect(people.find((p) => p.role === 'victim')!.postcode).toBe('CM20 1AB');
    const list = await coordinator.get('/marac');
    expect(list.body).toContain(row.reference);
    const page = await coordinator.get(`/marac/cases/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ivy Penhallow');
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['marac-case.referred', 'marac-case.viewed']));
    // The referrer sees it under "Referrals you made".
    expect((await teacher.get('/marac')).body).toContain(row.reference);
  });

  it('refuses a referral without a victim, keeping what was typed', async () => {
    const before = (await cases()).length;
    const sent = await send(teacher, referral({ victimFirstName: '', victimLastName: '' }));
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'Enter the adult victim’s first name',
      'Enter the adult victim’s last name',
    ]);
    expect(sent.body).toContain('Assault at home on Saturday');
    expect((await cases()).length).toBe(before);
  });

  it('refuses a score outside 0-24 or not a number, and a tick that is not a question', async () => {
    for (const typedScore of ['25', '-1', 'fourteen', '3.5']) {
      const sent = await send(teacher, referral({ ticked: [], typedScore }));
      expect(sent.statusCode).toBe(400);
      expect(errorSummary(sent.body)).toEqual(['The risk checklist score must be a whole number from 0 to 24']);
      expect(sent.body).toContain(`value="${typedScore}"`);
    }
    const tick = await send(teacher, referral({ ticked: ['1', '25'] }));
    expect(tick.statusCode).toBe(400);
    expect(errorSummary(tick.body)).toEqual(['Tick only the risk checklist’s questions, 1 to 24']);
  });

  it('accepts a score typed when the checklist was completed elsewhere', async () => {
    const sent = await send(
      teacher,
      referral({ victimFirstName: 'Noor', victimLastName: 'Elstree', ticked: [], typedScore: '17' }),
    );
    expect(sent.statusCode).toBe(303);
    const row = (await cases()).find((c) => c.id === idFrom(sent.headers.location))!;
    expect(row).toMatchObject({
      risk_checklist_score: 17,
      risk_checklist_ticked: null,
      risk_basis: ['risk-checklist'],
    });
  });

  it('refuses a referral meeting no criterion, saying which thresholds it misses', async () => {
    const before = (await cases()).length;
    const sent = await send(teacher, referral({ ticked: ['1', '2', '3'], policeCallouts: '2' }));
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'This referral does not meet MARAC’s criteria for high risk: the risk checklist score is 3 (14 or more is high risk); professional judgement was not used; 2 police call-outs in 12 months (3 or more is escalation)',
    ]);
    expect(sent.body).toContain('Assault at home on Saturday');
    expect((await cases()).length).toBe(before);
  });

  it('takes professional judgement with its reason, and escalation by call-outs; refuses judgement without a reason', async () => {
    const bare = await send(teacher, referral({ ticked: [], judgement: 'yes', judgementReason: '' }));
    expect(bare.statusCode).toBe(400);
    expect(errorSummary(bare.body)).toEqual(['Enter why your professional judgement is that the risk is high']);
    const sent = await send(
      teacher,
      referral({
        victimFirstName: 'Tamsin',
        victimLastName: 'Orde',
        ticked: [],
        judgement: 'yes',
        judgementReason: 'Stalking has escalated.',
        policeCallouts: '4',
      }),
    );
    expect(sent.statusCode).toBe(303);
    const row = (await cases()).find((c) => c.id === idFrom(sent.headers.location))!;
    expect(row.risk_basis).toEqual(['professional-judgement', 'escalation']);
  });

  it('makes one case from ten parallel identical submits', async () => {
    const before = (await cases()).length;
    const key = await keyFor(teacher);
    const form = { submissionKey: key, ...referral({ victimFirstName: 'Agnes', victimLastName: 'Twelvetrees' }) };
    const sent = await Promise.all(Array.from({ length: 10 }, () => teacher.post('/marac/referrals', form)));
    expect(sent.every((r) => r.statusCode === 303 || r.statusCode === 409)).toBe(true);
    expect((await cases()).length).toBe(before + 1);
  });
});

describe('matching', () => {
  const family = (over: Record<string, string | string[]> = {}) =>
    referral({
      victimFirstName: 'Dee',
      victimLastName: 'Harrow',
      'victimDateOfBirth-day': '21',
      'victimDateOfBirth-month': '6',
      'victimDateOfBirth-year': '1988',
      child1FirstName: 'Ella',
      child1LastName: 'Harrow',
      'child1DateOfBirth-day': '10',
      'child1DateOfBirth-month': '3',
      'child1DateOfBirth-year': '2014',
      victimRefuge: 'yes',
      victimAddress: 'Refuge, 1 Secret Lane, Essex',
      ...over,
    });
  const members = async () => t.services.earlyHelp.membersOf(familyId);

  it('shows the candidates for the referrer to confirm, and refuses a child matched to two people', async () => {
    const first = await send(teacher, family());
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('data-qa="match-victim"');
    expect(first.body).toContain('data-qa="match-child1"');
    const ella = (await members()).find((m) => m.first_name === 'Ella')!;
    const finn = (await members()).find((m) => m.first_name === 'Finn')!;
    const before = (await cases()).length;
    const two = await send(
      teacher,
      family({ 'match-victim': 'none', 'match-child1': [ella.person_id!, finn.person_id!] }),
    );
    expect(two.statusCode).toBe(400);
    expect(errorSummary(two.body)).toEqual([
      'Choose one record for child 1: one person cannot be matched to two of Hearth’s people',
    ]);
    expect((await cases()).length).toBe(before);
    // Nothing lost: what was typed is kept, and the records are offered again with the problem beside child 1's
    // (the error summary's link lands there) and the victim's "none of these" still chosen.
    expect(two.body).toContain('value="Dee"');
    expect(two.body).toContain('value="Ella"');
    expect(two.body).toContain('Refuge, 1 Secret Lane, Essex');
    expect(two.body).toContain('data-qa="match-child1"');
    expect(two.body).toContain('id="match-child1-error"');
    expect(two.body).toMatch(/id="match-victim-\d+" name="match-victim" type="radio" value="none" checked/);
    expect(two.body.match(/id="match-child1"/g)).toHaveLength(1);
  });

  it('links the confirmed people; the family page shows the marker: a link for the referrer, only that it exists for the Hub', async () => {
    const dee = (await members()).find((m) => m.first_name === 'Dee')!;
    const ella = (await members()).find((m) => m.first_name === 'Ella')!;
    const sent = await send(teacher, family({ 'match-victim': dee.person_id!, 'match-child1': ella.person_id! }));
    expect(sent.statusCode).toBe(303);
    const id = idFrom(sent.headers.location);
    const people = await peopleOf(id);
    expect(people.find((p) => p.role === 'child')!.person_id).toBe(ella.person_id);
    expect(people.find((p) => p.role === 'victim')!.person_id).toBe(dee.person_id);
    // The Hub reaches a family that early help holds only through break-glass; the family's own workers open it.
    const hub = await (await signedIn('hub.practitioner@essex.example')).get(`/families/${familyId}`);
    expect(hub.statusCode).toBe(303);
    expect(String(hub.headers.location)).toMatch(/^\/break-glass\?/);
    for (const email of ['fs.manager@essex.example', 'fs.worker@essex.example']) {
      const page = await (await signedIn(email)).get(`/families/${familyId}`);
      expect(page.statusCode, email).toBe(200);
      expect(page.body).toContain(
        'Ella Harrow: a restricted record exists. To see it, ask the MARAC coordinators (Essex Police).',
      );
      expect(page.body).not.toContain(`/marac/cases/${id}`);
      expect(page.body).not.toContain('MARAC case');
    }
    // Invited to the case, the family's worker gets its link.
    const worker = await userByEmail(t.services, 'fs.worker@essex.example');
    const by = await userByEmail(t.services, 'marac.coordinator@essex.example');
    await t.database.db
      .insertInto('marac_invitations')
      .values({ id: newId(), case_id: id, user_id: worker.id, reason: 'Family Solutions worker', invited_by: by.id })
      .execute();
    const invited = await (await signedIn('fs.worker@essex.example')).get(`/families/${familyId}`);
    expect(invited.body).toMatch(/Ella Harrow: <a class="govuk-link" href="\/marac\/cases\//);
  });
});

describe('who sees what', () => {
  let refuge: string;
  beforeAll(async () => {
    const sent = await send(
      teacher,
      referral({
        victimFirstName: 'Mercy',
        victimLastName: 'Fairweather',
        victimRefuge: 'yes',
        victimAddress: 'Refuge, 7 Hidden Row',
      }),
    );
    refuge = idFrom(sent.headers.location);
    const invited = await userByEmail(t.services, 'fs.worker@essex.example');
    const by = await userByEmail(t.services, 'marac.coordinator@essex.example');
    await t.database.db
      .insertInto('marac_invitations')
      .values({ id: newId(), case_id: refuge, user_id: invited.id, reason: 'Works with the family', invited_by: by.id })
      .execute();
  });

  it('shows a refuge address only to MARAC; the referrer and an invited agency see the person causing harm, not the address', async () => {
    const matrix: [TestClient, boolean][] = [
      [coordinator, true],
      [idva, true],
      [teacher, false],
      [await signedIn('fs.worker@essex.example'), false],
    ];
    for (const [client, marac] of matrix) {
      const page = await client.get(`/marac/cases/${refuge}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Dale Crickmore');
      if (marac) {
        expect(page.body).toContain('Refuge, 7 Hidden Row');
        expect(page.body).toContain('refuge address: never shown outside MARAC');
      } else {
        expect(page.body).not.toContain('Hidden Row');
        expect(page.body).not.toContain('CM20 1AB');
        expect(page.body).toContain('Held by MARAC');
      }
    }
  });

  it('refuses another role’s user with the restricted page, audited', async () => {
    const manager = await signedIn('fs.manager@essex.example');
    const page = await manager.get(`/marac/cases/${refuge}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('A restricted record exists. To see it, ask the MARAC coordinators (Essex Police)');
    expect(page.body).not.toContain('Mercy');
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('outcome')
      .where('action', '=', 'record.view-denied')
      .where('subject_id', '=', refuge)
      .execute();
    expect(denied.length).toBeGreaterThan(0);
  });

  it('marks a repeat referral of the same victim within 12 months, on the case and the list', async () => {
    const again = await send(teacher, referral({ victimFirstName: 'Mercy', victimLastName: 'Fairweather' }));
    expect(again.statusCode).toBe(303);
    const id = idFrom(again.headers.location);
    const row = (await cases()).find((c) => c.id === id)!;
    expect(row.repeat_of).toBe(refuge);
    expect((await coordinator.get(`/marac/cases/${id}`)).body).toContain('data-qa="repeat"');
    const repeats = await coordinator.get('/marac?repeat=yes');
    expect(repeats.body).toContain(row.reference);
    expect((await coordinator.get('/marac?repeat=no')).body).not.toContain(row.reference);
  });
});

describe('figures', () => {
  it('counts referrals, the share that are repeats, and the children, by district', async () => {
    const all = await cases();
    const from = all.map((c) => c.referred_at.toISOString().slice(0, 10)).sort()[0]!;
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const compute = (key: string) =>
      t.services.computedIndicators.find((i) => i.key === key)!.compute(t.database.db, { from, to }, 'district');
    const referrals = await compute('marac.referrals');
    expect(referrals.total.value).toBe(all.length);
    const repeats = await compute('marac.repeat-referrals');
    expect(repeats.total).toMatchObject({ numerator: all.filter((c) => c.repeat_of).length, denominator: all.length });
    const children = await t.database.db
      .selectFrom('marac_case_people')
      .select('id')
      .where('role', '=', 'child')
      .execute();
    const counted = await compute('marac.children');
    expect(counted.total.value).toBe(children.length);
    expect(counted.groups?.find((g) => g.key === 'harlow')?.figure.value).toBe(children.length);
  });
});
