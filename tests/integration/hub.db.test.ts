import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { newId } from '../../src/platform/db/ids.ts';
import type { PersonEntry } from '../../src/modules/front-door/answers.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { childEntry } from '../helpers/person-entry.ts';

/** The Hub: the queue, "who is this child?", decisions, manager approval, and the figures. */

let t: TestApp;
let screener: TestClient;
let manager: TestClient;
let serviceId: string;
const actor = { userId: null, label: 'hub test' };

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  expect((await client.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode).toBe(303);
  return client;
}

const user = (email: string) =>
  t.database.db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'display_name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
const child = (firstName: string, lastName: string, dateOfBirth: string) =>
  childEntry({ firstName, lastName, dateOfBirth });

/** A teacher's request, made through the front door's own service. Returns its id. */
async function practitionerRequest(people: PersonEntry[], level: number): Promise<string> {
  const teacher = await user('teacher@essex.example');
  const { frontDoor } = t.services;
  const draftId = await frontDoor.startDraft(actor, teacher.id);
  await frontDoor.saveDraft(teacher.id, draftId, 1, () => ({
    people,
    district: 'harlow',
    worries: [{ area: 'education', details: 'Missing school most Mondays.' }],
    strengths: 'Loving family; mum is keen to get help.',
    tried: { text: 'School nurse has met mum twice.', earlyHelpPlan: false, taf: false },
    level: { level, reasons: 'Needs are growing and more than one agency is involved.' },
    consent: { request: true, sharing: true, reason: '' },
  }));
  const submitted = await frontDoor.submitPractitionerRequest(
    actor,
    { userId: teacher.id, organisationId: teacher.organisation_id, name: teacher.display_name },
    draftId,
  );
  return submitted!.id;
}

const version = async (id: string) =>
  String(
    (
      await t.database.db
        .selectFrom('requests_for_support')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version,
  );
const status = async (id: string) =>
  (
    await t.database.db
      .selectFrom('requests_for_support')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;
const decisionForm = (over: Record<string, string | string[]>) => ({
  level: '2',
  reasons: 'Attendance worries; family want help.',
  pathway: 'advice-signposting',
  socialCareRoute: '',
  noFurtherActionReason: '',
  familyConsent: '',
  leadProfessional: '',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  const org = (
    await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('code', '=', 'barnardos')
      .executeTakeFirstOrThrow()
  ).id;
  serviceId = (
    await t.services.directory.createService(
      actor,
      org,
      {
        name: 'School attendance support',
        description: 'Helps families get children back to school.',
        status: 'active',
        isFree: true,
        accessRoute: 'self-referral',
        professionalsOnly: false,
        deliveryModes: ['in-person'],
        levels: [2],
        categories: ['parenting'],
        districts: [],
        countywide: true,
        languages: ['English'],
        contacts: [],
        locations: [],
      },
      { approved: true },
    )
  ).serviceId;
  screener = await signedIn('hub.practitioner@essex.example');
  manager = await signedIn('hub.manager@essex.example');
});
afterAll(() => t?.close());

describe('the Hub queue', () => {
  it('lists open requests with their timescale, filters them, and refuses unknown filter values', async () => {
    const id = await practitionerRequest([child('Jayden', 'Smith', '2016-04-05')], 2);
    const queue = await screener.get('/hub');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Jayden Smith');
    expect(queue.body).toMatch(/govuk-tag--(green|yellow|red) hearth-tag">(GREEN|AMBER|RED)/);
    expect((await screener.get('/hub?source=family')).body).not.toContain('Jayden Smith');
    expect((await screener.get('/hub?area=district:harlow&age=5-10&assigned=unassigned')).body).toContain(
      'Jayden Smith',
    );
    expect((await screener.get('/hub?area=district:basildon')).body).not.toContain('Jayden Smith');
    const bad = await screener.get('/hub?status=lost&area=atlantis&page=-1');
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Select a status from the list',
      'Select an area from the list',
      'Page must be a whole number from 1 to 10,000',
    ]);
    expect(await status(id)).toBe('new');
  });

  it('keeps partners and screeners out of what is not theirs', async () => {
    const teacher = await signedIn('teacher@essex.example');
    expect((await teacher.get('/hub')).statusCode).toBe(403);
    expect((await screener.get('/hub/approvals')).statusCode).toBe(403);
    expect((await screener.get(`/hub/requests/${newId()}`)).statusCode).toBe(404);
    expect((await screener.get('/hub/requests/nope')).statusCode).toBe(404);
  });
});

describe('screening a request', () => {
  it('matches each person to existing records, links only when the screener says so, and shows their history', async () => {
    const existing = await t.services.people.createPerson(actor, {
      firstName: 'Kayden',
      lastName: 'Smith',
      dateOfBirth: '2016-05-04',
      postcode: 'CM20 1AA',
      gender: 'male',
    });
    const earlier = await practitionerRequest([child('Kayden', 'Smith', '2016-05-04')], 2);
    const earlierPerson = (
      await t.database.db
        .selectFrom('request_people')
        .select('id')
        .where('request_id', '=', earlier)
        .executeTakeFirstOrThrow()
    ).id;
    await t.services.hub.linkPerson(actor, earlier, earlierPerson, existing);

    const id = await practitionerRequest([child('Kaden', 'Smith', '2016-04-05')], 2);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Records that may be Kaden');
    expect(page.body).toContain('Kayden Smith');
    const viewed = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', id)
      .where('action', '=', 'request-for-support.viewed')
      .execute();
    expect(viewed.length).toBe(1);

    const personId = (
      await t.database.db
        .selectFrom('request_people')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const linked = await screener.post(`/hub/requests/${id}/people/${personId}/link`, { candidateId: existing });
    expect(linked.statusCode).toBe(303);
    const after = await screener.follow(linked);
    expect(after.body).toContain('Linked to the existing record. Nothing has been merged.');
    expect(after.body).toContain('Earlier requests about Kaden');
    const again = await screener.post(`/hub/requests/${id}/people/${personId}/link`, { candidateId: existing });
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual([
      'This person has already been linked by someone else: check the request again',
    ]);
    const forged = await screener.post(`/hub/requests/${id}/people/${personId}/link`, { candidateId: 'x' });
    expect(errorSummary(forged.body)).toEqual(['Choose one of the records listed']);
  });

  it('creates a new person record when nobody matches', async () => {
    const id = await practitionerRequest([child('Zebedee', 'Quartermaine', '2019-02-02')], 2);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('Hearth has no record that looks like Zebedee');
    const personId = (
      await t.database.db
        .selectFrom('request_people')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await screener.post(`/hub/requests/${id}/people/${personId}/create`, {})).statusCode).toBe(303);
    const linked = await t.database.db
      .selectFrom('request_people')
      .select('person_id')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    expect(linked.person_id).not.toBeNull();
  });
});

describe('merging two records of the same child', () => {
  it('keeps both histories, is audited, and refuses a second merge', async () => {
    const keep = await t.services.people.createPerson(actor, {
      firstName: 'Ruby',
      lastName: 'Adams',
      dateOfBirth: '2017-01-01',
      postcode: 'CM20 2BB',
    });
    const duplicate = await t.services.people.createPerson(actor, {
      firstName: 'Rubie',
      lastName: 'Adams',
      dateOfBirth: '2017-01-01',
      postcode: 'CM20 2BB',
    });
    for (const [personId, name] of [
      [keep, 'Ruby'],
      [duplicate, 'Rubie'],
    ] as const) {
      const id = await practitionerRequest([child(name, 'Adams', '2017-01-01')], 2);
      const entered = (
        await t.database.db
          .selectFrom('request_people')
          .select('id')
          .where('request_id', '=', id)
          .executeTakeFirstOrThrow()
      ).id;
      await t.services.hub.linkPerson(actor, id, entered, personId);
    }
    const page = await screener.get(`/hub/people/${keep}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Other records that may be Ruby');
    expect(page.body).toContain(`value="${duplicate}"`);
    expect(page.body.match(/<tr class="govuk-table__row"><td class="govuk-table__cell"><a/g)).toHaveLength(1);

    const noReason = await screener.post(`/hub/people/${keep}/merge`, { duplicate, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)).toEqual(['Say why these records are the same person']);
    const itself = await screener.post(`/hub/people/${keep}/merge`, { duplicate: keep, reason: 'Same.' });
    expect(errorSummary(itself.body)).toEqual(['A record cannot be merged into itself']);

    const merged = await screener.post(`/hub/people/${keep}/merge`, {
      duplicate,
      reason: 'Same school; mum confirmed the spelling.',
    });
    expect(merged.statusCode).toBe(303);
    const after = await screener.follow(merged);
    expect(after.body).toContain('Also recorded as: Rubie Adams');
    expect(after.body.match(/<tr class="govuk-table__row"><td class="govuk-table__cell"><a/g)).toHaveLength(2);
    expect(after.body).not.toContain(`value="${duplicate}"`);
    const again = await screener.post(`/hub/people/${keep}/merge`, { duplicate, reason: 'Again.' });
    expect(errorSummary(again.body)).toEqual(['One of these records has already been merged: check the person again']);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', keep)
      .where('action', '=', 'person.merged')
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.details)).not.toContain('mum confirmed');
    const candidates = await t.services.people.findCandidates({
      firstName: 'Rubie',
      lastName: 'Adams',
      dateOfBirth: '2017-01-01',
    });
    expect(candidates.map((c) => c.id)).not.toContain(duplicate);
  });
});

describe('deciding', () => {
  it('assigns, refuses a stale assignment, checks the decision, then signposts and tells the requester', async () => {
    const id = await practitionerRequest([child('Mia', 'Jones', '2015-01-01')], 2);
    const v = await version(id);
    await screener.get(`/hub/requests/${id}`);
    expect((await screener.post(`/hub/requests/${id}/assign`, { version: v, to: 'me' })).statusCode).toBe(303);
    expect(await status(id)).toBe('in-screening');
    await manager.get(`/hub/requests/${id}`);
    const stale = await manager.post(`/hub/requests/${id}/assign`, { version: v, to: 'me' });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/^Someone else changed this request/);

    await screener.get(`/hub/requests/${id}/decide?q=school+attendance`);
    const empty = await screener.post(`/hub/requests/${id}/decide`, { version: await version(id) });
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select the level of need',
      'Enter the reasons for the decision, in your own words',
      'Select what happens next',
    ]);
    const wrong = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), pathway: 'family-solutions' }),
    );
    // Every problem at once: the pathway's level and its own question (issue 17, item 10).
    expect(errorSummary(wrong.body)).toEqual([
      'Family Solutions (level 3) is for level 3: change the level or the pathway',
      'Family Solutions needs the family’s consent: confirm they have agreed, or choose another pathway',
    ]);
    // Essex's tenant file: a Team Around the Family with a TAF Support Officer is level 2 only (seed 004).
    const tafAtThree = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), level: '3', pathway: 'taf' }),
    );
    expect(tafAtThree.statusCode).toBe(400);
    expect(errorSummary(tafAtThree.body)).toEqual([
      'Suggest a Team Around the Family is for level 2: change the level or the pathway',
    ]);
    const badDescriptor = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), descriptors: ['Made up'] }),
    );
    expect(errorSummary(badDescriptor.body)).toEqual(['Select descriptors from the list']);
    const noReason = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), pathway: 'no-further-action' }),
    );
    expect(errorSummary(noReason.body)).toEqual(['Enter why no further action is needed']);
    expect(await status(id)).toBe('in-screening');

    const decided = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), serviceIds: [serviceId], reasons: '<script>x</script> needs help' }),
    );
    expect(decided.statusCode).toBe(303);
    const page = await screener.follow(decided);
    expect(page.body).toContain('The decision is recorded');
    expect(page.body).toContain('&lt;script&gt;x&lt;/script&gt; needs help');
    expect(page.body).toMatch(
      /Services sent\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*School attendance support/,
    );
    expect(await status(id)).toBe('decided');
    const email = await t.services.notify.latestTo('teacher@essex.example');
    expect(email?.body).toMatch(new RegExp(`School attendance support: https?://[^/]+/services/${serviceId}`));
  });

  it('lets only one of two screeners decide', async () => {
    const id = await practitionerRequest([child('Noah', 'Brown', '2014-03-03')], 2);
    const v = await version(id);
    const other = await signedIn('hub.manager@essex.example');
    await other.get(`/hub/requests/${id}/decide`);
    await screener.get(`/hub/requests/${id}/decide`);
    expect((await screener.post(`/hub/requests/${id}/decide`, decisionForm({ version: v }))).statusCode).toBe(303);
    const late = await other.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: v, pathway: 'no-further-action', noFurtherActionReason: 'Already helped.' }),
    );
    expect(late.statusCode).toBe(400);
    expect(errorSummary(late.body)[0]).toMatch(/^Another screener decided this request/);
    const decisions = await t.database.db
      .selectFrom('hub_decisions')
      .select('pathway')
      .where('request_id', '=', id)
      .execute();
    expect(decisions).toEqual([{ pathway: 'advice-signposting' }]);
  });

  it('sends a level 4 decision to a manager, who approves it: the work goes to social care', async () => {
    const id = await practitionerRequest([child('Olivia', 'Green', '2013-06-06')], 4);
    await screener.get(`/hub/requests/${id}/decide`);
    const sent = await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({
        version: await version(id),
        level: '4',
        pathway: 'social-care',
        socialCareRoute: 'strategy-discussion',
        reasons: 'Disclosure of harm.',
      }),
    );
    expect((await screener.follow(sent)).body).toContain('waiting for a Hub manager');
    expect(await status(id)).not.toBe('decided');
    const approvals = await manager.get('/hub/approvals');
    expect(approvals.body).toContain('Level 4');
    const decisionId = (
      await t.database.db
        .selectFrom('hub_decisions')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    await manager.get(`/hub/requests/${id}`);
    expect(
      (await manager.post(`/hub/decisions/${decisionId}/review`, { outcome: 'approve', note: '' })).statusCode,
    ).toBe(303);
    expect(await status(id)).toBe('decided');
    const work = await t.database.db
      .selectFrom('hub_work_items')
      .select(['kind', 'level', 'status'])
      .where('request_id', '=', id)
      .execute();
    expect(work).toEqual([{ kind: 'social-care', level: 4, status: 'open' }]);

    // The receiving team picks it up through the Hub's interface; a second taker is told.
    const [item] = (await t.services.hub.openWorkItems('social-care', ['harlow'])).filter((w) => w.request_id === id);
    expect(item).toBeDefined();
    await t.services.hub.acceptWorkItem(actor, item!.id, item!.version);
    await expect(t.services.hub.acceptWorkItem(actor, item!.id, item!.version)).rejects.toThrow(
      /changed by someone else/,
    );
    expect((await t.services.hub.openWorkItems('social-care')).map((w) => w.id)).not.toContain(item!.id);

    // A later request about the same child shows who is working with her now.
    const entered = (
      await t.database.db
        .selectFrom('request_people')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const personId = await t.services.hub.createPersonFor(actor, id, entered);
    const later = await practitionerRequest([child('Olivia', 'Green', '2013-06-06')], 3);
    const laterEntered = (
      await t.database.db
        .selectFrom('request_people')
        .select('id')
        .where('request_id', '=', later)
        .executeTakeFirstOrThrow()
    ).id;
    await t.services.hub.linkPerson(actor, later, laterEntered, personId);
    const page = await screener.get(`/hub/requests/${later}`);
    expect(page.body).toMatch(
      /Level 4: Children’s social care \(level 4\)<br><strong class="govuk-tag govuk-tag--blue hearth-tag">Open<\/strong> with/,
    );
  });

  it('sends an override of the requester’s level to a manager, who can return it with a note', async () => {
    const id = await practitionerRequest([child('Leo', 'White', '2012-07-07')], 3);
    await screener.get(`/hub/requests/${id}/decide`);
    await screener.post(
      `/hub/requests/${id}/decide`,
      decisionForm({ version: await version(id), level: '2', pathway: 'taf', leadProfessional: 'Class teacher' }),
    );
    const decisionId = (
      await t.database.db
        .selectFrom('hub_decisions')
        .select('id')
        .where('request_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    await manager.get('/hub/approvals');
    await manager.post(`/hub/decisions/${decisionId}/review`, { outcome: 'return', note: '' });
    expect(
      (
        await t.database.db
          .selectFrom('hub_decisions')
          .select('state')
          .where('id', '=', decisionId)
          .executeTakeFirstOrThrow()
      ).state,
    ).toBe('awaiting-approval');
    await manager.post(`/hub/decisions/${decisionId}/review`, {
      outcome: 'return',
      note: 'Level 2 with a TAF: speak to school first.',
    });
    expect(
      (
        await t.database.db
          .selectFrom('hub_decisions')
          .select('state')
          .where('id', '=', decisionId)
          .executeTakeFirstOrThrow()
      ).state,
    ).toBe('returned');
    expect(await status(id)).toBe('in-screening');
    expect(
      await t.database.db.selectFrom('hub_work_items').select('id').where('request_id', '=', id).execute(),
    ).toEqual([]);
  });
});

describe('police notifications in the queue', () => {
  it('are marked for triage, and cannot be decided before they are triaged', async () => {
    const { token } = await t.services.apiClients.create(actor, {
      name: 'Essex Police',
      organisationCode: 'essex-police',
    });
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/police-notifications',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        notifications: [
          {
            police_reference: '42/99999/24',
            incident_date: '2024-06-03',
            concern_category: 'domestic-abuse',
            summary: 'Verbal argument; children upstairs.',
            district: 'harlow',
            officer: { name: 'PC Amy Clarke', number: '4417' },
            children: [
              {
                first_name: 'Lily',
                last_name: 'Turner',
                date_of_birth: '2016-02-14',
                gender: 'X',
                postcode: 'cm20 1aa',
              },
            ],
            adults: [],
          },
        ],
      }),
    });
    expect(sent.statusCode).toBe(202);
    const id = (
      await t.database.db
        .selectFrom('requests_for_support')
        .select('id')
        .where('source', '=', 'police')
        .executeTakeFirstOrThrow()
    ).id;
    const queue = await screener.get('/hub?source=police');
    expect(queue.body).toContain('Needs triage');
    expect(queue.body).toContain(`href="/hub/police/${id}"`);
    const page = await screener.get(`/hub/requests/${id}`);
    expect(page.body).toContain('This police notification has not been triaged');
    const decided = await screener.post(`/hub/requests/${id}/decide`, decisionForm({ version: await version(id) }));
    expect(decided.statusCode).toBe(400);
    expect(errorSummary(decided.body)).toEqual([
      'Triage this police notification first: no further action, pass it on, or screen it',
    ]);
    expect(await status(id)).toBe('new');
  });
});

describe('the partnership’s figures', () => {
  it('counts requests by source and area, decisions by level and pathway, and time to decision', async () => {
    const figures = await t.services.hub.figures(new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000));
    expect(figures.bySource.find((s) => s.source === 'practitioner')?.requests).toBeGreaterThanOrEqual(7);
    expect(figures.byArea.find((a) => a.district === 'Harlow')?.requests).toBeGreaterThanOrEqual(7);
    expect(figures.decisions).toEqual(
      expect.arrayContaining([
        { level: 2, pathway: 'advice-signposting', decisions: 2 },
        { level: 4, pathway: 'social-care', decisions: 1 },
      ]),
    );
    expect(figures.timeToDecision.decided).toBe(3);
    expect(figures.timeToDecision.median_hours).toBeGreaterThanOrEqual(0);
    expect(figures.rerequestsWithin12Months).toBeGreaterThanOrEqual(1);
  });
});
