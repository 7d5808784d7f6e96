import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/seed-demo.ts';
import { FAMILY_SUBMITS_PER_HOUR } from '../../src/modules/front-door/family/routes.ts';
import { addMonths, todayInLondon } from '../../src/modules/front-door/rules.ts';
import { TestClient, errorSummary } from '../helpers/http-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function signedIn(email: string) {
  const client = new TestClient(t.app);
  await client.get('/sign-in');
  const response = await client.post('/sign-in', { email, password: DEMO_PASSWORD });
  expect(response.statusCode).toBe(303);
  return client;
}

const versionOf = (html: string) => /name="version" id="version" value="(\d+)"/.exec(html)?.[1] ?? '';
const count = async (table: 'requests_for_support' | 'request_people') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Starts a draft and returns its address. */
async function startDraft(client: TestClient) {
  await client.get('/requests/new');
  const started = await client.post('/requests/new');
  expect(started.statusCode).toBe(303);
  return String(started.headers.location);
}

/** GETs a section (for its CSRF token and version) and posts it. */
async function save(client: TestClient, url: string, form: Record<string, string | string[]>) {
  const page = await client.get(url);
  expect(page.statusCode).toBe(200);
  return client.post(url, { version: versionOf(page.body), ...form });
}

const A_CHILD = {
  role: 'child',
  firstName: 'Amy',
  lastName: 'Smith',
  'dateOfBirth-day': '14',
  'dateOfBirth-month': '2',
  'dateOfBirth-year': String(Number(todayInLondon().slice(0, 4)) - 9),
  gender: 'female',
  address: '1 High Street\nChelmsford',
  postcode: 'cm1 1qh',
  school: 'Chelmsford Primary',
  hasSend: 'no',
};

async function completeDraft(client: TestClient, draft: string, options: { consent?: boolean; level?: string } = {}) {
  expect((await save(client, `${draft}/support`, { requestKind: 'new' })).statusCode).toBe(303);
  expect((await save(client, `${draft}/people/add`, A_CHILD)).statusCode).toBe(303);
  expect((await save(client, `${draft}/people`, { district: 'chelmsford' })).statusCode).toBe(303);
  expect(
    (
      await save(client, `${draft}/worries`, {
        areas: ['education', 'health'],
        'worry-education': 'Missing school on Mondays',
        'worry-health': 'Low mood',
      })
    ).statusCode,
  ).toBe(303);
  expect((await save(client, `${draft}/strengths`, { strengths: 'Close to her grandmother' })).statusCode).toBe(303);
  expect(
    (await save(client, `${draft}/tried`, { tried: 'School mentor', earlyHelpPlan: 'no', taf: 'no' })).statusCode,
  ).toBe(303);
  expect(
    (await save(client, `${draft}/level`, { level: options.level ?? '2', levelReasons: 'Emerging needs' })).statusCode,
  ).toBe(303);
  const consent: Record<string, string> =
    options.consent === false
      ? { consentToRequest: 'no', consentToSharing: 'no', noConsentReason: 'Asking would put Amy at risk' }
      : { consentToRequest: 'yes', consentToSharing: 'yes' };
  expect((await save(client, `${draft}/consent`, consent)).statusCode).toBe(303);
}

describe('a practitioner’s Request for Support', () => {
  let teacher: TestClient;
  beforeAll(async () => {
    teacher = await signedIn('teacher@essex.example');
  });

  it('goes from the task list through check your answers to a reference, once however often it is sent', async () => {
    const draft = await startDraft(teacher);
    expect(draft).toMatch(/^\/requests\/drafts\/[0-9a-f-]{36}$/);
    let list = await teacher.get(draft);
    expect(list.body).toContain('You have completed 0 of 7 sections');
    await completeDraft(teacher, draft);
    list = await teacher.get(draft);
    expect(list.body).toContain('You have completed 7 of 7 sections');

    const check = await teacher.get(`${draft}/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Missing school on Mondays');
    expect(check.body).toContain('CM1 1QH');
    expect(check.body).toContain('Level 2: Additional');
    expect(check.body).toContain('No, this is a new request');
    const before = await count('requests_for_support');
    const sent = await teacher.post(`${draft}/check`, { version: versionOf(check.body) });
    expect(sent.statusCode).toBe(303);
    const again = await teacher.post(`${draft}/check`, { version: versionOf(check.body) });
    expect(again.headers.location).toBe(sent.headers.location);
    expect(await count('requests_for_support')).toBe(before + 1);

    const confirmation = await teacher.follow(sent);
    expect(confirmation.body).toContain('Request sent');
    const reference = /data-qa="reference">([A-Z0-9 ]+)</.exec(confirmation.body)?.[1];
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4} [A-HJ-NP-Z2-9]{4}$/);
    const yours = await teacher.get('/requests');
    expect(yours.body).toContain(reference);
    expect(yours.body).toContain('Amy Smith');
    // A sent draft can no longer be changed: its pages lead to the confirmation.
    expect((await teacher.get(`${draft}/strengths`)).headers.location).toBe(sent.headers.location);
  });

  it('catches a stale edit from another tab and keeps the saved answers', async () => {
    const draft = await startDraft(teacher);
    const tabA = await teacher.get(`${draft}/strengths`);
    const tabB = await teacher.get(`${draft}/strengths`);
    expect(
      (await teacher.post(`${draft}/strengths`, { version: versionOf(tabA.body), strengths: 'From tab A' })).statusCode,
    ).toBe(303);
    const stale = await teacher.post(`${draft}/strengths`, { version: versionOf(tabB.body), strengths: 'From tab B' });
    expect(stale.statusCode).toBe(400);
    expect(errorSummary(stale.body)[0]).toMatch(/changed in another tab or window/);
    expect(stale.body).toContain('From tab A');
  });
});

describe('bad input on the practitioner’s form', () => {
  let teacher: TestClient;
  let draft: string;
  beforeAll(async () => {
    teacher = await signedIn('teacher@essex.example');
    draft = await startDraft(teacher);
  });

  const person = (fields: Record<string, string>) => save(teacher, `${draft}/people/add`, { ...A_CHILD, ...fields });

  it('lists every empty required answer in the order of the page', async () => {
    const empty = await save(teacher, `${draft}/people/add`, {});
    expect(empty.statusCode).toBe(400);
    expect(errorSummary(empty.body)).toEqual([
      'Select who this person is',
      'Enter their first name',
      'Enter their last name',
    ]);
    const child = await save(teacher, `${draft}/people/add`, { role: 'child' });
    expect(errorSummary(child.body)).toEqual([
      'Enter their first name',
      'Enter their last name',
      'Enter their date of birth',
    ]);
    const adult = await person({
      role: 'parent-carer',
      'dateOfBirth-day': '',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '',
    });
    expect(errorSummary(adult.body)).toEqual([
      'Enter their relationship to the child or children, like mother or grandparent',
    ]);
    for (const [section, messages] of Object.entries({
      worries: ['Select at least one area of worry'],
      strengths: ['Describe the family’s strengths'],
      tried: [
        'Describe what has already been tried',
        'Select yes if the family has an Early Help Plan',
        'Select yes if there is a Team Around the Family',
      ],
      level: ['Select the level of need you think applies', 'Explain why you think this level of need applies'],
      consent: [
        'Select yes if the family has agreed to this request',
        'Select yes if the family has agreed to information about them being shared',
      ],
    })) {
      const response = await save(teacher, `${draft}/${section}`, {});
      expect(response.statusCode, section).toBe(400);
      expect(errorSummary(response.body), section).toEqual(messages);
    }
    const worry = await save(teacher, `${draft}/worries`, { areas: 'housing' });
    expect(errorSummary(worry.body)).toEqual(['Describe the worries about ‘Secure housing’']);
    const noDistrict = await save(teacher, `${draft}/people`, { district: 'atlantis' });
    expect(errorSummary(noDistrict.body)).toEqual([
      'Add at least one child',
      'Select the district the family lives in',
    ]);
  });

  it('refuses dates of birth in the future, over 120 years ago, or not real, and expected dates too far ahead', async () => {
    const today = todayInLondon();
    const [y, m, d] = today.split('-');
    const date = (iso: string) => ({
      'dateOfBirth-day': String(Number(iso.slice(8))),
      'dateOfBirth-month': String(Number(iso.slice(5, 7))),
      'dateOfBirth-year': iso.slice(0, 4),
    });
    const cases: [Record<string, string>, string][] = [
      [
        date(addMonths(today, 1)),
        'Date of birth must be today or in the past. For an unborn baby, tick ‘Not born yet’ and enter the expected date',
      ],
      [
        { 'dateOfBirth-day': d!, 'dateOfBirth-month': m!, 'dateOfBirth-year': String(Number(y) - 130) },
        'Date of birth must be within the last 120 years: check the year',
      ],
      [
        { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2015' },
        'Date of birth must be a real date, like 27 3 2015',
      ],
      [
        { 'dateOfBirth-day': '3', 'dateOfBirth-month': '', 'dateOfBirth-year': '2015' },
        'Date of birth must include a month',
      ],
      [
        { isExpected: 'yes', ...date(addMonths(today, 11)) },
        'The expected date of birth must be within the next 10 months',
      ],
      [
        { isExpected: 'yes', ...date(addMonths(today, -1)) },
        'The expected date of birth must be today or in the future. If the baby has been born, untick ‘Not born yet’ and enter their date of birth',
      ],
    ];
    for (const [fields, message] of cases) {
      const response = await person(fields);
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual([message]);
      expect(response.body).toContain('href="#dateOfBirth-day"');
    }
    // An unborn baby due within 10 months is fine.
    expect((await person({ isExpected: 'yes', firstName: 'Baby', ...date(addMonths(today, 6)) })).statusCode).toBe(303);
  });

  it('flags a child over 18 (or over 25 with SEND) on check your answers and stores the flag, without refusing', async () => {
    const client = await signedIn('police@essex.example');
    const other = await startDraft(client);
    const year = Number(todayInLondon().slice(0, 4));
    await completeDraft(client, other);
    expect(
      (
        await save(client, `${other}/people/add`, {
          ...A_CHILD,
          firstName: 'Ben',
          'dateOfBirth-year': String(year - 19),
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await save(client, `${other}/people/add`, {
          ...A_CHILD,
          firstName: 'Cal',
          'dateOfBirth-year': String(year - 22),
          hasSend: 'yes',
          sendDetails: 'EHC plan',
        })
      ).statusCode,
    ).toBe(303);
    const check = await client.get(`${other}/check`);
    expect(check.body).toMatch(/Ben Smith is 1[89]\. Support through the Hub is usually for children under 18/);
    expect(check.body).not.toContain('Cal Smith is');
    const sent = await client.post(`${other}/check`, {});
    const id = String(sent.headers.location).split('/').pop()!;
    expect((await t.services.frontDoor.request(id))?.flags).toEqual(['over-18']);
  });

  it('stores HTML and script exactly as typed and shows them as text', async () => {
    const script = '<script>alert("x")</script><b>bold</b>';
    // A name is a name (the one name rule): markup is refused there, kept as typed and shown as text.
    const named = await person({ firstName: script });
    expect(errorSummary(named.body)).toEqual(['First name must only include letters, spaces, hyphens and apostrophes']);
    expect(named.body).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"');
    expect((await person({ relationship: script, role: 'other' })).statusCode).toBe(303);
    expect((await save(teacher, `${draft}/strengths`, { strengths: script })).statusCode).toBe(303);
    const list = await teacher.get(`${draft}/people`);
    expect(list.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(list.body).not.toContain('<script>alert');
    const saved = await t.services.frontDoor.draft(
      (
        await t.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'teacher@essex.example')
          .executeTakeFirstOrThrow()
      ).id,
      draft.split('/').pop()!,
    );
    expect(saved?.answers.strengths).toBe(script);
    expect(saved?.answers.people.some((p) => p.relationship === script)).toBe(true);
  });

  it('refuses huge text with the limit, and malformed postcodes', async () => {
    const huge = await save(teacher, `${draft}/strengths`, { strengths: 'x'.repeat(3001) });
    expect(errorSummary(huge.body)).toEqual(['Strengths must be 3000 characters or fewer']);
    expect(huge.body).toContain('govuk-character-count');
    expect(huge.body).toContain('x'.repeat(3001));
    for (const postcode of ['CM1', 'not a postcode', '12345']) {
      const response = await person({ postcode });
      expect(errorSummary(response.body)).toEqual(['Enter a full UK postcode, like CM1 1QH']);
      expect(response.body).toContain(`value="${postcode}"`);
    }
  });

  it('will not send without consent unless it is a level 4 safeguarding concern with a reason', async () => {
    const reason = await save(teacher, `${draft}/consent`, { consentToRequest: 'yes', consentToSharing: 'no' });
    expect(errorSummary(reason.body)).toEqual(['Explain why the family’s consent was not sought']);
    expect(reason.body).toContain('can only go ahead as a safeguarding concern at level 4');

    const client = await signedIn('tafso@essex.example');
    const other = await startDraft(client);
    await completeDraft(client, other, { consent: false, level: '3' });
    const before = await count('requests_for_support');
    // The task list and the check page use Send's own check: consent and level need changing, no Send button.
    const list = await client.get(other);
    expect(list.body.match(/Needs changing/g)).toHaveLength(2);
    expect(list.body).toContain('Cannot send yet');
    expect(list.body).not.toContain('Ready to send');
    const check = await client.get(`${other}/check`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('govuk-error-summary');
    expect(check.body).toContain(`<a href="${other}/level">Without the family’s agreement`);
    expect(check.body).not.toContain('data-qa="send"');
    expect(check.body).not.toContain('It will go to the Hub as a safeguarding concern at level 4');
    const refused = await client.post(`${other}/check`, {});
    expect(refused.statusCode).toBe(400);
    // The error summary links to the page that fixes it: the level of need.
    expect(refused.body).toContain(
      `<a href="${other}/level">Without the family’s agreement, a request can only go ahead as a safeguarding concern at level 4 (Specialist). Change the level of need to 4, or ask the family for their agreement first.</a>`,
    );
    expect(await count('requests_for_support')).toBe(before);
    expect(
      (await save(client, `${other}/level`, { level: '4', levelReasons: 'Likely to suffer significant harm' }))
        .statusCode,
    ).toBe(303);
    const ready = await client.get(`${other}/check`);
    expect(ready.body).toContain('It will go to the Hub as a safeguarding concern at level 4');
    expect(ready.body).toContain('data-qa="send"');
    expect((await client.get(other)).body).toContain('Ready to send');
    const sent = await client.post(`${other}/check`, {});
    expect(sent.statusCode).toBe(303);
    const id = String(sent.headers.location).split('/').pop()!;
    expect(await t.services.frontDoor.request(id)).toMatchObject({
      requested_level: 4,
      consent_to_request: false,
      no_consent_reason: 'Asking would put Amy at risk',
      priority: 'immediate',
    });
  });

  it('gives a clear page for an expired or forged form token, saying the draft is kept', async () => {
    await teacher.get(`${draft}/strengths`);
    const forged = await teacher.post(`${draft}/strengths`, { _csrf: 'forged', version: '1', strengths: 'x' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('This page has expired');
    expect(forged.body).toContain('Everything you saved before that is kept in your draft request');
    expect(forged.body).toContain(`href="${draft}"`);
  });
});

describe('a step up or step down through the same front door', () => {
  let teacher: TestClient;
  beforeAll(async () => {
    teacher = await signedIn('teacher@essex.example');
  });

  it('explains a missing handover summary or level, an unknown kind, and a level that goes the wrong way', async () => {
    const draft = await startDraft(teacher);
    const cases: [Record<string, string>, string[]][] = [
      [{}, ['Select whether the family is already getting support']],
      [{ requestKind: 'sideways' }, ['Select whether the family is already getting support']],
      [
        { requestKind: 'step-up', currentLevel: '2' },
        [
          'Enter the handover summary: what has been done, what is working, what is not, and why the level should change',
        ],
      ],
      [{ requestKind: 'step-down', handoverSummary: 'Closing' }, ['Select the family’s level of need now']],
      [
        { requestKind: 'step-up', currentLevel: '4', handoverSummary: 'More' },
        [
          'Level 4 is the highest level of need, so a family at level 4 cannot be stepped up. Choose step down, or a new request',
        ],
      ],
      [
        { requestKind: 'step-up', currentLevel: '9', handoverSummary: 'More' },
        ['Select the family’s level of need now'],
      ],
      [
        { requestKind: 'step-up', currentLevel: '2', handoverSummary: 'x'.repeat(5001) },
        ['The handover summary must be 5,000 characters or fewer'],
      ],
    ];
    for (const [form, messages] of cases) {
      const response = await save(teacher, `${draft}/support`, form);
      expect(response.statusCode, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(errorSummary(response.body)).toEqual(messages);
    }
    const kept = await save(teacher, `${draft}/support`, {
      requestKind: 'step-up',
      currentLevel: '2',
      handoverSummary: '<b>Kept as typed</b>' + 'x'.repeat(5001),
    });
    expect(kept.body).toContain('&lt;b&gt;Kept as typed&lt;/b&gt;');

    expect(
      (
        await save(teacher, `${draft}/support`, {
          requestKind: 'step-up',
          currentLevel: '3',
          handoverSummary: 'Parenting course done; drinking worse.',
        })
      ).statusCode,
    ).toBe(303);
    for (const level of ['3', '1']) {
      const wrong = await save(teacher, `${draft}/level`, { level, levelReasons: 'Worse' });
      expect(wrong.statusCode).toBe(400);
      expect(errorSummary(wrong.body)).toEqual([
        'A step up must ask for a higher level of need than the family’s level now (level 3, Intensive). Choose a higher level, or change your answer to “Is the family already getting support?”',
      ]);
    }
    expect((await save(teacher, `${draft}/level`, { level: '4', levelReasons: 'Worse' })).statusCode).toBe(303);
    // Changing the answer to a step down makes the saved level go the wrong way: the level page comes next.
    const changed = await save(teacher, `${draft}/support?return=check`, {
      requestKind: 'step-down',
      currentLevel: '3',
      handoverSummary: 'Closing',
    });
    expect(changed.headers.location).toBe(`${draft}/level?return=check`);
  });

  it('sends a step up that the Hub sees with its kind, level now and handover, and can filter by', async () => {
    const draft = await startDraft(teacher);
    await completeDraft(teacher, draft, { level: '4' });
    expect(
      (
        await save(teacher, `${draft}/support`, {
          requestKind: 'step-up',
          currentLevel: '2',
          handoverSummary: 'Early Help since January.\nAttendance better; home worse.',
        })
      ).statusCode,
    ).toBe(303);
    const check = await teacher.get(`${draft}/check`);
    expect(check.body).toContain('Yes, and they need more help (step up)');
    expect(check.body).toContain('Level 2: Additional');
    expect(check.body).toContain('Attendance better; home worse.');
    expect(check.body).toContain(`href="${draft}/support?return=check"`);
    const sent = await teacher.post(`${draft}/check`, { version: versionOf(check.body) });
    expect(sent.statusCode).toBe(303);
    const id = String(sent.headers.location).split('/').pop()!;
    expect(
      await t.database.db
        .selectFrom('requests_for_support')
        .select(['request_kind', 'current_level', 'requested_level'])
        .where('id', '=', id)
        .executeTakeFirst(),
    ).toEqual({ request_kind: 'step-up', current_level: 2, requested_level: 4 });

    const hub = await signedIn('hub.practitioner@essex.example');
    const steps = await hub.get('/hub?kind=step-up');
    expect(steps.statusCode).toBe(200);
    expect(steps.body).toContain(`/hub/requests/${id}`);
    expect(steps.body).toContain('data-qa="kind">Step up<');
    expect((await hub.get('/hub?kind=new&kind=step-down')).body).not.toContain(`/hub/requests/${id}`);
    const badKind = await hub.get('/hub?kind=sideways');
    expect(badKind.statusCode).toBe(400);
    expect(errorSummary(badKind.body)).toEqual(['Select a kind of request from the list']);
    const page = await hub.get(`/hub/requests/${id}`);
    expect(page.body).toContain('data-qa="level-change"');
    expect(page.body).toContain('Level 2: Additional');
    expect(page.body).toContain(
      '<p class="govuk-body">Early Help since January.<br>Attendance better; home worse.</p>',
    );
  });

  it('will not send a draft whose first question is unanswered from the page', async () => {
    const draft = await startDraft(teacher);
    await completeDraft(teacher, draft);
    // As if begun before the question was asked: the service would send it as new, the pages ask first.
    const { id: userId } = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'teacher@essex.example')
      .executeTakeFirstOrThrow();
    const saved = (await t.services.frontDoor.draft(userId, draft.split('/').pop()!))!;
    await t.services.frontDoor.saveDraft(userId, saved.id, saved.version, ({ support: _support, ...rest }) => rest);
    expect((await teacher.get(`${draft}/check`)).headers.location).toBe(draft);
    const check = await teacher.get(draft);
    expect(check.body).toContain('You have completed 6 of 7 sections');
    const before = await count('requests_for_support');
    const refused = await teacher.post(`${draft}/check`, { version: versionOf(check.body) });
    expect(refused.headers.location).toBe(draft);
    expect(await count('requests_for_support')).toBe(before);
  });
});

describe('who may ask', () => {
  it('sends anonymous users to sign in and refuses a directory provider, auditing the denial', async () => {
    const anonymous = new TestClient(t.app);
    for (const url of ['/requests', '/requests/new']) {
      const response = await anonymous.get(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in');
    }
    const provider = await signedIn('provider@essex.example');
    expect((await provider.get('/requests/new')).statusCode).toBe(403);
    expect((await provider.get('/')).body).not.toContain('Request support');
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'permission.denied')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(denied.details).toMatchObject({ action: 'request:make' });
  });

  it('shows one practitioner’s draft to nobody else', async () => {
    const teacher = await signedIn('teacher@essex.example');
    const draft = await startDraft(teacher);
    const police = await signedIn('police@essex.example');
    expect((await police.get(draft)).statusCode).toBe(404);
    expect((await police.get(`${draft}/strengths`)).statusCode).toBe(404);
    expect((await teacher.get('/')).body).toContain('href="/requests"');
  });
});

describe('a family’s own request', () => {
  const ABOUT = {
    name: 'Jo Smith',
    relationship: 'parent',
    contactBy: 'email',
    email: 'jo.smith@example.com',
    phone: '07700 900982',
    address: '1 High Street',
    postcode: 'cm1 1qh',
    district: 'chelmsford',
    contactNotes: 'Not after 6pm',
  };

  async function family() {
    const client = new TestClient(t.app);
    const start = await client.get('/get-help');
    expect(start.statusCode).toBe(200);
    return client;
  }
  const post = async (client: TestClient, url: string, form: Record<string, string | string[]>) => {
    await client.get(url);
    return client.post(url, form);
  };

  it('starts with the safeguarding message and offers Exit this page on every page', async () => {
    const client = await family();
    const start = await client.get('/get-help');
    expect(start.body).toContain('If a child is in immediate danger, call 999.');
    expect(start.body).toContain('0345 603 7627');
    expect(start.body).toContain('0345 606 1212');
    for (const url of [
      '/get-help',
      '/get-help/about-you',
      '/get-help/children',
      '/get-help/children/add',
      '/get-help/worries',
      '/get-help/what-has-helped',
      '/get-help/sharing',
    ]) {
      const page = await client.get(url);
      expect(page.body, url).toMatch(/<a href="\/get-help\/leave"[^>]*govuk-exit-this-page__button/);
    }
  });

  it('is sent once with a reference and an email, and Exit this page forgets the answers', async () => {
    const client = await family();
    expect((await post(client, '/get-help/about-you', ABOUT)).headers.location).toBe('/get-help/children');
    expect(
      (
        await post(client, '/get-help/children/add', {
          firstName: 'Amy',
          lastName: 'Smith',
          'dateOfBirth-day': '1',
          'dateOfBirth-month': '9',
          'dateOfBirth-year': '2016',
          hasSend: 'no',
        })
      ).statusCode,
    ).toBe(303);
    expect((await post(client, '/get-help/children', {})).headers.location).toBe('/get-help/worries');
    expect(
      (
        await post(client, '/get-help/worries', {
          areas: 'relationships',
          'worry-relationships': 'We argue every night',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await post(client, '/get-help/what-has-helped', { strengths: 'We love walks', tried: 'Nothing yet' }))
        .statusCode,
    ).toBe(303);
    expect((await post(client, '/get-help/sharing', { agree: 'yes', sharing: 'no' })).headers.location).toBe(
      '/get-help/check',
    );
    const check = await client.get('/get-help/check');
    expect(check.body).toContain('Arguments or getting on at home');
    expect(check.body).toContain('We argue every night');
    const before = await count('requests_for_support');
    const sent = await client.post('/get-help/check', {});
    const twice = await client.post('/get-help/check', {});
    expect(sent.headers.location).toBe('/get-help/sent');
    expect(twice.headers.location).toBe('/get-help/sent');
    expect(await count('requests_for_support')).toBe(before + 1);
    const confirmation = await client.get('/get-help/sent');
    const reference = /data-qa="reference">([A-Z0-9 ]+)</.exec(confirmation.body)?.[1];
    expect(reference).toMatch(/^[A-HJ-NP-Z2-9]{4} [A-HJ-NP-Z2-9]{4}$/);
    const email = await t.services.notify.latestTo('jo.smith@example.com');
    expect(email?.subject).toBe(`We have your request for help: ${reference}`);
    expect(email?.body).not.toContain('We argue every night');
    const stored = await t.database.db
      .selectFrom('requests_for_support')
      .selectAll()
      .where('reference', '=', reference!.replace(' ', ''))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      source: 'family',
      requester_email: 'jo.smith@example.com',
      consent_to_request: true,
      consent_to_sharing: false,
      district_code: 'chelmsford',
      priority: 'standard',
    });
    const people = await t.database.db
      .selectFrom('request_people')
      .select(['role', 'first_name', 'postcode'])
      .where('request_id', '=', stored.id)
      .orderBy('position')
      .execute();
    expect(people).toEqual([
      { role: 'child', first_name: 'Amy', postcode: 'CM1 1QH' },
      { role: 'parent-carer', first_name: 'Jo', postcode: 'CM1 1QH' },
    ]);

    // Exit this page: answers are forgotten, so "back" on a shared device shows nothing.
    await post(client, '/get-help/about-you', ABOUT);
    const leave = await client.get('/get-help/leave');
    expect(leave.headers.location).toBe('https://www.bbc.co.uk/weather');
    expect((await client.get('/get-help/about-you')).body).not.toContain('Jo Smith');
  });

  it('explains each problem in plain words and keeps what was typed', async () => {
    const client = await family();
    const empty = await post(client, '/get-help/about-you', {});
    expect(errorSummary(empty.body)).toEqual([
      'Enter your full name',
      'Select how you are related to the children',
      'Select how we should contact you',
      'Enter your address',
      'Enter your postcode',
      'Select the area you live in',
    ]);
    const bad = await post(client, '/get-help/about-you', {
      ...ABOUT,
      name: '<i>Jo</i>',
      email: 'jo@',
      phone: '12',
      postcode: 'SW1A',
    });
    expect(errorSummary(bad.body)).toEqual([
      'Your name must only include letters, spaces, hyphens and apostrophes',
      'Enter an email address in the correct format, like name@example.com',
      'Enter a phone number, like 01632 960 001 or 07700 900 982',
      'Enter a full UK postcode, like CM1 1QH',
    ]);
    expect(bad.body).toContain('value="&lt;i&gt;Jo&lt;/i&gt;"');
    expect(errorSummary((await post(client, '/get-help/children', {})).body)).toEqual(['Add at least one child']);
    expect(errorSummary((await post(client, '/get-help/worries', {})).body)).toEqual([
      'Select at least one thing that is worrying you',
    ]);
    expect(
      errorSummary((await post(client, '/get-help/what-has-helped', { strengths: 'y'.repeat(3001), tried: '' })).body),
    ).toEqual([
      'What is going well must be 3000 characters or fewer',
      'Tell us what you have tried, or write ‘nothing yet’',
    ]);
    expect(errorSummary((await post(client, '/get-help/sharing', { agree: 'no', sharing: 'yes' })).body)).toEqual([
      'We can only look at your request if you agree to us keeping what you have told us. If you would rather talk to someone first, call us',
    ]);
    // Nothing to check yet: the check page sends them to the first unanswered question.
    expect((await client.get('/get-help/check')).headers.location).toBe('/get-help/about-you');
  });

  it('says clearly when the form has expired, and limits how often a request can be sent', async () => {
    const client = await family();
    await client.get('/get-help/about-you');
    const forged = await client.post('/get-help/about-you', { ...ABOUT, _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('This page has expired');
    expect(forged.body).toContain('govuk-exit-this-page');

    await t.database.db.deleteFrom('rate_limits').execute();
    const flood = new TestClient(t.app);
    await flood.get('/get-help/about-you');
    const statuses: number[] = [];
    for (let i = 0; i <= FAMILY_SUBMITS_PER_HOUR; i++)
      statuses.push((await flood.post('/get-help/check', {})).statusCode);
    expect(statuses.slice(0, FAMILY_SUBMITS_PER_HOUR).every((s) => s === 303)).toBe(true);
    const limited = await flood.post('/get-help/check', {});
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('Too many attempts');
  });
});
